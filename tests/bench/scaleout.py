"""Several application processes on one database (issue 21, point 2): 1 and 2 processes on RelStorage and on ZEO.

Each storage gets a site of its own, built here: a region of 4,000 schools
(40 municipalities), its regional operator, a curator and a head of every
school of it (grants on the region), a federal operator, and ``DOCUMENTS``
school documents awaiting their curator. The same mix as ``bench_load``
(pages, search, the API, 5 % writes on each user's own documents) is
driven at ``USERS`` users against one process, then against two behind the
load generator's balancer (each user's connection to one process, round
robin), for ``SECONDS`` seconds each; both processes run and are warmed
through the balancer before either is measured. PostgreSQL: the local server
(127.0.0.1:5432, user postgres), in a database created and dropped here.
ZEO: ``runzeo -C`` with a zeo.conf like the README's, on a free port.

Beside the requests a second, the CPU each side spent, per answer and in cores: the storage's server
(PostgreSQL's processes, or runzeo: read from /proc) and the application processes.

On a 2-core machine shared with other work the second process competes
with the load generator and the database server for the same cores: the
ratio says what one more process brings here, not on a server.
"""
import os
import socket
import subprocess
import time
import urllib.parse
import uuid
from pathlib import Path

import transaction

from tests.bench.load import SEARCH_WORDS, WRITE_SHARE, _drive, _failures, _figures, _session
from tests.bench.orgs import BENCH_LOGIN
from tests.bench.project500 import CURATOR, FEDERAL_LOGIN, WORKER
from tests.bench.support import REPO, VENV_BIN, BenchError, Server, opened_db, temp_dir, write_ini

REGION = "66"
MUNIS, SCHOOLS_PER_MUNI = 40, 100
DOCUMENTS = 150
USERS, SECONDS, WARMUP = 32, 15, 3
WARMUP_BOTH = 8
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
# NB: the caches of docs/deploy.md (the objects of each connection, and the storage's cache of each process);
# without them a connection keeps ZODB's default 400 objects, and every request goes back to the database.
# History-free, as the guide sets a production database.
PG_CACHES = "connection_cache_size=50000&cache_local_mb=256&keep_history=false"
RANDOM_PAGE_COST = 1.1
ZEO_CACHES = "connection_cache_size=50000&cache_size=256MB"


def _build(uri):
    """The site: the region, its people and ``DOCUMENTS`` documents awaiting their curator; their paths."""
    from core.cases import fire
    from core.plugins import Host, make_plugin_manager
    from core.resources import Municipality, Region, School
    from core.security.users import make_hasher
    from tests.factories import edit, make_document, make_user
    host, hasher = Host(make_plugin_manager()), make_hasher("fast")
    with opened_db(uri) as db:
        with edit(db) as site:
            region = site.add(REGION, Region(REGION, "Свердловская область"))
            for m in range(1, MUNIS + 1):
                muni = region.add(f"m{m}", Municipality(f"m{m}", f"Муниципалитет {m}"))
                for n in range(1, SCHOOLS_PER_MUNI + 1):
                    muni.add(f"s{n}", School(f"66-{m}-{n}", f"Средняя школа № {n} ({m})", "urban"))
            make_user(site, BENCH_LOGIN, hasher, [("regional_operator", REGION)])
            make_user(site, FEDERAL_LOGIN, hasher, [("federal_operator", "")])
            make_user(site, CURATOR, hasher, [("curator", REGION)])
            make_user(site, WORKER, hasher, [("school_head", REGION)])
        paths = []
        for start in range(0, DOCUMENTS, 50):
            with edit(db) as site:
                for i in range(start, min(start + 50, DOCUMENTS)):
                    school = f"{REGION}/m{i % MUNIS + 1}/s{i // MUNIS + 1}"
                    doc = make_document(host, site, school, name=f"doc{i}", actor=WORKER)
                    fire(host, doc, "submit", WORKER)
                    paths.append(f"/{school}/doc{i}")
        transaction.abort()
    return paths


