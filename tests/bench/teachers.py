"""Benchmarks of teacher attestation at national scale: the import of a million teachers (the file
school by school, and the same file shuffled), and "overdue in the region" for a region of 60,000
teachers, as its page and its API answer it.

``python -m tests.bench.teachers raw FILE URI`` is the baseline: the same rows
stored as plain persistent objects in OOBTrees, batched commits, nothing else.
"""
import csv
import datetime
import json
import random
import re
import shutil
import sys
import time

from persistent import Persistent

from core.teachers.pages.region import PAGE_SIZE
from tests.bench.orgs import _add_operator, _is_hello, bench_orgs_import
from tests.bench.support import (
    OKO,
    PYTHON,
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

TEACHERS = 1_000_000
REGION, REGION_TEACHERS = "66", 60_000
IMPORT_TIMEOUT = 1800
QUERIES, WARMUP = 300, 20
PER_PAGE = 50
POSTS = ("primary_teacher", "subject_teacher", "subject_teacher", "subject_teacher", "educator", "psychologist")
CATEGORIES = ("position", "first", "first", "highest", "methodologist", "mentor")
SURNAMES = ("Иванова", "Петров", "Сидорова", "Кузнецов", "Смирнова", "Попов", "Васильева", "Соколов", "Морозова")
NAMES = ("Анна", "Пётр", "Мария", "Иван", "Ольга", "Сергей", "Елена", "Дмитрий", "Наталья", "Андрей")
PATRONYMICS = ("Ивановна", "Петрович", "Сергеевна", "Андреевич", "Николаевна", "Олегович")


def _teacher_file(ctx, schools):
    """The generated million-teacher CSV (once per run): REGION_TEACHERS in REGION, the rest elsewhere."""
    if "teachers_csv" in ctx:
        return ctx["teachers_csv"]
    rnd = random.Random(2026)
    in_region = [s for s in schools if s[0] == REGION]
    others = [s for s in schools if s[0] != REGION]
    today = datetime.date.today()
    path = temp_dir(ctx.stack, "teachers") / "teachers-1m.csv"
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(("school_code", "full_name", "post", "category", "planned_date"))
        for group, total in ((in_region, REGION_TEACHERS), (others, TEACHERS - REGION_TEACHERS)):
            # NB: school by school, as the lists of a region's schools are put together.
            for k, school in enumerate(group):
                for n in range(total * k // len(group), total * (k + 1) // len(group)):
                    # NB: the number makes every name unique in its school, as real names nearly are.
                    name = f"{rnd.choice(SURNAMES)} {rnd.choice(NAMES)} {rnd.choice(PATRONYMICS)} {n + 1}"
                    # NB: a teacher planned within 20 days is overdue for the officer's step today.
                    planned = today + datetime.timedelta(days=1 + rnd.randrange(264))
                    writer.writerow((school[4], name, rnd.choice(POSTS), rnd.choice(CATEGORIES), planned.isoformat()))
    ctx["teachers_csv"] = path
    return path


def _stored(uri):
    """How many dossiers the regions' deadline indexes count, and REGION's share."""
    with opened_db(uri) as db:
        conn = db.open()
        try:
            regions = conn.root()["oko"].services["teacher_deadlines"]
            counts = {code: sum(c() for c in index.steps.values()) for code, index in regions.items()}
        finally:
            conn.close()
    return sum(counts.values()), counts.get(REGION, 0)


def bench_teachers_import(ctx):
    """`oko import-teachers -q` of 1,000,000 teachers into the 40,000-school database, in a subprocess."""
    from tests.bench.orgs import _orgs_file
    if "orgs_ini" not in ctx:
        raise BenchError("needs the database of bench_orgs_import")
    _, schools = _orgs_file(ctx)
    path = _teacher_file(ctx, schools)
    # The schools without teachers, for the import of the shuffled file.
    pristine = ctx["teachers_pristine_db"] = temp_dir(ctx.stack, "teachers-pristine")
    shutil.copytree(ctx["orgs_db_dir"], pristine, dirs_exist_ok=True)
    before = _db_mb(pristine)
    wall, rss, out = run_measured([OKO, "-c", str(ctx["orgs_ini"]), "import-teachers", "-q", str(path)],
                                  timeout=IMPORT_TIMEOUT, cwd=REPO)
    total, region = _stored(zodb_uri(ctx["orgs_db_dir"]))
    if total != TEACHERS or region != REGION_TEACHERS:
        raise BenchError(f"the import stored {total} teachers ({region} in {REGION}): {out}")
    raw_dir = temp_dir(ctx.stack, "teachers-raw")
    raw_wall, raw_rss, raw_out = run_measured(
        [PYTHON, "-m", "tests.bench.teachers", "raw", str(path), zodb_uri(raw_dir)], timeout=IMPORT_TIMEOUT, cwd=REPO)
    if raw_out.strip() != str(TEACHERS):
        raise BenchError(f"the baseline stored {raw_out.strip()} teachers")
    return {"teachers_import_1m_s": wall, "teachers_import_peak_rss_mb": rss,
            "teachers_import_written_mb": _db_mb(ctx["orgs_db_dir"]) - before,
            "teachers_raw_zodb_1m_s": raw_wall, "teachers_raw_zodb_peak_rss_mb": raw_rss,
            "teachers_raw_zodb_written_mb": _db_mb(raw_dir)}


def _db_mb(db_dir):
    """The size of the FileStorage in ``db_dir``, in MB."""
    return (db_dir / "Data.fs").stat().st_size / 2**20


def bench_teachers_import_shuffled(ctx):
    """`oko import-teachers -q` of the same million teachers, the file shuffled, into the same schools."""
    from tests.bench.support import write_ini
    if "teachers_pristine_db" not in ctx:
        raise BenchError("needs the file and the schools' database of bench_teachers_import")
    path = ctx["teachers_csv"]
    shuffled = path.with_name("teachers-1m-shuffled.csv")
    with open(path, encoding="utf-8") as f:
        header, *lines = f.readlines()
    random.Random(11).shuffle(lines)
    with open(shuffled, "w", encoding="utf-8") as out:
        out.write(header)
        out.writelines(lines)
    del lines
    db_dir = ctx["teachers_pristine_db"]
    before = _db_mb(db_dir)
    ini = write_ini(db_dir / "bench.ini", db_dir)
    wall, rss, out = run_measured([OKO, "-c", str(ini), "import-teachers", "-q", str(shuffled)],
                                  timeout=IMPORT_TIMEOUT, cwd=REPO)
    total, region = _stored(zodb_uri(db_dir))
    if total != TEACHERS or region != REGION_TEACHERS:
        raise BenchError(f"the shuffled import stored {total} teachers ({region} in {REGION}): {out}")
    return {"teachers_import_1m_shuffled_s": wall, "teachers_import_shuffled_peak_rss_mb": rss,
            "teachers_import_shuffled_written_mb": _db_mb(db_dir) - before}


def _api_check(body):
    found = json.loads(body)
    if found["total"] < PER_PAGE or len(found["teachers"]) != PER_PAGE:
        raise BenchError(f"the overdue API answered {found['total']} overdue, {len(found['teachers'])} rows")


def _page_check(body):
    total = re.search(rb'id="overdue-total">(\d+)<', body)
    rows = body.count(b'<td class="overdue">')
    # NB: a full first page of the region's overdue list (core.teachers.pages.region.PAGE_SIZE rows).
    if total is None or int(total.group(1)) < PAGE_SIZE or rows != PAGE_SIZE:
        raise BenchError(f"the overdue page showed {total and total.group(1)} overdue, {rows} rows")


def bench_teachers_overdue_pages(ctx):
    """p95 of the region's overdue page and API (REGION's 60,000 teachers) and of a bare "hello" view.

    Served by waitress from the imported database to a regional operator,
    asked in alternating blocks with the baseline so that all see the same
    machine (as ``bench_org_pages``); the API's first page of PER_PAGE rows.
    """
    if "orgs_ini" not in ctx:
        raise BenchError("needs the database of bench_teachers_import")
    login, password = _add_operator(ctx)
    page, api = f"/{REGION}/@@teachers", f"/api/v1/tree/{REGION}/@@teachers-overdue?per_page={PER_PAGE}"
    with Server("oko", ctx["orgs_ini"]) as server, Server("hello") as hello_server:
        client, hello_client = Client(server.port), Client(hello_server.port)
        try:
            client.login(login, password)
            pages, apis, hello = interleaved_latency(
                [(client, page, _page_check), (client, api, _api_check), (hello_client, "/", _is_hello)],
                QUERIES, WARMUP)
        except BenchError as exc:
            raise BenchError(f"{exc}\nserver log:\n{server.log()}") from None
        finally:
            client.close()
            hello_client.close()
    return {"overdue_region_p95_ms": percentile(pages, 95), "overdue_region_p50_ms": percentile(pages, 50),
            "overdue_region_api_p95_ms": percentile(apis, 95), "overdue_region_api_p50_ms": percentile(apis, 50),
            "overdue_hello_p95_ms": percentile(hello, 95)}


def bench_teachers_overdue_query(ctx):
    """p95 of the domain query "overdue teachers in the region" (count, by step, first 50 rows) for REGION.

    Asked in-process on the imported FileStorage, warm cache, each query for
    another day (so 0 to all 60,000 dossiers are overdue), the rows resolved to
    dossiers as the page shows them; and the same for one of its municipalities
    at a time, as their coordinators' pages ask it.
    """
    from core.resources import path_of
    from core.teachers.dashboard import overdue_page
    from core.teachers.deadlines import region_index
    if "orgs_db_dir" not in ctx:
        raise BenchError("needs the database of bench_teachers_import")
    today = datetime.date.today()
    days = [today + datetime.timedelta(days=d) for d in range(0, 300)]
    rnd = random.Random(7)
    timings, totals, muni_timings = [], [], []
    with opened_db(zodb_uri(ctx["orgs_db_dir"])) as db:
        conn = db.open()
        try:
            site = conn.root()["oko"]
            munis = sorted(region_index(site, REGION).by_municipality.keys())
            for n in range(WARMUP + QUERIES):
                day, muni = rnd.choice(days), rnd.choice(munis)
                start = time.perf_counter()
                found = overdue_page(site[REGION], day, 0, 50)
                elapsed = (time.perf_counter() - start) * 1000
                start = time.perf_counter()
                mine = overdue_page(site[REGION], day, 0, 50, under=muni)
                muni_elapsed = (time.perf_counter() - start) * 1000
                if n >= WARMUP:
                    timings.append(elapsed)
                    muni_timings.append(muni_elapsed)
                    totals.append(found["total"])
                for result in (found, mine):
                    if len(result["rows"]) != min(50, result["total"]):
                        raise BenchError(f"{result['total']} overdue but {len(result['rows'])} rows")
                if any(not path_of(d).startswith(muni + "/") for d in mine["rows"]):
                    raise BenchError(f"a dossier outside {muni} among its overdue")
        finally:
            conn.close()
    if max(totals) < REGION_TEACHERS // 2:
        raise BenchError(f"the queries never saw most of the region overdue (max {max(totals)})")
    return {"overdue_query_p95_ms": percentile(timings, 95), "overdue_query_p50_ms": percentile(timings, 50),
            "overdue_query_max_overdue": max(totals),
            "overdue_municipality_query_p95_ms": percentile(muni_timings, 95),
            "overdue_municipality_query_p50_ms": percentile(muni_timings, 50)}


bench_teachers_import.requires = (bench_orgs_import,)
bench_teachers_overdue_pages.requires = (bench_teachers_import,)
bench_teachers_overdue_query.requires = (bench_teachers_import,)
bench_teachers_import_shuffled.requires = (bench_teachers_import,)


class Teacher(Persistent):
    """The baseline's teacher: the file's four values, nothing else."""

    def __init__(self, name, post, category, planned):
        self.name, self.post, self.category, self.planned = name, post, category, planned


def _raw(path, uri):
    """The baseline: each row a plain persistent object in its school's OOBTree, batched commits."""
    import transaction
    from BTrees.OOBTree import OOBTree

    with opened_db(uri) as db:
        conn = db.open()
        root = conn.root()
        schools = root["schools"] = OOBTree()
        n = 0
        with open(path, encoding="utf-8") as f:
            reader = csv.reader(f)
            next(reader)
            for code, name, post, category, planned in reader:
                school = schools.get(code)
                if school is None:
                    school = schools[code] = OOBTree()
                school[name] = Teacher(name, post, category, datetime.date.fromisoformat(planned))
                n += 1
                if n % 20000 == 0:
                    transaction.commit()
                    conn.cacheMinimize()
        transaction.commit()
        conn.close()
    print(n)


if __name__ == "__main__":
    if sys.argv[1:2] == ["raw"]:
        _raw(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: python -m tests.bench.teachers raw FILE URI")
