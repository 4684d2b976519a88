"""The write path (issue 21, point 5): one client's workflow transitions over the API against the same in-process.

A curator returns a 500+ concept document awaiting them and its school's
head submits it again: ``POST /api/v1/tree/<path>/@@transitions`` twice,
against ``core.cases.fire`` and a commit each, on other documents of the
same database. ``measure`` is shared by ``bench_write_path`` (a region of
its own, built in seconds: run it alone with ``-k bench_write_path``) and
``bench_load`` (the national database, after its mix).

How it is measured, and why:

- One storage, one process: the server (waitress with development.ini's
  settings) runs in a thread of this process on the very ``DB`` the
  in-process side writes with, so both pay the same commit and the same
  ``fsync``; the client is a process of its own (``tests.bench.oneclient``),
  so it never takes the interpreter lock from the server.
- Rounds, taking turns: on the shared disk one ``fsync`` took from 0.3 to
  25 ms within a minute, and each side pays one a transition, so the two
  sides alternate in rounds and each figure is the median of its rounds; a
  busy moment falls on both. The ratio still moves with the disk: a slow
  ``fsync`` (3 to 5 ms) hides what the code costs (0.7 to 0.8), a fast one
  (0.3 ms) shows it (0.26 in alternating rounds before development.ini's
  ``send_bytes``, 0.43 after). ``..._ratio_without_fsync`` is that cost alone.
- The time ``fsync`` took is counted apart on each side (both go through
  FileStorage's ``fsync`` in this process), and so is the CPU: the
  process's own on each side (on the HTTP side that is the server's: the
  main thread only waits for the client), and the client's.
"""
import contextlib
import importlib
import json
import statistics
import subprocess
import threading
import time

import transaction

from tests.bench.support import PYTHON, REPO, BenchError

# NB: 5 rounds of 40 transitions left ratios from 0.57 to 1.12 in three runs of a minute on the shared disk.
ROUNDS = 15
DOCS_PER_ROUND = 20          # each side, each round: as many returns and submits (40 transitions)
WARM_DOCS = 5                # each side, first: code, caches, connections warm, not counted
RETURN_COMMENT = "Уточните сроки"


def docs_needed(rounds=ROUNDS, per_round=DOCS_PER_ROUND, warm=WARM_DOCS):
    """How many documents awaiting their curator ``measure`` uses."""
    return 2 * (warm + rounds * per_round)


def served_in_thread(app_for):
    """A waitress server (development.ini's settings) of ``app_for(public_url)`` in a thread; ``(server, app)``."""
    from waitress import create_server

    from tests.bench.serve import server_settings
    served = []
    server = create_server(lambda environ, start: served[0](environ, start), host="127.0.0.1", port=0,
                           **server_settings())
    served.append(app_for(f"http://127.0.0.1:{server.effective_port}"))
    threading.Thread(target=server.run, daemon=True).start()
    return server, served[0]


@contextlib.contextmanager
def counted_fsync():
    """FileStorage's ``fsync`` timed while the block runs: yields a list whose one item is the seconds so far."""
    # NB: the package's name FileStorage is the class; the module is looked up by its full name.
    filestorage = importlib.import_module("ZODB.FileStorage.FileStorage")
    real, spent = filestorage.fsync, [0.0]

    def timed(fd):
        start = time.perf_counter()
        real(fd)
        spent[0] += time.perf_counter() - start
    filestorage.fsync = timed
    try:
        yield spent
    finally:
        filestorage.fsync = real


def session_headers(port, login):
    """A logged-in client's ``Cookie`` and ``X-CSRF-Token`` headers (for the API's writes)."""
    from tests.bench.support import Client
    from tests.factories import PASSWORD
    client = Client(port)
    try:
        client.login(login, PASSWORD)
        status, _, body, _ = client.request("GET", "/api/v1/session")
        if status != 200:
            raise BenchError(f"GET /api/v1/session answered {status}")
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items()),
                "X-CSRF-Token": json.loads(body)["csrf_token"]}
    finally:
        client.close()


def _over_http(port, profiles, paths):
    """``(wall s, client CPU s)`` of the client's return and submit of each of ``paths``, in a process of its own."""
    requests = [["POST", f"/api/v1/tree{path}/@@transitions", body, who]
                for path in paths
                for who, body in ((0, {"transition": "return", "comment": RETURN_COMMENT}),
                                  (1, {"transition": "submit"}))]
    done = subprocess.run([PYTHON, "-m", "tests.bench.oneclient"], capture_output=True, text=True, cwd=REPO,
                          input=json.dumps({"port": port, "profiles": profiles, "requests": requests}), timeout=300)
    out = json.loads(done.stdout) if done.stdout.strip() else {"failed": done.stderr[-2000:]}
    if done.returncode != 0 or "failed" in out:
        raise BenchError(f"the write path's client failed: {out.get('failed')}")
    return out["seconds"], out["cpu_s"]


def _in_process(db, host, paths, curator, worker):
    """Wall seconds of ``fire`` and a commit each: return then submit of each of ``paths``."""
    from core.cases import fire
    from core.resources import traverse_path
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    try:
        tm.begin()
        site = conn.root()["oko"]
        docs = [traverse_path(site, path) for path in paths]
        start = time.perf_counter()
        for doc in docs:
            fire(host, doc, "return", curator, RETURN_COMMENT)
            tm.commit()
            fire(host, doc, "submit", worker)
            tm.commit()
        return time.perf_counter() - start
    finally:
        tm.abort()
        conn.close()


