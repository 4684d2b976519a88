"""The national load over HTTP (issue 21): logged-in people of several roles at once, against a bare Pyramid view.

The database is the one ``bench_orgs_import`` builds (40,000 schools) with
the 500+ project ``bench_indicators`` builds in it (4,000 schools with their
documents, the curator, the regional and federal operators). It is served by
waitress in a process of its own with the settings of development.ini's
``[server:main]`` (``tests.bench.serve``), and asked by ``tests.bench.loadgen``
(virtual users on keep-alive connections, each waiting for its answer) on
127.0.0.1, for a bounded time at each level.

- Cold start: a fresh process under 32 users for ``COLD_S`` seconds: its 5xx.
- The mix at 1, 8, 32 and 64 users: «Мои задачи» (page and API), the region,
  municipality and school pages, the region and federal 500+ dashboards,
  the teachers' page, search, the API's tree, and ``WRITE_SHARE`` of writes
  (return and submit of a document, through the API, on each user's own
  documents); alternating with the same number of users on a bare Pyramid
  "hello" view served the same way: requests per second, p50/p95/p99, errors.
- The write path (``tests.bench.writepath``), once the server has stopped:
  one client firing transitions through the API one after the other,
  against the same transitions fired in-process (``fire`` and a commit
  each) on the same database, in alternating rounds on one storage.
- The bytes of the federal dashboard as sent to a browser (gzip).

The database holds the 1,000,000 teachers of the national set too
(``bench_teachers_import`` runs first): the teachers' page is asked of the
region with the most of them, and the worker's memory is that of a worker
reading the whole national database.
"""
import datetime
import json
import math
import os
import re
import subprocess
import urllib.parse

from tests.bench.orgs import BENCH_LOGIN, REGION, bench_orgs_import
from tests.bench.project500 import (
    CURATOR,
    FEDERAL_LOGIN,
    WORKER,
    YEAR,
    _build_project,
    _site,
    _submitted,
    _top_up,
)
from tests.bench.support import PYTHON, REPO, BenchError, Client, Server, percentile
from tests.bench.teachers import bench_teachers_import
from tests.bench.writepath import docs_needed, measure, session_headers
from tests.bench.writepath import figures as write_figures

LEVELS = (1, 8, 32, 64)
LEVEL_S, WARMUP_S = 15, 3
COLD_USERS, COLD_S = 32, 30
WRITE_SHARE = 0.05
# Documents to write on: each run of the mix (cold, then each level) writes on its own, one per user, all
# awaiting their curator when it starts (a user's writes: return, submit, return...).
WRITERS = COLD_USERS + sum(LEVELS)
SEARCH_WORDS = ("школа", "гимназия", "лицей", "средняя", "основная", "образовательная")


def _documents(ctx):
    """Paths of concept documents awaiting their curator: ``WRITERS`` for the mix, the rest for the write path,
    and the pages the mix reads (municipalities and schools of the region)."""
    import random

    from core.resources import path_of, traverse_path
    wanted = WRITERS + docs_needed()
    with _site(ctx) as (site, host, tm):
        if len(_submitted(site)) < wanted:
            users = {login: site.services["users"][login] for login in (CURATOR,)}
            _top_up(site, host, tm, users, wanted, random.Random(21), datetime.datetime.now(datetime.timezone.utc))
        docmap = site.services["docmap"]
        paths = sorted(docmap.path_for(d) for d in _submitted(site))[:wanted]
        region = site[REGION]
        munis = sorted(region.keys())[:20]
        schools = [path_of(school) for muni in munis for school in list(traverse_path(region, muni).values())[:10]]
        tm.abort()
    return paths, [f"/{REGION}/{m}/" for m in munis], [p + "/" for p in schools]


def _session(port, login):
    """A logged-in client's headers, as the load generator's profiles take them."""
    return {"headers": session_headers(port, login)}


def _plan(port, profiles, paths, munis, schools):
    regional, federal, curator, worker = range(4)
    reads = [[10, "tasks", "GET", "/tasks", curator], [6, "api_tasks", "GET", "/api/v1/tasks", curator],
             [10, "region", "GET", f"/{REGION}/", regional],
             [8, "indicators_region", "GET", f"/{REGION}/@@indicators-500?year={YEAR}", regional],
             [3, "indicators_federal", "GET", f"/@@indicators-500?year={YEAR}", federal],
             [5, "teachers", "GET", f"/{REGION}/@@teachers", regional]]
    reads += [[10 / len(munis), "municipality", "GET", path, regional] for path in munis]
    reads += [[10 / len(schools), "school", "GET", path, regional] for path in schools]
    reads += [[8 / len(munis), "api_tree", "GET", f"/api/v1/tree{path.rstrip('/')}", regional] for path in munis]
    reads += [[8 / len(SEARCH_WORDS), "search", "GET", f"/search?q={urllib.parse.quote(word)}", regional] for word in SEARCH_WORDS]
    writes = [[["write", "POST", f"/api/v1/tree{path}/@@transitions",
                {"transition": "return", "comment": "Уточните сроки мер"}, curator],
               ["write", "POST", f"/api/v1/tree{path}/@@transitions", {"transition": "submit"}, worker]]
              for path in paths]
    return {"port": port, "profiles": profiles, "reads": reads, "writes": writes, "write_share": WRITE_SHARE}


