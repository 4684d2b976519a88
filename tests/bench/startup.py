"""A worker's start: from spawning its process to its first answer, on the demo database and on the national one.

A worker should start in the same time whatever its database holds: nothing
at start-up reads the schools. Each figure is the median of a few starts of
``tests.bench.serve`` (the process ``bench_load`` measures under load), each
followed at once by one request of the log-in page.
"""
import statistics

from tests.bench.support import OKO, REPO, BenchError, Client, Server, run_measured, temp_dir, write_ini

STARTS = 5
DEMO_TIMEOUT = 300


def _starts(ini, times=STARTS):
    """``(spawn to a bound port, spawn to the first answer, CPU to a bound port)`` in seconds, medians of
    ``times`` starts."""
    bound, answered, cpu = [], [], []
    for _ in range(times):
        with Server("oko", ini) as server:
            client = Client(server.port, timeout=60)
            try:
                status, _, body, elapsed = client.request("GET", "/login")
            finally:
                client.close()
            if status != 200:
                raise BenchError(f"GET /login of a fresh worker answered {status}: {body[:300]!r}")
            bound.append(server.start_s)
            answered.append(server.start_s + elapsed)
            cpu.append(server.start_cpu_s)
    return statistics.median(bound), statistics.median(answered), statistics.median(cpu)


def bench_worker_start(ctx):
    """A worker's start on the demo database (and on the national one when this run built it)."""
    db_dir = temp_dir(ctx.stack, "start-demo")
    ini = write_ini(db_dir / "bench.ini", db_dir)
    run_measured([OKO, "-c", str(ini), "demo"], timeout=DEMO_TIMEOUT, cwd=REPO)
    # NB: one start first, not counted: it compiles the page templates into the machine's cache
    # (oko.template_cache) when this checkout has none yet, as the first start after a deployment does.
    _starts(ini, 1)
    out = {}
    out["worker_start_s_demo"], out["worker_first_answer_s_demo"], out["worker_start_cpu_s_demo"] = _starts(ini)
    if "orgs_ini" in ctx:
        # NB: at rest, the same starts as bench_load's one, which a load of its own follows.
        (out["worker_start_s_national_at_rest"], out["worker_first_answer_s_national_at_rest"],
         out["worker_start_cpu_s_national_at_rest"]) = _starts(ctx["orgs_ini"])
    return out
