"""The demo's roadmaps: the five seeds where the issue puts them, 66's handed down, every status at every level."""
import pytest

from core import roadmaps
from core.cli import main, open_site
from core.demo.roadmap_seeds import seed_docx
from core.project500 import snapshots
from core.roadmaps import derivation, timeline
from core.roadmaps.execution import STATUSES

# Where each seed's roadmap is, and how many measures the seed has (tests/unit/test_roadmap_seeds.py counts them).
PLACES = {"": 76, "66": 446, "24": 7, "66/ekaterinburg": 28}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo built by `oko demo`, as `make run` builds it."""
    tmp = tmp_path_factory.mktemp("demo")
    ini = tmp / "demo.ini"
    ini.write_text(f"""[app:main]
use = egg:oko-case
zodbconn.uri = file://{tmp}/Data.fs?blobstorage_dir={tmp}/blobs
oko.secret = test-secret-0123456789abcdef0123456789
oko.argon2 = fast
""")
    assert main(["-c", str(ini), "demo", "--if-empty"]) == 0
    return str(ini)


def _node(site, path):
    node = site
    for name in filter(None, path.split("/")):
        node = node[name]
    return node


def _statuses(roadmap):
    return {o.status for m in roadmap.measures.values() for o in (m.executions or {}).values()}


def test_each_seed_is_imported_where_it_belongs_with_every_status(demo):
    with open_site(demo) as (site, _):
        ekb = site["66"]["ekaterinburg"]
        school = ekb[sorted(ekb.keys())[0]]
        found = {path: [r for r in roadmaps.roadmaps_of(_node(site, path)) if r.derived_from is None]
                 for path in PLACES}
        for path, count in PLACES.items():
            [roadmap] = found[path]
            assert len(roadmap) == count, path
            assert _statuses(roadmap) == set(STATUSES), path
        [cyclogram] = roadmaps.roadmaps_of(school)
        assert len(cyclogram) == 9 and _statuses(cyclogram) == set(STATUSES)
        assert cyclogram.title == "Циклограмма аттестации"


def test_done_has_its_evidence_and_moved_and_not_done_their_reasons(demo):
    with open_site(demo) as (site, _):
        [regional] = roadmaps.roadmaps_of(site["66"])
        occurrences = [o for m in regional.measures.values() for o in (m.executions or {}).values()]
        by_status = {o.status: o for o in occurrences}
        assert by_status["done"].evidence and by_status["done"].evidence[0].path == "/66"
        assert by_status["moved"].reason and by_status["moved"].moved_to is not None
        assert by_status["not_done"].reason
        assert all(o.responsible == "region66" for o in occurrences)
        # the moved one is not late: its new date is ahead; the timeline shows the late ones red
        found = timeline.timeline(regional)
        assert {b.status for b in found.bars()} >= {"done", "moved", "not_done", timeline.OVERDUE}


def test_66s_roadmap_is_handed_down_to_every_municipality(demo):
    with open_site(demo) as (site, _):
        [regional] = roadmaps.roadmaps_of(site["66"])
        for municipality in ("ekaterinburg", "nizhny-tagil", "kamensk-uralsky"):
            derived = derivation.derived_of(site["66"][municipality], regional)
            assert derived is not None and len(derived) > 0
            assert {m.level for m in derived.measures.values()} == {"municipality", "school"}
            assert all(m.origin is not None for m in derived.measures.values())


def test_the_demo_reads_the_seed_documents_shipped_with_the_package():
    # NB: the builder reads core/demo/seeds/ (package data), not the tests' folder.
    reading = roadmaps.read_document(seed_docx(1), "Проект.docx", "region")
    assert len(reading.measures) == 7 and not reading.errors


def test_the_survey_came_in_over_three_weeks_kept_week_by_week(demo):
    with open_site(demo) as (site, _):
        region = site["66"]
        year = max(y for y, _ in region.indicator_snapshots.keys())
        weeks = snapshots.weekly(site["66"]["ekaterinburg"], year, "surveyed")
        assert [(p.met, p.total) for p in weeks] == [(4, 12), (8, 12), (12, 12)]
