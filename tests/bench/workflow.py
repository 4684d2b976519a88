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


WRITE_ROUNDS, WRITE_PAIRS = 5, 20


def _served_in_thread(app_for):
    """A waitress server (development.ini's settings) of ``app_for(public_url)`` in a thread; ``(server, port)``."""
    import threading

    from waitress import create_server

    from tests.bench.serve import server_settings
    served = []
    server = create_server(lambda environ, start: served[0](environ, start), host="127.0.0.1", port=0,
                           **server_settings())
    served.append(app_for(f"http://127.0.0.1:{server.effective_port}"))
    threading.Thread(target=server.run, daemon=True).start()
    return server, served[0]


def bench_write_path(ctx):
    """One client's transitions over HTTP against the same transitions in-process: one process, one storage.

    The server (waitress in a thread, development.ini's settings) and the
    in-process ``fire`` share one FileStorage, so both pay the same commit
    and the same fsync; they take turns in rounds, so a busy moment of the
    shared machine falls on both. Each rate is the median of its rounds.
    """
    import importlib
    import json
    import statistics

    from core.bootstrap import bootstrap
    from core.cases import fire
    from core.plugins import Host, make_plugin_manager
    from core.resources import Municipality, Region, School, traverse_path
    from core.security.users import make_hasher
    from tests.bench.serve import oko_app
    from tests.bench.support import Client, write_ini
    from tests.factories import PASSWORD, make_user
    hasher = make_hasher("fast")
    db_dir = temp_dir(ctx.stack, "write-path")
    with opened_db(zodb_uri(db_dir)) as db:
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        tm.begin()
        site, host = bootstrap(conn.root()), Host(make_plugin_manager())
        region = site.add(REGION, Region(REGION, "Свердловская область"))
        region.add("m1", Municipality("m1", "Муниципалитет 1")).add("s1", School("66-1-1", "Школа № 1", "urban"))
        make_user(site, WORKER, hasher, [("school_head", REGION)])
        make_user(site, CURATOR, hasher, [("curator", REGION)])
        _submitted_document(host, site, f"{REGION}/m1/s1", "inprocess")
        _submitted_document(host, site, f"{REGION}/m1/s1", "http")
        tm.commit()
        conn.close()
    ini = db_dir / "bench.ini"
    write_ini(ini, db_dir)
    server, app = _served_in_thread(lambda url: oko_app(str(ini), url))
    # NB: the time FileStorage spends in fsync, counted: on a shared disk one fsync took from 0.5 to 25 ms
    # within a minute, so the rates are also given without it (what the code costs).
    # (the package's name FileStorage is the class; the module is looked up by its full name)
    filestorage = importlib.import_module("ZODB.FileStorage.FileStorage")
    real_fsync, fsync_s = filestorage.fsync, [0.0]

    def counted_fsync(fd):
        start = time.perf_counter()
        real_fsync(fd)
        fsync_s[0] += time.perf_counter() - start
    filestorage.fsync = counted_fsync
    try:
        db = app.registry._zodb_databases[""]
        clients = {}
        for login in (CURATOR, WORKER):
            client = Client(server.effective_port)
            client.login(login, PASSWORD)
            status, _, body, _ = client.request("GET", "/api/v1/session")
            if status != 200:
                raise BenchError(f"GET /api/v1/session answered {status}")
            clients[login] = (client, json.loads(body)["csrf_token"])
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        tm.begin()
        doc = traverse_path(conn.root()["oko"], f"/{REGION}/m1/s1/inprocess")
        host = app.registry.oko

        def in_process():
            for _ in range(WRITE_PAIRS):
                fire(host, doc, "return", CURATOR, "Уточните")
                tm.commit()
                fire(host, doc, "submit", WORKER)
                tm.commit()

        def over_http():
            for _ in range(WRITE_PAIRS):
                for login, body in ((CURATOR, {"transition": "return", "comment": "Уточните"}),
                                    (WORKER, {"transition": "submit"})):
                    client, token = clients[login]
                    status, _, answer, _ = client.request(
                        "POST", f"/api/v1/tree/{REGION}/m1/s1/http/@@transitions", body=json.dumps(body),
                        headers={"Content-Type": "application/json", "X-CSRF-Token": token})
                    if status != 200:
                        raise BenchError(f"{login} {body['transition']} answered {status}: {answer[:300]!r}")

        def measured(run):
            """``(transitions per second, fsync ms per transition)`` of one round of ``run``."""
            synced, start = fsync_s[0], time.perf_counter()
            run()
            elapsed, synced = time.perf_counter() - start, fsync_s[0] - synced
            return 2 * WRITE_PAIRS / elapsed, synced * 1000 / (2 * WRITE_PAIRS), 2 * WRITE_PAIRS / (elapsed - synced)

        in_process(), over_http()      # NB: warm: code, caches, connections
        rounds = {"in": [], "http": []}
        for _ in range(WRITE_ROUNDS):
            rounds["in"].append(measured(in_process))
            rounds["http"].append(measured(over_http))
        tm.abort()
        conn.close()
        for client, _ in clients.values():
            client.close()
    finally:
        filestorage.fsync = real_fsync
        server.task_dispatcher.shutdown()
        server.close()
    inside, http = ([statistics.median(r[i] for r in rounds[side]) for i in range(3)] for side in ("in", "http"))
    return {"write_path_inprocess_per_s": inside[0], "write_path_http_per_s": http[0],
            "write_path_http_ratio_same_storage": http[0] / inside[0],
            "write_path_inprocess_fsync_ms": inside[1], "write_path_http_fsync_ms": http[1],
            "write_path_http_ratio_without_fsync": http[2] / inside[2]}