def _plan(ports, profiles, paths):
    regional, federal, curator, worker = range(4)
    munis = [f"/{REGION}/m{m}/" for m in range(1, 21)]
    schools = [f"/{REGION}/m{m}/s{n}/" for m in range(1, 11) for n in range(1, 11)]
    reads = [[10, "tasks", "GET", "/tasks", curator], [6, "api_tasks", "GET", "/api/v1/tasks", curator],
             [10, "region", "GET", f"/{REGION}/", regional], [3, "federal", "GET", "/", federal]]
    reads += [[10 / len(munis), "municipality", "GET", path, regional] for path in munis]
    reads += [[10 / len(schools), "school", "GET", path, regional] for path in schools]
    reads += [[8 / len(munis), "api_tree", "GET", f"/api/v1/tree{path.rstrip('/')}", regional] for path in munis]
    reads += [[8 / len(SEARCH_WORDS), "search", "GET", f"/search?q={urllib.parse.quote(w)}",
               regional] for w in SEARCH_WORDS]
    writes = [[["write", "POST", f"/api/v1/tree{path}/@@transitions",
                {"transition": "return", "comment": "Уточните сроки мер"}, curator],
               ["write", "POST", f"/api/v1/tree{path}/@@transitions", {"transition": "submit"}, worker]]
              for path in paths]
    return {"port": ports[0], "ports": ports, "profiles": profiles, "reads": reads, "writes": writes,
            "write_share": WRITE_SHARE}


def storage_server_cpu_s(marker):
    """CPU seconds used so far by the processes whose command line holds ``marker`` (the storage's server:
    PostgreSQL's processes, or runzeo), read from /proc."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if marker not in (stat.parent / "cmdline").read_bytes():
                continue
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _measured(plan, servers, marker):
    """``_drive`` of ``plan`` at ``USERS``, with the CPU the storage's server and each of ``servers`` spent."""
    storage, apps = storage_server_cpu_s(marker), [server.cpu_s() for server in servers]
    run = _drive(plan, USERS, SECONDS, WARMUP)
    run["storage_cpu_s"] = storage_server_cpu_s(marker) - storage
    run["app_cpu_s"] = [server.cpu_s() - before for server, before in zip(servers, apps)]
    return run


