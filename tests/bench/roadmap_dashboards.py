"""The execution dashboards of roadmaps at national scale: every region's roadmap derived down to all 40,000 schools.

In the 40,000-school database ``bench_orgs_import`` leaves in ctx, each
region gets a roadmap of 35 measures (5 of the region, 10 of each
municipality, 20 of each school, over eight sections and three years),
handed down to every municipality and every school: some 800,000
school-level measures. The set-up is built at model level, not through
``derivation.derive`` (which also catalogues each of the 40,000 school
roadmaps and would take most of the run): the roadmaps and their measures are
placed directly, a third of the occurrences are moved through
``execution.set_status`` (done on time or late, not done with a reason,
under way, moved), and each roadmap is counted into the tallies with the
domain's own ``indicators.apply`` (what every derivation and status change
does). Then the region's execution page (``@@execution`` of its roadmap) and
the federal side-by-side (``/@@roadmap-execution``) are timed over HTTP,
interleaved with a bare "hello" view as the baseline.
"""
import datetime
import random
import re
import time

from tests.bench.orgs import BENCH_LOGIN, REGION, _add_operator, bench_orgs_import
from tests.bench.support import BenchError, Client, Server, interleaved_latency, opened_db, percentile, zodb_uri

YEAR = datetime.date.today().year
YEARS = (YEAR - 1, YEAR, YEAR + 1)
MEASURES = {"region": 5, "municipality": 10, "school": 20}
SECTIONS = 8
REQUESTS, WARMUP = 200, 20
BUILD_LIMIT_S = 1500
FEDERAL_LOGIN = "bench-roadmap-federal"
SEED = 16


def _place(authority, roadmap, name="rsoko"):
    """Put ``roadmap`` in the authority's folder of roadmaps without cataloguing it (model level)."""
    from BTrees.Length import Length
    from BTrees.OOBTree import OOBTree

    from core.roadmaps import folder_of
    folder = folder_of(authority, create=True)
    if folder._num is None:
        folder.data, folder._num = OOBTree(), Length()
    roadmap.__name__, roadmap.__parent__ = name, folder
    folder.data[name] = roadmap
    folder._num.change(1)
    return roadmap


def _regional(region, now):
    from core.roadmaps.model import Roadmap, Section
    roadmap = Roadmap("Дорожная карта РСОКО", "region", "bench", now)
    roadmap.sections = tuple(Section(f"s{n}", f"Система {n}") for n in range(1, SECTIONS + 1))
    position = 0
    for level, count in MEASURES.items():
        for n in range(count):
            roadmap.add_measure(f"s{n % SECTIONS + 1}", level, f"Мероприятие {level} № {n + 1}", position,
                                number=str(position + 1), year=YEARS[n % len(YEARS)])
            position += 1
    _place(region, roadmap)
    return roadmap


def _derived(upstream, level, now, rnd):
    """A roadmap derived from ``upstream`` (detached), with the measures of ``level`` and below, a third of
    its own occurrences moved on."""
    from core.roadmaps import execution
    from core.roadmaps.derivation import CARRIED
    from core.roadmaps.model import Roadmap
    roadmap = Roadmap(upstream.title, level, "bench", now)
    roadmap.derived_from = upstream.uid
    roadmap.sections = upstream.sections
    roadmap.evidence_required = False
    for m in upstream.ordered():
        if m.level in CARRIED[level]:
            roadmap.add_measure(m.section, m.level, m.text, m.position, origin=m.uid, number=m.number, year=m.year)
    for measure in roadmap.measures.values():
        if measure.level != level or rnd.random() > 0.35:
            continue
        key, due = execution.occurrences(measure)[0]
        roll = rnd.random()
        when = datetime.datetime.combine(due - datetime.timedelta(days=30) if roll < 0.5 else
                                         due + datetime.timedelta(days=20), datetime.time(10),
                                         datetime.timezone.utc)
        if roll < 0.7:
            execution.set_status(measure, key, "bench", "done", now=when)
        elif roll < 0.8:
            execution.set_status(measure, key, "bench", "not_done", "Нет финансирования", now=when)
        elif roll < 0.9:
            execution.set_status(measure, key, "bench", "in_progress", now=when)
        else:
            execution.set_status(measure, key, "bench", "moved", "Перенос по графику",
                                 moved_to=due + datetime.timedelta(days=60), now=when)
    return roadmap


