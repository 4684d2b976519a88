"""`make bench`: every benchmark of the issues, as a table and var/bench/results.json.

To add a metric: write a function ``bench_x(ctx) -> {"metric": value}`` (in a
module of this package), list it in BENCHMARKS, and give its target in
TARGETS; a benchmark that needs another's work says so in its ``requires``
attribute. ``ctx`` is a dict shared by the benchmarks of one run (for what one
builds and the next uses) with ``ctx.stack``, an ExitStack closed at the end
(temp dirs, servers). Derived metrics (ratios) go in DERIVED.

The figures are a report: a missed target is printed as MISS, and the run
still exits 0. Only a benchmark that could not run makes the exit status 1.
"""
import argparse
import contextlib
import json
import operator
import sys
import time
import traceback
from pathlib import Path

from tests.bench.accounts import bench_users_import
from tests.bench.acts import bench_acts
from tests.bench.cmm import bench_assemble, bench_score_campaign
from tests.bench.crawl import bench_crawl_pages
from tests.bench.load import bench_load
from tests.bench.orgs import bench_org_pages, bench_orgs_import, bench_raw_zodb
from tests.bench.people import bench_people_picker
from tests.bench.project500 import bench_indicators, bench_transitions
from tests.bench.results import bench_results_import, bench_results_pages
from tests.bench.results_analysis import bench_clusters
from tests.bench.roadmap_dashboards import bench_roadmap_dashboards
from tests.bench.roadmap_derive import bench_roadmap_derive
from tests.bench.roadmaps import bench_roadmap_import
from tests.bench.scaleout import bench_scaleout
from tests.bench.search import bench_search
from tests.bench.search_1m import bench_search_1m
from tests.bench.servers import bench_servers
from tests.bench.startup import bench_worker_start
from tests.bench.support import REPO
from tests.bench.teachers import (
    bench_teachers_import,
    bench_teachers_import_shuffled,
    bench_teachers_overdue_pages,
    bench_teachers_overdue_query,
)
from tests.bench.teachers_year import bench_teachers_year
from tests.bench.workflow import bench_long_history, bench_tasks_grants
from tests.bench.writepath import bench_write_path
from tests.bench.writers import bench_concurrent_writers

# In order: a benchmark may use what an earlier one left in ctx.
BENCHMARKS = [
    bench_orgs_import,
    # NB: right after the import, at rest: a worker's start on the demo and on the national database.
    bench_worker_start,
    bench_raw_zodb,
    bench_org_pages,
    bench_acts,
    # NB: databases of their own: a curator of 4,000 schools, a document with 5,000 history entries.
    bench_tasks_grants,
    bench_long_history,
    # NB: a region of its own: one client's 500+ transitions over HTTP and in-process, one storage, taking turns.
    bench_write_path,
    # NB: a region of its own: waitress against gunicorn, "hello" and the write path at 1 and 32 users.
    bench_servers,
    # NB: a database of its own: the region of 66 of the national file and its 10,000 people.
    bench_users_import,
    # NB: a database of its own: 200,000 people in the directory the pickers search.
    bench_people_picker,
    # NB: a database of its own (the demo data), served as development.ini serves it.
    bench_concurrent_writers,
    # NB: a million teachers join the national database the org pages measured (the load over HTTP reads it whole).
    bench_teachers_import,
    bench_teachers_overdue_pages,
    bench_teachers_overdue_query,
    bench_teachers_import_shuffled,
    # NB: after the org pages: these add the 500+ project to the database they measured.
    bench_indicators,
    # NB: after the dashboards (the project they built): the national load over HTTP, against a bare view.
    bench_load,
    # NB: databases of their own, on PostgreSQL and on ZEO: 1 and 2 application processes.
    bench_scaleout,
    bench_transitions,
    bench_search,
    # NB: a catalog of its own: 1,000,000 documents of real Russian vocabulary.
    bench_search_1m,
    # NB: the CMM bank's own databases, independent of the others.
    bench_score_campaign,
    bench_assemble,
    # NB: the seed 002's Word document into regions of a database of its own.
    bench_roadmap_import,
    bench_roadmap_derive,
    # NB: a school's year of 100,000 teachers, in a database of its own.
    bench_teachers_year,
    # NB: after the teachers: a school's passport counts its teachers by category and status.
    bench_results_import,
    bench_results_pages,
    # NB: a region of 1,000 schools in a database of its own.
    bench_clusters,
    # NB: the demo in a database of its own, every demo person's pages read as the crawler test reads them.
    bench_crawl_pages,
    # NB: last: every region's roadmap derived to the 40,000 schools of the national database.
    bench_roadmap_dashboards,
]

