"""What the national load showed (issue 21, point 6): «Мои задачи» of a curator of many schools, long histories.

``bench_tasks_grants``: a curator of 4,000 schools (4,000 grants) asks for
their tasks, against a curator of one school in the same database and run.
``bench_long_history``: the bytes one transition commits on a document with
5,000 history entries, against one on a new document, in the same database.
"""
import contextlib
import time

import transaction

from tests.bench.support import BenchError, opened_db, percentile, temp_dir, zodb_uri

REGION = "66"
MUNIS, SCHOOLS_PER_MUNI = 40, 100          # 4,000 schools
AWAITING_EVERY = 10                        # one school in ten has a document awaiting its curator
TASK_QUERIES, TASK_WARMUP = 200, 20
LONG_HISTORY = 5000
WORKER, CURATOR, CURATOR_ONE = "bench-head", "bench-curator-4000", "bench-curator-1"
CURATOR_REGION = "bench-curator-region"     # one grant, on the region: the same tasks as the curator of 4,000


@contextlib.contextmanager
def _site(ctx, name):
    """A new site in a database of its own, in a connection with a transaction manager of its own."""
    from core.bootstrap import bootstrap
    from core.plugins import Host, make_plugin_manager
    with opened_db(zodb_uri(temp_dir(ctx.stack, name))) as db:
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        try:
            tm.begin()
            site = bootstrap(conn.root())
            tm.commit()
            yield site, Host(make_plugin_manager()), tm, db
        finally:
            tm.abort()
            conn.close()


def _schools(site):
    from core.resources import Municipality, Region, School
    region = site.add(REGION, Region(REGION, "Свердловская область"))
    paths = []
    for m in range(1, MUNIS + 1):
        muni = region.add(f"m{m}", Municipality(f"m{m}", f"Муниципалитет {m}"))
        for s in range(1, SCHOOLS_PER_MUNI + 1):
            muni.add(f"s{s}", School(f"66-{m}-{s}", f"Школа № {s} ({m})", "urban"))
            paths.append(f"{REGION}/m{m}/s{s}")
    return paths


def _submitted_document(host, site, path, name="doc"):
    from core.cases import fire
    from tests.factories import make_document
    doc = make_document(host, site, path, name=name, actor=WORKER)
    fire(host, doc, "submit", WORKER)
    return doc


def bench_tasks_grants(ctx):
    """p95 of «Мои задачи» of a curator of 4,000 schools, against a curator of one, same database."""
    from core.security.users import make_hasher
    from core.tasks import tasks_of
    from tests.factories import make_user
    hasher = make_hasher("fast")
    with _site(ctx, "tasks") as (site, host, tm, _):
        paths = _schools(site)
        make_user(site, WORKER, hasher, [("school_head", REGION)])
        many = make_user(site, CURATOR, hasher, [("curator", path) for path in paths])
        one = make_user(site, CURATOR_ONE, hasher, [("curator", paths[0])])
        whole = make_user(site, CURATOR_REGION, hasher, [("curator", REGION)])
        tm.commit()
        for n, path in enumerate(paths[::AWAITING_EVERY]):
            _submitted_document(host, site, path)
            if n % 100 == 99:
                tm.commit()
        tm.commit()
        if len(many.grants) != len(paths):
            raise BenchError(f"the curator holds {len(many.grants)} grants, not {len(paths)}")
        samples = {CURATOR: [], CURATOR_ONE: [], CURATOR_REGION: []}
        expected = {CURATOR: min(200, len(paths[::AWAITING_EVERY])), CURATOR_ONE: 1,
                    CURATOR_REGION: min(200, len(paths[::AWAITING_EVERY]))}
        for i in range(TASK_WARMUP + TASK_QUERIES):
            for user in (many, one, whole):
                start = time.perf_counter()
                found = tasks_of(site, host, user)
                elapsed = time.perf_counter() - start
                if len(found) != expected[user.login]:
                    raise BenchError(f"{user.login} has {len(found)} tasks, not {expected[user.login]}")
                if i >= TASK_WARMUP:
                    samples[user.login].append(elapsed * 1000)
    return {"tasks_4000_grants_p95_ms": percentile(samples[CURATOR], 95),
            "tasks_4000_grants_p50_ms": percentile(samples[CURATOR], 50),
            "tasks_1_grant_p95_ms": percentile(samples[CURATOR_ONE], 95),
            # NB: the same 200 tasks (the page's limit) from one grant on the region: what grants add is the difference.
            "tasks_region_grant_p95_ms": percentile(samples[CURATOR_REGION], 95)}


def _committed_bytes(storage, after):
    from ZODB.utils import p64, u64
    return sum(len(r.data or b"") for txn in storage.iterator(p64(u64(after) + 1)) for r in txn)


def _one_transition_bytes(host, doc, tm, storage):
    """The bytes the commit of one return (and then of one submit) writes on ``doc``, on average."""
    from core.cases import fire
    sizes = []
    for name, actor, comment in (("return", CURATOR, "Уточните"), ("submit", WORKER, "")):
        tm.commit()
        before = storage.lastTransaction()
        fire(host, doc, name, actor, comment)
        tm.commit()
        sizes.append(_committed_bytes(storage, before))
    return sum(sizes) / len(sizes)


def bench_long_history(ctx):
    """Bytes one transition commits on a document with 5,000 history entries, against a new document."""
    from core.cases import fire
    from core.resources import Municipality, Region, School
    from core.security.users import make_hasher
    from tests.factories import make_user
    hasher = make_hasher("fast")
    with _site(ctx, "history") as (site, host, tm, db):
        region = site.add(REGION, Region(REGION, "Свердловская область"))
        region.add("m1", Municipality("m1", "Муниципалитет 1")).add("s1", School("66-1-1", "Школа № 1", "urban"))
        make_user(site, WORKER, hasher, [("school_head", REGION)])
        make_user(site, CURATOR, hasher, [("curator", REGION)])
        tm.commit()
        long_doc = _submitted_document(host, site, f"{REGION}/m1/s1", "long")
        new_doc = _submitted_document(host, site, f"{REGION}/m1/s1", "new")
        tm.commit()
        start = time.perf_counter()
        while len(long_doc.history) < LONG_HISTORY:
            fire(host, long_doc, "return", CURATOR, "Уточните")
            fire(host, long_doc, "submit", WORKER)
            if len(long_doc.history) % 500 == 0:
                tm.commit()
        build_s = time.perf_counter() - start
        tm.commit()
        long_bytes = _one_transition_bytes(host, long_doc, tm, db.storage)
        new_bytes = _one_transition_bytes(host, new_doc, tm, db.storage)
        entries = len(long_doc.history)
    if entries < LONG_HISTORY:
        raise BenchError(f"the history holds {entries} entries, not {LONG_HISTORY}")
    return {"transition_bytes_long_history": long_bytes, "transition_bytes_new_document": new_bytes,
            "long_history_entries": entries, "long_history_build_s": build_s}