def _build(ctx):
    """Every region's roadmap, derived down to every municipality and school; counted into the tallies."""
    if "roadmaps_built" in ctx:
        return ctx["roadmaps_built"]
    if "orgs_db_dir" not in ctx:
        raise BenchError("needs the database of bench_orgs_import")
    import transaction

    from core.resources import Municipality, Region, School
    from core.roadmaps import indicators
    from core.security.users import make_hasher
    from tests.factories import make_user
    rnd = random.Random(SEED)
    now = datetime.datetime.now(datetime.timezone.utc)
    start = time.perf_counter()
    schools = measures = 0
    with opened_db(zodb_uri(ctx["orgs_db_dir"])) as db:
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        try:
            site = conn.root()["oko"]
            with tm:
                make_user(site, FEDERAL_LOGIN, make_hasher("fast"), [("federal_operator", "")])
            for region in [r for r in site.values() if isinstance(r, Region)]:
                with tm:
                    regional = _regional(region, now)
                    indicators.apply(regional, indicators.roadmap_entries(regional))
                    for muni in [m for m in region.values() if isinstance(m, Municipality)]:
                        municipal = _place(muni, _derived(regional, "municipality", now, rnd))
                        indicators.apply(municipal, indicators.roadmap_entries(municipal))
                        for school in [s for s in muni.values() if isinstance(s, School)]:
                            mine = _place(school, _derived(municipal, "school", now, rnd))
                            indicators.apply(mine, indicators.roadmap_entries(mine))
                            schools += 1
                            measures += len(mine)
                if time.perf_counter() - start > BUILD_LIMIT_S:
                    raise BenchError(f"building the roadmaps took more than {BUILD_LIMIT_S} s")
        finally:
            conn.close()
    ctx["roadmaps_built"] = (time.perf_counter() - start, schools, measures)
    return ctx["roadmaps_built"]


def _check(pattern, expected):
    def check(body):
        found = len(re.findall(pattern, body))
        if found != expected:
            raise BenchError(f"the page showed {found} rows ({pattern!r}), not {expected}")
    return check


def _expected(ctx):
    from core.resources import Municipality, Region
    with opened_db(zodb_uri(ctx["orgs_db_dir"])) as db:
        conn = db.open()
        try:
            site = conn.root()["oko"]
            regions = [r for r in site.values() if isinstance(r, Region)]
            munis = len([m for m in site[REGION].values() if isinstance(m, Municipality)])
            return len(regions), munis
        finally:
            conn.close()


def bench_roadmap_dashboards(ctx):
    """p95 of a region's roadmap execution page and of the federal side-by-side, every region's roadmap derived to
    all 40,000 schools (built at model level)."""
    build_s, schools, measures = _build(ctx)
    regions, munis = _expected(ctx)
    _add_operator(ctx)
    from tests.factories import PASSWORD
    region_path, federal_path = f"/{REGION}/roadmaps/rsoko/@@execution", "/@@roadmap-execution"
    with Server("oko", ctx["orgs_ini"]) as server, Server("hello") as hello_server:
        region_client, federal_client = Client(server.port), Client(server.port)
        hello_client = Client(hello_server.port)
        try:
            region_client.login(BENCH_LOGIN, PASSWORD)
            federal_client.login(FEDERAL_LOGIN, PASSWORD)
            region, federal, hello = interleaved_latency(
                [(region_client, region_path, _check(rb'<tr data-code="', 1 + 3 + SECTIONS + munis)),
                 (federal_client, federal_path, _check(rb'<tr data-code="\d+">', regions)),
                 (hello_client, "/", None)], REQUESTS, WARMUP)
        except BenchError as exc:
            raise BenchError(f"{exc}\nserver log:\n{server.log()}") from None
        finally:
            region_client.close()
            federal_client.close()
            hello_client.close()
    return {"roadmap_dashboard_build_s": build_s, "roadmap_dashboard_schools": schools,
            "roadmap_dashboard_school_measures": measures,
            "roadmap_dashboard_region_p95_ms": percentile(region, 95),
            "roadmap_dashboard_region_p50_ms": percentile(region, 50),
            "roadmap_dashboard_federal_p95_ms": percentile(federal, 95),
            "roadmap_dashboard_federal_p50_ms": percentile(federal, 50),
            "roadmap_dashboard_hello_p95_ms": percentile(hello, 95)}


bench_roadmap_dashboards.requires = (bench_orgs_import,)