DEPLOY_GUIDE = REPO / "docs" / "deploy.md"
_BLOCK = re.compile(r"(<!-- capacity:begin -->\n).*?(<!-- capacity:end -->)", re.S)


def write_capacity(out, guide=DEPLOY_GUIDE):
    """Write the capacity model's figures of this run into the deployment guide's block."""
    rows = [("measured: requests a second of one process, mix, 32 users", f"{out['http_mix_rps_32']:.0f}"),
            ("measured: p95 of the mix at 32 users, ms", f"{out['http_mix_p95_32']:.0f}"),
            ("measured: CPU of the application per request of the mix, ms", f"{out['http_mix_cpu_ms_per_request_32']:.1f}"),
            ("measured: bare Pyramid «hello», same server, 32 users, requests a second", f"{out['http_hello_rps_32']:.0f}"),
            ("measured: a warmed worker's memory, MB", f"{out['worker_rss_mb_national']:.0f}"),
            ("PEAK_USERS × 1 / THINK_S", f"{PEAK_USERS} × 1 / {THINK_S} s = {out['capacity_peak_requests_per_s']:.0f} "
                                       f"requests a second"),
            ("cores = requests a second × CPU per request / UTILISATION",
             f"{out['capacity_cores_5000_users']} (UTILISATION {UTILISATION})"),
            ("processes (one per core, and each below what one served)", f"{out['capacity_processes_5000_users']}"),
            ("memory of the processes, GB", f"{out['capacity_processes_5000_users'] * out['worker_rss_mb_national'] / 1024:.1f}")]
    table = "| | |\n|---|---:|\n" + "".join(f"| {name} | {value} |\n" for name, value in rows)
    # NB: the machine's load when the figures were written: other work on it makes them noisy.
    note = (f"Run of {datetime.date.today():%d.%m.%Y}, `make bench-load`, on {os.cpu_count()} cores (load average "
            f"{os.getloadavg()[0]:.1f} at the end): the model's answer scales with the CPU per request measured.\n\n")
    text = guide.read_text(encoding="utf-8")
    guide.write_text(_BLOCK.sub(lambda m: m.group(1) + note + table + m.group(2), text), encoding="utf-8")


