"""Which server to run the application with (issue 21, point 5): waitress against gunicorn, measured.

Each serves one process (gunicorn: a master and one ``gthread`` worker)
with development.ini's threads, connection limit and backlog
(``tests.bench.serve --server``), asked by the load generator
(``tests.bench.loadgen``, keep-alive connections) at 1 and 32 users: a
bare Pyramid "hello", and the write path, where each user returns and
submits its own 500+ concept document through the API, again and again.
The two servers take turns at each level, ``REPEATS`` times, so that a busy
moment of the shared machine falls on both; each figure is the median.
The figures are a report: `make run` serves with waitress.

NB: what waitress cost beyond the application at its ``send_bytes`` of 1,
seen on the write path (``tests.bench.writepath``, whose client keeps two
connections, a curator's and a head's): its main thread (the select loop)
spun on the running request's channel while the request's thread held its
output buffer, about 100 selects a request, 1 to 1.5 ms of CPU a transition
(the response headers waiting for that thread to get the interpreter lock
back). development.ini's ``send_bytes = 65536`` stops it (a small answer is
sent by the main loop once its request has ended); with it waitress did
better than gunicorn here at both levels, a bare view and the write path.
"""
import statistics

from tests.bench.load import _drive, _figures
from tests.bench.support import BenchError, Server
from tests.bench.writepath import RETURN_COMMENT, build_region, session_headers

SERVERS = ("waitress", "gunicorn")
LEVELS = (1, 32)
SECONDS, WARMUP = 8, 2
REPEATS = 2


def _run(server, plan, users):
    """The load generator's figures at ``users`` and the server's CPU ms per answer (warm-up included)."""
    cpu = server.cpu_s()
    run = _drive(plan, users, SECONDS, WARMUP)
    got = _figures(run)
    got["cpu_ms"] = (server.cpu_s() - cpu) * 1000 / (got["rps"] * (SECONDS + WARMUP))
    return got


def _writes(paths):
    """Each user's cycle of writes: return (the curator, profile 0) then submit (the head, profile 1) of its document."""
    return [[["transition", "POST", f"/api/v1/tree{path}/@@transitions",
              {"transition": "return", "comment": RETURN_COMMENT}, 0],
             ["transition", "POST", f"/api/v1/tree{path}/@@transitions", {"transition": "submit"}, 1]]
            for path in paths]


def bench_servers(ctx):
    """waitress against gunicorn (gthread), one process each: "hello" and the write path at 1 and 32 users."""
    from tests.bench.project500 import CURATOR, WORKER
    ini, paths = build_region(ctx, "servers", REPEATS * len(SERVERS) * sum(LEVELS))
    unused = iter(paths)
    samples = {}
    for users in LEVELS:
        for _ in range(REPEATS):
            for name in SERVERS:
                with Server("hello", server=name) as hello:
                    got = _run(hello, {"port": hello.port, "profiles": [], "reads": [[1, "hello", "GET", "/", -1]]},
                               users)
                samples.setdefault((name, "hello", users), []).append(got)
                with Server("oko", ini, server=name) as oko:
                    profiles = [{"headers": session_headers(oko.port, login)} for login in (CURATOR, WORKER)]
                    plan = {"port": oko.port, "profiles": profiles, "reads": [], "write_share": 1,
                            "writes": _writes([next(unused) for _ in range(users)])}
                    got = _run(oko, plan, users)
                samples.setdefault((name, "transition", users), []).append(got)
    out = {}
    for (name, kind, users), got in samples.items():
        errors = sum(g["errors"] for g in got)
        if errors:
            raise BenchError(f"{name}, {kind} at {users} users: {errors} errors")
        for figure in ("rps", "p50", "p95", "cpu_ms"):
            out[f"servers_{name}_{kind}_{figure}_{users}"] = statistics.median(g[figure] for g in got)
    for kind in ("hello", "transition"):
        for users in LEVELS:
            out[f"servers_gunicorn_to_waitress_{kind}_rps_{users}"] = (
                out[f"servers_gunicorn_{kind}_rps_{users}"] / out[f"servers_waitress_{kind}_rps_{users}"])
    return out