def _compare(ctx, name, uri, marker):
    """Requests a second of the mix on 1 and on 2 processes of ``uri``; the writes' error rate on 2; the CPU
    of the storage's server (the processes whose command line holds ``marker``) and of the application."""
    paths = _build(uri.replace("BLOBS", str(temp_dir(ctx.stack, f"{name}-build-blobs"))))
    out = {}
    inis = [write_ini(temp_dir(ctx.stack, f"{name}-p{n}") / "bench.ini", None, uri.replace("BLOBS", str(
        temp_dir(ctx.stack, f"{name}-blobs{n}")))) for n in (1, 2)]
    with Server("oko", inis[0], start_timeout=600) as first, Server("oko", inis[1], start_timeout=600) as second:
        profiles = [_session(first.port, login) for login in (BENCH_LOGIN, FEDERAL_LOGIN, CURATOR, WORKER)]
        # NB: both processes warmed alike first (their object caches filled, their templates run), so that the
        # second is not measured cold against a warm first; the sessions are in the database and the cookie:
        # either process knows them as they are. Each run writes on documents of its own, all awaiting their
        # curator when it starts.
        _drive(_plan([first.port, second.port], profiles, paths[2 * USERS:3 * USERS]), USERS, WARMUP_BOTH, 0)
        one = _measured(_plan([first.port], profiles, paths[:USERS]), [first], marker)
        two = _measured(_plan([first.port, second.port], profiles, paths[USERS:2 * USERS]), [first, second], marker)
    f1, f2 = _figures(one), _figures(two)
    # NB: CPU over the warm-up and the measured seconds, per answer (answers counted over the measured ones).
    for n, (run, figures) in enumerate(((one, f1), (two, f2)), 1):
        answers = figures["rps"] * (SECONDS + WARMUP)
        out[f"scaleout_{name}_storage_cpu_ms_per_request_{n}"] = run["storage_cpu_s"] * 1000 / answers
        out[f"scaleout_{name}_app_cpu_ms_per_request_{n}"] = sum(run["app_cpu_s"]) * 1000 / answers
        out[f"scaleout_{name}_storage_cores_{n}"] = run["storage_cpu_s"] / (SECONDS + WARMUP)
        out[f"scaleout_{name}_app_cores_{n}"] = sum(run["app_cpu_s"]) / (SECONDS + WARMUP)
    writes = two["kinds"].get("write", {"ms": [], "errors": 0})
    out[f"scaleout_{name}_rps_1"], out[f"scaleout_{name}_rps_2"] = f1["rps"], f2["rps"]
    out[f"scaleout_{name}_p95_ms_2"] = f2["p95"]
    out[f"scaleout_{name}_2_vs_1"] = f2["rps"] / f1["rps"]
    out[f"scaleout_{name}_error_rate_2"] = f2["error_rate"]
    out[f"scaleout_{name}_writes_2"] = len(writes["ms"])
    out[f"scaleout_{name}_write_errors_2"] = writes["errors"]
    if f1["errors"] or f2["errors"]:
        out[f"scaleout_{name}_failed"] = (_failures(one) + " " + _failures(two))[:300]
    return out


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _zeo(ctx):
    """A ZEO server started with a zeo.conf like the README's, on a free port; its URI (BLOBS: the cache)."""
    where = temp_dir(ctx.stack, "zeo")
    port = _free_port()
    conf = (REPO / "zeo.conf").read_text(encoding="utf-8").replace("127.0.0.1:8100", f"127.0.0.1:{port}")
    (where / "zeo.conf").write_text(conf, encoding="utf-8")
    (where / "var").mkdir()
    proc = subprocess.Popen([str(VENV_BIN / "runzeo"), "-C", "zeo.conf"], cwd=where, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    ctx.stack.callback(lambda: (proc.terminate(), proc.wait(30)))
    deadline = time.monotonic() + 120
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise BenchError("runzeo did not start") from None
            time.sleep(0.2)
    return f"zeo://127.0.0.1:{port}?blob_dir=BLOBS&shared_blob_dir=false&wait_timeout=30&{ZEO_CACHES}"


def _postgres(ctx):
    """A database of its own on the local PostgreSQL, dropped at the end; its URI (BLOBS: the blob cache)."""
    import psycopg2
    admin = psycopg2.connect(dbname="postgres", connect_timeout=5, **PG)
    admin.autocommit = True
    name = f"oko_bench_{uuid.uuid4().hex[:10]}"
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
        # NB: as docs/deploy.md sets the production database (its data on SSD or in memory).
        cur.execute(f'ALTER DATABASE "{name}" SET random_page_cost = {RANDOM_PAGE_COST}')

    def drop():
        with admin.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                        "AND pid <> pg_backend_pid()", (name,))
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()
    ctx.stack.callback(drop)
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}?blob_dir=BLOBS&shared_blob_dir=false&{PG_CACHES}"


def bench_scaleout(ctx):
    """The mix at 32 users on 1 and on 2 processes of one database: RelStorage (PostgreSQL), then ZEO."""
    out = {}
    out.update(_compare(ctx, "relstorage", _postgres(ctx), b"postgres"))
    out.update(_compare(ctx, "zeo", _zeo(ctx), b"runzeo"))
    writes = out["scaleout_relstorage_writes_2"] + out["scaleout_zeo_writes_2"]
    out["scaleout_write_error_rate"] = (out["scaleout_relstorage_write_errors_2"]
                                        + out["scaleout_zeo_write_errors_2"]) / max(writes, 1)
    return out