# metric: (numerator, denominator)
DERIVED = {
    "roadmap_derive_ratio_to_raw": ("roadmap_derive_region_s", "roadmap_derive_raw_write_s"),
    "orgs_import_ratio_to_raw": ("orgs_import_40k_s", "raw_zodb_40k_s"),
    "region_page_ratio_to_hello": ("region_page_p95_ms", "hello_p95_ms"),
    "act_generate_ratio_to_raw": ("act_generate_per_s", "act_raw_docxtpl_per_s"),
    "transitions_ratio_to_raw_commits": ("transitions_per_s", "raw_commits_per_s"),
    "teachers_import_ratio_to_raw": ("teachers_import_1m_s", "teachers_raw_zodb_1m_s"),
    "tasks_4000_grants_ratio_to_region_grant": ("tasks_4000_grants_p95_ms", "tasks_region_grant_p95_ms"),
    "teachers_import_shuffled_ratio_to_sorted": ("teachers_import_1m_shuffled_s", "teachers_import_1m_s"),
    "overdue_region_ratio_to_hello": ("overdue_region_p95_ms", "overdue_hello_p95_ms"),
    "score_campaign_ratio_to_bare_loop": ("score_campaign_10k_s", "score_campaign_bare_loop_s"),
    "assemble_ratio_to_bare_sample": ("assemble_tests_per_s", "assemble_bare_sample_per_s"),
    "clusters_ratio_to_bare_sklearn": ("clusters_region_1000_schools_s", "clusters_bare_sklearn_1000_s"),
}

# metric: (comparison, bound)
TARGETS = {
    "orgs_import_40k_s": ("<", 20),
    "score_campaign_10k_s": ("<", 10),
    "assemble_tests_per_s": (">", 200),
    "orgs_import_peak_rss_mb": ("<", 1024),
    "region_page_p95_ms": ("<", 50),
    "region_page_ratio_to_hello": ("<", 5),
    "act_generate_ratio_to_raw": (">", 0.8),
    "indicators_region_p95_ms": ("<", 50),
    "indicators_federal_p95_ms": ("<", 200),
    "transitions_per_s": (">", 400),
    # The same target on any machine: issue 4 asks 400/s where raw commits run "about 2,500" a second.
    "transitions_ratio_to_raw_commits": (">", 400 / 2500),
    "search_p95_ms": ("<", 100),
    "concurrent_writers_8_error_rate": ("<=", 0),
    "concurrent_writers_8_p95_ms": ("<", 150),
    "teachers_import_1m_s": ("<", 300),
    "teachers_import_1m_shuffled_s": ("<", 300),
    "overdue_region_p95_ms": ("<", 100),
    # Issue 14: the page was 32 MB and the calendar 199 MB for such a year.
    "teachers_year_100k_page_kb": ("<", 100),
    "teachers_year_100k_ics_kb": ("<", 1024),
    # Issue 18: a region's list of people, checked whole, accounts, roles and invitations.
    "users_import_10k_s": ("<", 30),
    # Issue 18: a people picker's search among 200,000 people.
    "people_picker_p95_ms": ("<", 50),
    # Issue 16: importing a roadmap from its document.
    "roadmap_import_measures_per_s": (">", 500),
    # Issue 16: a region's execution of its roadmap and every region side by side, derived to 40,000 schools.
    "roadmap_dashboard_region_p95_ms": ("<", 50),
    "roadmap_dashboard_federal_p95_ms": ("<", 200),
    "roadmap_derive_region_s": ("<", 10),
    # Issue 17: a national year of results in minutes; a passport and a region's results at national scale.
    "results_import_400k_rows_s": ("<", 60),
    "passport_page_p95_ms": ("<", 50),
    "indicators_region_results_p95_ms": ("<", 50),
    "clusters_region_1000_schools_s": ("<", 5),
    # Issue 19: the pages every demo person reads, compressed (gzip), in bytes: 10 KB median, 150 KB the largest.
    "page_bytes_median": ("<", 10 * 1024),
    "page_bytes_max": ("<", 150 * 1024),
    # Issue 21: what the national load over HTTP showed.
    "tasks_4000_grants_p95_ms": ("<", 20),
    "transition_bytes_long_history": ("<", 10000),
    "http_mix_rps_ratio_to_hello_32": (">", 0.5),
    "http_mix_p95_ms_32": ("<", 100),
    "http_p99_ms_32": ("<", 200),
    "http_error_rate_64": ("<=", 0),
    "http_cold_start_errors": ("<=", 0),
    "http_transition_ratio_to_inprocess_1": (">", 0.5),
    "http_bytes_federal_indicators": ("<", 20000),
    "scaleout_relstorage_2_vs_1": (">", 1.7),
    "scaleout_write_error_rate": ("<=", 0),
    "worker_rss_mb_national": ("<", 512),
    "worker_start_s_national": ("<", 1),
    # Issue 21: the same start, at rest, on a small database and on the national one, and its first answer.
    "worker_start_s_demo": ("<", 1),
    "worker_first_answer_s_demo": ("<", 1),
    "worker_start_s_national_at_rest": ("<", 1),
    "worker_start_cpu_s_demo": ("<", 1),
    "teachers_import_peak_rss_mb": ("<", 512),
    "search_1m_p95_ms": ("<", 50),
    "search_1m_terms": (">", 100_000),
}
_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}

