"""Benchmarks of the results base at national scale: a national year of results (40,000 schools × 10 procedures'
results = 400,000 rows) imported by `oko import-results`, then a school's passport and the region's results page
over five years of region 66's results."""
import csv
import random

from tests.bench.orgs import (
    BENCH_LOGIN,
    REGION,
    _add_operator,
    _biggest_municipality,
    _is_hello,
    _orgs_file,
    bench_orgs_import,
)
from tests.bench.support import (
    OKO,
    REPO,
    BenchError,
    Client,
    Server,
    interleaved_latency,
    opened_db,
    percentile,
    run_measured,
    temp_dir,
    zodb_uri,
)

YEAR = 2025
HISTORY = (2021, 2022, 2023, 2024)
IMPORT_TIMEOUT = 1200
REQUESTS, WARMUP = 300, 20
HEADER = ["Код ОО", "Процедура", "Предмет", "Класс", "Год", "Число участников", "Средний балл", "Доля «2», %",
          "Доля «3», %", "Доля «4», %", "Доля «5», %"]
# Ten results a school a year: ВПР in grades 4–6, ОГЭ and ЕГЭ.
PROCEDURES = [("ВПР", "Математика", 4), ("ВПР", "Русский язык", 4), ("ВПР", "Окружающий мир", 4),
              ("ВПР", "Математика", 5), ("ВПР", "Русский язык", 5), ("ВПР", "Математика", 6),
              ("ВПР", "Русский язык", 6), ("ОГЭ", "Математика", 9), ("ОГЭ", "Русский язык", 9),
              ("ЕГЭ", "Русский язык", 11)]


def _write(path, schools, years, seed):
    """A results file of ``schools`` (org rows) in ``years``: ten results a school a year."""
    rnd = random.Random(seed)
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(HEADER)
        for school in schools:
            level = rnd.uniform(-8, 8)
            for k, year in enumerate(years):
                for procedure, subject, grade in PROCEDURES:
                    low = max(0.0, min(60.0, round(15 - level - 0.8 * k + rnd.gauss(0, 3), 1)))
                    high = max(0.0, min(100.0 - low, round(15 + level + rnd.gauss(0, 3), 1)))
                    base = round((100 - low - high) * 0.55, 1)
                    above = round(100 - low - high - base, 1)
                    mean = f"{min(100.0, max(0.0, 62 + level + rnd.gauss(0, 4))):.1f}" if procedure == "ЕГЭ" else ""
                    writer.writerow((school[4], procedure, subject, grade, year, rnd.randint(8, 60), mean,
                                     low, base, above, high))
                    count += 1
    return count


def _stored(uri):
    """How many results the regions' results bases hold, and REGION's years."""
    with opened_db(uri) as db:
        conn = db.open()
        try:
            banks = conn.root()["oko"].services["results"]
            total = sum(len(r.rows) for bank in banks.values() for r in bank.schools.values())
            years = sorted({y for (_, y) in banks[REGION].scope("").pooled}) if REGION in banks else []
        finally:
            conn.close()
    return total, years


def bench_results_import(ctx):
    """`oko import-results` of a national year (40,000 schools × 10 results) into the 40,000-school database."""
    if "orgs_ini" not in ctx:
        raise BenchError("needs the database of bench_orgs_import")
    _, schools = _orgs_file(ctx)
    folder = temp_dir(ctx.stack, "results")
    national = folder / "results-national.csv"
    rows = _write(national, schools, (YEAR,), 2025)
    wall, rss, out = run_measured([OKO, "-c", str(ctx["orgs_ini"]), "import-results", "-q", str(national)],
                                  timeout=IMPORT_TIMEOUT, cwd=REPO)
    total, _ = _stored(zodb_uri(ctx["orgs_db_dir"]))
    if total != rows:
        raise BenchError(f"the import stored {total} results, not {rows}: {out}")
    # NB: the region's earlier four years, for the pages' dynamics (not timed).
    history = folder / "results-66-history.csv"
    _write(history, [s for s in schools if s[0] == REGION], HISTORY, 2021)
    run_measured([OKO, "-c", str(ctx["orgs_ini"]), "import-results", "-q", str(history), "--at", f"/{REGION}"],
                 timeout=IMPORT_TIMEOUT, cwd=REPO)
    again, again_rss, out = run_measured([OKO, "-c", str(ctx["orgs_ini"]), "import-results", "-q", str(national)],
                                         timeout=IMPORT_TIMEOUT, cwd=REPO)
    if "Изменений нет" not in out:
        raise BenchError(f"the same national file a second time changed something: {out}")
    _, years = _stored(zodb_uri(ctx["orgs_db_dir"]))
    if years != [*HISTORY, YEAR]:
        raise BenchError(f"region {REGION} holds the years {years}")
    ctx["results_loaded"] = True
    return {"results_import_400k_rows_s": wall, "results_import_peak_rss_mb": rss, "results_import_rows": rows,
            "results_reimport_unchanged_s": again}


bench_results_import.requires = (bench_orgs_import,)


def _has(marker):
    def check(body):
        if marker not in body:
            raise BenchError(f"the page lacks {marker!r}: {body[:300]!r}")
    return check


def bench_results_pages(ctx):
    """p95 of a school's passport (five years of results, its staff) and of the region's results page, beside
    a bare "hello" view."""
    if not ctx.get("results_loaded"):
        raise BenchError("needs the results of bench_results_import")
    _, rows = _orgs_file(ctx)
    login, password = _add_operator(ctx)
    if login != BENCH_LOGIN:
        raise BenchError("the bench operator is not the one expected")
    muni, _ = _biggest_municipality(rows, REGION)
    school = next(r for r in rows if r[0] == REGION and r[2] == muni)[4]
    passport = f"/{REGION}/{muni}/{school}/@@passport"
    region = f"/{REGION}/@@results"
    municipality = f"/{REGION}/{muni}/@@results"
    with Server("oko", ctx["orgs_ini"]) as server, Server("hello") as hello_server:
        client, hello_client = Client(server.port), Client(hello_server.port)
        try:
            client.login(login, password)
            samples = interleaved_latency(
                [(client, passport, _has('id="indicator-vpr_base"'.encode())),
                 (client, region, _has('id="below-table"'.encode())),
                 (client, municipality, _has('id="below-table"'.encode())),
                 (hello_client, "/", _is_hello)], REQUESTS, WARMUP)
        except BenchError as exc:
            raise BenchError(f"{exc}\nserver log:\n{server.log()}") from None
        finally:
            client.close()
            hello_client.close()
    passport_ms, region_ms, municipality_ms, hello_ms = samples
    return {"passport_page_p95_ms": percentile(passport_ms, 95), "passport_page_p50_ms": percentile(passport_ms, 50),
            "indicators_region_results_p95_ms": percentile(region_ms, 95),
            "indicators_region_results_p50_ms": percentile(region_ms, 50),
            "indicators_municipality_results_p95_ms": percentile(municipality_ms, 95),
            "results_hello_p95_ms": percentile(hello_ms, 95)}


bench_results_pages.requires = (bench_results_import,)
