"""Benchmarks of the organisation tree at national scale: the import, and the pages over it."""
import collections
import re

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
    write_ini,
    zodb_uri,
)

SCHOOLS = 40000
IMPORT_TIMEOUT = 900
REQUESTS, WARMUP = 300, 20
REGION = "66"
BENCH_LOGIN = "bench-region-operator"


def _orgs_file(ctx):
    """The generated 40,000-school file (written once per run) and its rows."""
    if "orgs_csv" not in ctx:
        from core.orggen import generate
        from core.orgimport import write_rows
        rows = generate(SCHOOLS)
        path = temp_dir(ctx.stack, "orgs") / "orgs-40k.csv"
        write_rows(path, rows)
        ctx["orgs_csv"], ctx["orgs_rows"] = path, rows
    return ctx["orgs_csv"], ctx["orgs_rows"]


def bench_orgs_import(ctx):
    """`oko import-orgs -q` of 40,000 schools into a fresh FileStorage, in a subprocess."""
    path, _ = _orgs_file(ctx)
    db_dir = temp_dir(ctx.stack, "orgs-db")
    ini = write_ini(db_dir / "bench.ini", db_dir)
    wall, rss, out = run_measured([OKO, "-c", str(ini), "import-orgs", "-q", str(path)],
                                  timeout=IMPORT_TIMEOUT, cwd=REPO)
    # The import must really have stored every school, or the figures mean nothing.
    with opened_db(zodb_uri(db_dir)) as db:
        conn = db.open()
        try:
            site = conn.root()["oko"]
            stored = sum(len(muni) for region in site.values() for muni in region.values())
        finally:
            conn.close()
    if stored != SCHOOLS:
        raise BenchError(f"the import stored {stored} schools, not {SCHOOLS}: {out}")
    ctx["orgs_ini"], ctx["orgs_db_dir"] = ini, db_dir
    return {"orgs_import_40k_s": wall, "orgs_import_peak_rss_mb": rss}


def bench_raw_zodb(ctx):
    """The same schools as plain persistent objects in OOBTrees, one commit, in a subprocess."""
    path, _ = _orgs_file(ctx)
    db_dir = temp_dir(ctx.stack, "raw-db")
    wall, rss, out = run_measured([PYTHON, "-m", "tests.bench.raw_zodb", str(path), zodb_uri(db_dir)],
                                  timeout=IMPORT_TIMEOUT, cwd=REPO)
    if out.strip() != str(SCHOOLS):
        raise BenchError(f"the baseline stored {out.strip()} schools, not {SCHOOLS}")
    return {"raw_zodb_40k_s": wall, "raw_zodb_peak_rss_mb": rss}


def _biggest_municipality(rows, region):
    counts = collections.Counter(r[2] for r in rows if r[0] == region)
    code, count = counts.most_common(1)[0]
    return code, count


def _add_operator(ctx):
    """A regional operator of REGION in the imported database, committed before serving."""
    import transaction

    from core.security.users import make_hasher
    from tests.factories import PASSWORD, make_user
    with opened_db(zodb_uri(ctx["orgs_db_dir"])) as db:
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        try:
            with tm:
                make_user(conn.root()["oko"], BENCH_LOGIN, make_hasher("fast"),
                          [("regional_operator", REGION)])
        finally:
            conn.close()
    return BENCH_LOGIN, PASSWORD


def _rows_check(path, expected):
    """Check that the page links to ``expected`` distinct children of ``path`` (one listing page)."""
    child = re.compile(rb'href="(?:https?://[^/"]+)?' + re.escape(path.encode()) + rb'([^"/?#]+)/"')

    def check(body):
        found = len(set(child.findall(body)))
        if found != expected:
            raise BenchError(f"GET {path} listed {found} children, not {expected}")
    return check


def _is_hello(body):
    if body != b"hello":
        raise BenchError(f"hello answered {body[:100]!r}")


def bench_org_pages(ctx):
    """p95 of the region page, of its biggest municipality's page and of a bare "hello" view.

    The baseline is a bare Pyramid view answering "hello" (no tm, no ZODB, no
    session), served by waitress and asked the same way, in alternating blocks
    with the pages so that all three see the same machine.
    """
    if "orgs_ini" not in ctx:
        raise BenchError("needs the database of bench_orgs_import")
    _, rows = _orgs_file(ctx)
    login, password = _add_operator(ctx)
    muni, schools = _biggest_municipality(rows, REGION)
    munis = len({r[2] for r in rows if r[0] == REGION})
    region_path, muni_path = f"/{REGION}/", f"/{REGION}/{muni}/"
    with Server("oko", ctx["orgs_ini"]) as server, Server("hello") as hello_server:
        client, hello_client = Client(server.port), Client(hello_server.port)
        try:
            client.login(login, password)
            region, municipality, hello = interleaved_latency(
                [(client, region_path, _rows_check(region_path, min(munis, 25))),
                 (client, muni_path, _rows_check(muni_path, min(schools, 25))),
                 (hello_client, "/", _is_hello)], REQUESTS, WARMUP)
        except BenchError as exc:
            raise BenchError(f"{exc}\nserver log:\n{server.log()}") from None
        finally:
            client.close()
            hello_client.close()
    return {"hello_p95_ms": percentile(hello, 95), "hello_p50_ms": percentile(hello, 50),
            "region_page_p95_ms": percentile(region, 95),
            "region_page_p50_ms": percentile(region, 50),
            "municipality_page_p95_ms": percentile(municipality, 95),
            "municipality_page_p50_ms": percentile(municipality, 50),
            "municipality_page_schools": schools}


bench_org_pages.requires = (bench_orgs_import,)