def _drive(plan, users, seconds, warmup):
    """Run ``tests.bench.loadgen`` with ``plan`` at ``users`` for ``seconds``: its answer."""
    plan = {**plan, "users": users, "seconds": seconds, "warmup": warmup}
    done = subprocess.run([PYTHON, "-m", "tests.bench.loadgen"], input=json.dumps(plan), capture_output=True,
                          text=True, cwd=REPO, timeout=seconds + warmup + 120)
    if done.returncode != 0:
        raise BenchError(f"the load generator failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def _figures(run):
    """Requests per second, p50/p95/p99 and the error rate of a run, over every kind."""
    kinds = run["kinds"]
    ms = [v for got in kinds.values() for v in got["ms"]]
    if not ms:
        raise BenchError("no answer was measured")
    errors = sum(got["errors"] for got in kinds.values())
    return {"rps": len(ms) / run["seconds"], "p50": percentile(ms, 50), "p95": percentile(ms, 95),
            "p99": percentile(ms, 99), "error_rate": errors / len(ms), "errors": errors,
            "server_errors": sum(n for got in kinds.values() for status, n in got["statuses"].items()
                                 if not status.isdigit() or int(status) >= 500)}


def _failures(run):
    return "; ".join(f for got in run["kinds"].values() for f in got.get("failed", ()))


def _by_kind(run, users):
    """p50 and p95 of each kind of request of a run, and their share of the answers."""
    out = {}
    for kind, got in sorted(run["kinds"].items()):
        if got["ms"]:
            out[f"http_kind_{kind}_p50_ms_{users}"] = percentile(got["ms"], 50)
            out[f"http_kind_{kind}_p95_ms_{users}"] = percentile(got["ms"], 95)
    return out


# The capacity model (docs/deploy.md): people at once near a deadline, the seconds each waits between two
# requests (reading a page, filling a form), and the share of a core a process is run at (headroom).
PEAK_USERS, THINK_S, UTILISATION = 5000, 10, 0.6


def capacity(cpu_ms_per_request, rps_per_process):
    """The cores and processes a national peak needs, from the measured CPU per request of the mix.

    ``PEAK_USERS`` people each asking once in ``THINK_S`` seconds make
    ``PEAK_USERS / THINK_S`` requests a second; each costs ``cpu_ms_per_request``
    of a core; a process (one GIL) serves at most what was measured of it at
    32 users, and is planned at ``UTILISATION`` of that.
    """
    rate = PEAK_USERS / THINK_S
    cores = rate * cpu_ms_per_request / 1000 / UTILISATION
    processes = rate / (rps_per_process * UTILISATION)
    return {"capacity_peak_requests_per_s": rate, "capacity_cores_5000_users": math.ceil(cores),
            "capacity_processes_5000_users": math.ceil(max(processes, cores))}


def _compressed_bytes(port, profile, path):
    client = Client(port)
    client.cookies = dict(part.split("=", 1) for part in profile["headers"]["Cookie"].split("; "))
    try:
        status, headers, body, _ = client.request("GET", path, headers={"Accept-Encoding": "gzip"})
        if status != 200 or headers.get("Content-Encoding") != "gzip":
            raise BenchError(f"GET {path} answered {status}, {headers.get('Content-Encoding')!r}")
        import gzip
        return len(body), len(gzip.decompress(body))
    finally:
        client.close()


def bench_load(ctx):
    """The mix over HTTP at 1, 8, 32, 64 users against a bare "hello" on the same server settings; cold start;
    one client's transitions over HTTP against in-process; the federal dashboard's bytes."""
    _build_project(ctx)
    paths, munis, schools = _documents(ctx)
    mix_docs, write_docs = paths[:WRITERS], paths[WRITERS:]
    out = {}
    with Server("oko", ctx["orgs_ini"]) as server:
        # NB: cold: the users log in and ask at once, as at a restart at the peak.
        profiles = [_session(server.port, login) for login in (BENCH_LOGIN, FEDERAL_LOGIN, CURATOR, WORKER)]
        unused = list(mix_docs)

        def plan_for(users):
            mine, unused[:] = unused[:users], unused[users:]
            return _plan(server.port, profiles, mine, munis, schools)
        cold = _drive(plan_for(COLD_USERS), COLD_USERS, COLD_S, 0)
        figures = _figures(cold)
        out["http_cold_start_errors"] = figures["server_errors"]
        out["http_cold_start_rps"] = figures["rps"]
        if figures["errors"]:
            out["http_cold_start_failed"] = _failures(cold)[:300]
        with Server("hello") as hello:
            hello_plan = {"port": hello.port, "profiles": [], "reads": [[1, "hello", "GET", "/", -1]]}
            for users in LEVELS:
                cpu_before = server.cpu_s()
                run = _drive(plan_for(users), users, LEVEL_S, WARMUP_S)
                cpu = server.cpu_s() - cpu_before
                mix, bare = _figures(run), _figures(_drive(hello_plan, users, LEVEL_S, WARMUP_S))
                for name, value in mix.items():
                    out[f"http_mix_{name}_{users}"] = value
                out.update(_by_kind(run, users))
                if mix["errors"]:
                    out[f"http_mix_failed_{users}"] = _failures(run)[:300]
                # NB: the server's CPU over the warm-up and the measured seconds, per answer of both.
                out[f"http_mix_cpu_ms_per_request_{users}"] = cpu * 1000 / (mix["rps"] * (LEVEL_S + WARMUP_S))
                for name in ("rps", "p50", "p95", "p99", "error_rate"):
                    out[f"http_hello_{name}_{users}"] = bare[name]
        # NB: after a crawl of every kind of page at every level: a warmed worker, caches as configured.
        out["worker_rss_mb_national"] = server.rss_mb()
        out["worker_start_s_national"] = server.start_s
        out["worker_start_cpu_s_national"] = server.start_cpu_s
        out["http_bytes_federal_indicators"], out["http_bytes_federal_indicators_raw"] = _compressed_bytes(
            server.port, profiles[1], f"/@@indicators-500?year={YEAR}")
    # NB: the write path on the same database, once its server has stopped (a FileStorage has one process).
    written = write_figures("http_write", measure(ctx["orgs_ini"], write_docs, CURATOR, WORKER))
    out.update(written)
    out["http_inprocess_transitions_per_s"] = written["http_write_inprocess_per_s"]
    out["http_transitions_per_s_1"] = written["http_write_http_per_s"]
    out["http_mix_rps_ratio_to_hello_32"] = out["http_mix_rps_32"] / out["http_hello_rps_32"]
    out["http_mix_p95_ms_32"] = out["http_mix_p95_32"]
    out["http_p99_ms_32"] = out["http_mix_p99_32"]
    out["http_error_rate_64"] = out["http_mix_error_rate_64"]
    out["http_transition_ratio_to_inprocess_1"] = out["http_transitions_per_s_1"] / out["http_inprocess_transitions_per_s"]
    out.update(capacity(out["http_mix_cpu_ms_per_request_32"], out["http_mix_rps_32"]))
    write_capacity(out)
    ctx["load_figures"] = out
    return out


bench_load.requires = (bench_orgs_import, bench_teachers_import)