def measure(ini, paths, curator, worker, rounds=ROUNDS, per_round=DOCS_PER_ROUND, warm=WARM_DOCS):
    """The write path on the database of ``ini``, whose ``paths`` await ``curator`` (``worker`` submits).

    Returns per side (``inprocess``, ``http``): transitions a second, ``fsync``
    ms and CPU ms per transition (medians of the rounds), and the rates
    without the ``fsync`` time; for HTTP also the client's CPU.
    """
    from tests.bench.serve import oko_app
    if len(paths) < docs_needed(rounds, per_round, warm):
        raise BenchError(f"{len(paths)} documents await their curator, not {docs_needed(rounds, per_round, warm)}")
    chunks = iter(paths[i:i + per_round] for i in range(2 * warm, len(paths), per_round))
    with counted_fsync() as synced:
        server, app = served_in_thread(lambda url: oko_app(str(ini), url))
        try:
            port = server.effective_port
            profiles = [session_headers(port, login) for login in (curator, worker)]
            db, host = app.registry._zodb_databases[""], app.registry.oko
            sides = {"inprocess": lambda ps: (_in_process(db, host, ps, curator, worker), 0.0),
                     "http": lambda ps: _over_http(port, profiles, ps)}
            sides["inprocess"](paths[:warm])
            sides["http"](paths[warm:2 * warm])
            samples = {side: [] for side in sides}
            for _ in range(rounds):
                for side, run in sides.items():
                    ps = next(chunks)
                    fsync_before, cpu_before = synced[0], time.process_time()
                    wall, client_cpu = run(ps)
                    count = 2 * len(ps)
                    fsync_s, cpu_s = synced[0] - fsync_before, time.process_time() - cpu_before
                    samples[side].append({"per_s": count / wall, "per_s_without_fsync": count / (wall - fsync_s),
                                          "fsync_ms": fsync_s * 1000 / count, "cpu_ms": cpu_s * 1000 / count,
                                          "client_cpu_ms": client_cpu * 1000 / count})
        finally:
            server.task_dispatcher.shutdown()
            server.close()
            for database in getattr(app.registry, "_zodb_databases", {}).values():
                database.close()
    return {side: {name: statistics.median(s[name] for s in got) for name in got[0]}
            for side, got in samples.items()}


def figures(prefix, measured):
    """``measure``'s answer as flat metrics named ``<prefix>_...``, with the ratios of HTTP to in-process."""
    inside, http = measured["inprocess"], measured["http"]
    return {f"{prefix}_inprocess_per_s": inside["per_s"], f"{prefix}_http_per_s": http["per_s"],
            f"{prefix}_inprocess_fsync_ms": inside["fsync_ms"], f"{prefix}_http_fsync_ms": http["fsync_ms"],
            f"{prefix}_inprocess_cpu_ms": inside["cpu_ms"], f"{prefix}_http_server_cpu_ms": http["cpu_ms"],
            f"{prefix}_http_client_cpu_ms": http["client_cpu_ms"],
            f"{prefix}_http_ratio_without_fsync": http["per_s_without_fsync"] / inside["per_s_without_fsync"]}


# A region of its own: enough 500+ schools for the documents the write path needs.
MUNIS, SCHOOLS_PER_MUNI = 4, 100


def build_region(ctx, name, wanted):
    """A database of its own with a 500+ region where ``wanted`` concept documents await their curator.

    Returns ``(ini, paths of those documents)``; the curator is
    ``tests.bench.project500.CURATOR``, the head who submits ``WORKER``.
    """
    import datetime
    import random

    from core.bootstrap import bootstrap
    from core.plugins import Host, make_plugin_manager
    from core.project500 import steps
    from tests.bench.project500 import WORKER, YEAR, _submitted, _top_up, _users
    from tests.bench.support import opened_db, temp_dir, write_ini, zodb_uri
    from tests.factories import make_tree
    db_dir = temp_dir(ctx.stack, name)
    now = datetime.datetime.now(datetime.timezone.utc)
    with opened_db(zodb_uri(db_dir)) as db:
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        try:
            tm.begin()
            site, host = bootstrap(conn.root()), Host(make_plugin_manager())
            make_tree(site, regions=("66",), munis=MUNIS, schools=SCHOOLS_PER_MUNI)
            users = _users(site)
            codes = [f"66-{m}-{s}" for m in range(1, MUNIS + 1) for s in range(1, SCHOOLS_PER_MUNI + 1)]
            steps.enrol(host, site["66"], codes, YEAR, WORKER, now=now)
            tm.commit()
            _top_up(site, host, tm, users, wanted, random.Random(21), now)
            tm.commit()
            docmap = site.services["docmap"]
            paths = sorted(docmap.path_for(d) for d in _submitted(site))
        finally:
            tm.abort()
            conn.close()
    if len(paths) < wanted:
        raise BenchError(f"{len(paths)} documents await their curator, not {wanted}")
    return write_ini(db_dir / "bench.ini", db_dir), paths


def bench_write_path(ctx):
    """One client's 500+ transitions over HTTP against in-process: one storage, one process, in alternating rounds."""
    from tests.bench.project500 import CURATOR, WORKER
    ini, paths = build_region(ctx, "write-path", docs_needed())
    out = figures("write_path", measure(ini, paths, CURATOR, WORKER))
    out["write_path_http_ratio_same_storage"] = out["write_path_http_per_s"] / out["write_path_inprocess_per_s"]
    return out