RESULTS = REPO / "var" / "bench" / "results.json"


class Context(dict):
    """What the benchmarks of one run share."""

    def __init__(self, stack):
        super().__init__()
        self.stack = stack


def derive(results):
    """The DERIVED metrics whose inputs were measured."""
    out = {}
    for name, (num, den) in DERIVED.items():
        if results.get(num) is not None and results.get(den):
            out[name] = results[num] / results[den]
    return out


def verdict(name, value):
    """``(target text, PASS/MISS or "")`` of a metric."""
    if name not in TARGETS:
        return "", ""
    op, bound = TARGETS[name]
    return f"{op} {bound}", ("PASS" if _OPS[op](value, bound) else "MISS")


def _fmt(value):
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def table(results):
    """The results as a text table, one metric a line, with the targets beside."""
    lines = [("metric", "value", "target", "")]
    for name, value in results.items():
        lines.append((name, _fmt(value), *verdict(name, value)))
    for name in TARGETS:
        if name not in results:
            lines.append((name, "—", f"{TARGETS[name][0]} {TARGETS[name][1]}", "NOT RUN"))
    widths = [max(len(row[i]) for row in lines) for i in range(4)]
    fmt = "  ".join(f"{{:{'<' if i == 0 else '>'}{w}}}" for i, w in enumerate(widths[:3])) + "  {}"
    out = [fmt.format(*row).rstrip() for row in lines]
    out.insert(1, "-" * len(out[0]))
    return "\n".join(out)


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.splitlines()[0])
    p.add_argument("-k", metavar="NAME", action="append",
                   help="run only the benchmarks whose name contains NAME (and those they require)")
    p.add_argument("-o", "--output", default=str(RESULTS), help="where to write the JSON results")
    args = p.parse_args(argv)
    chosen = BENCHMARKS
    if args.k:
        picked = {f for f in BENCHMARKS if any(k in f.__name__ for k in args.k)}
        # NB: what a benchmark requires may require more in turn.
        wanted = list(picked)
        while wanted:
            for needed in getattr(wanted.pop(), "requires", ()):
                if needed not in picked:
                    picked.add(needed)
                    wanted.append(needed)
        chosen = [f for f in BENCHMARKS if f in picked]

    results, failed = {}, []
    with contextlib.ExitStack() as stack:
        ctx = Context(stack)
        for bench in chosen:
            print(f"… {bench.__name__}: {(bench.__doc__ or '').strip().splitlines()[0]}", file=sys.stderr, flush=True)
            start = time.perf_counter()
            try:
                metrics = bench(ctx)
            except Exception:
                traceback.print_exc()
                failed.append(bench.__name__)
                continue
            results.update(metrics)
            print(f"  done in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    out = Path(args.output)
    kept = {}
    if args.k and out.exists():
        # A partial run refreshes its own metrics and keeps the others of the last run.
        previous = json.loads(out.read_text(encoding="utf-8"))
        kept = {k: v for k, v in previous.items() if k not in results and k not in DERIVED}
    results = {**kept, **results}
    results.update(derive(results))
    results = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in results.items()}

    print()
    print(table(results))
    if kept:
        print(f"\nkept from the last run: {', '.join(kept)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten: {out}")
    if failed:
        print(f"\nFAILED to run: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
