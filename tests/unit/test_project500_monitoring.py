"""The 500+ roadmap's own monitoring (seed 004): weekly snapshots of the indicators, the coverage of the
monitoring of positive changes, two stages of them, webinars, and the seed's dates as deadlines a region moves."""
import datetime
import io

import pytest

from core.cases import fire
from core.cli import main
from core.orgimport import COLUMNS
from core.plugin import hookimpl
from core.plugins import Host, make_plugin_manager
from core.project500 import indicators, schedule, snapshots, steps
from core.project500.model import ANTI_RISK_PROGRAMME, DEVELOPMENT_CONCEPT, MEDIUM_TERM_PROGRAMME
from core.project500.steps import StepRefused
from core.security.users import users_of
from tests.factories import edit, make_tree, make_user, valid_pdf
from tests.unit.test_project500 import YEAR, content


@pytest.fixture
def project(db, hasher):
    """Region 66 with one municipality of three schools, and the project's people."""
    with edit(db) as site:
        make_tree(site, regions=("66", "24"), munis=1, schools=3)
        make_user(site, "region66", hasher, [("regional_operator", "66")])
        make_user(site, "coordinator", hasher, [("municipal_coordinator", "66/m1")])
        make_user(site, "curator", hasher)
        make_user(site, "head", hasher, [("school_head", "66/m1/s1")])
    return db


def _enrolled(host, site, codes=("66-1-1", "66-1-2", "66-1-3")):
    steps.enrol(host, site["66"], list(codes), YEAR, "region66")
    return [steps.participation_of(site["66"]["m1"][f"s{n}"], YEAR) for n in (1, 2, 3)]


def _survey(host, site, code, row):
    steps.import_risk_profiles(host, site["66"], [(row, code, "staff_shortage", "высокий")], YEAR, "region66")


def test_the_weekly_progress_of_the_survey_is_kept_by_snapshots(project, host):
    with edit(project) as site:
        _enrolled(host, site)
        region, muni = site["66"], site["66"]["m1"]
        monday = datetime.date(YEAR, 1, 12)
        snapshots.take_all(region, YEAR, monday)
        _survey(host, site, "66-1-1", 2)
        snapshots.take_all(region, YEAR, monday + datetime.timedelta(days=2))   # Wednesday
        _survey(host, site, "66-1-2", 2)
        snapshots.take_all(region, YEAR, monday + datetime.timedelta(days=4))   # Friday: the week's last
        _survey(host, site, "66-1-3", 2)
        # the next week, taken twice the same day: the second replaces the first
        snapshots.take_all(region, YEAR, monday + datetime.timedelta(days=7))
        snapshots.take_all(region, YEAR, monday + datetime.timedelta(days=7))
        series = snapshots.series(muni, YEAR, "surveyed")
        assert [(p.day.day, p.met, p.total) for p in series] == [(12, 0, 3), (14, 1, 3), (16, 2, 3), (19, 3, 3)]
        weekly = snapshots.weekly(region, YEAR, "surveyed")
        assert [(p.day.day, p.met) for p in weekly] == [(16, 2), (19, 3)]
        assert weekly[0].share == pytest.approx(2 / 3)
        # a snapshot is a copy: the counters moving on do not change it
        assert snapshots.series(region, YEAR, "surveyed")[0].met == 0
        assert snapshots.series(region, YEAR - 1, "surveyed") == []


def _to_first_stage(host, site, p):
    users = users_of(site)
    _survey(host, site, p.code, 2)
    steps.assign_curator(host, p, users["curator"], "coordinator", "signed")
    steps.record_first_visit(host, p, "curator", datetime.date(YEAR, 2, 20), {}, ["staff_shortage"])
    docs = [steps.save_concept_document(host, p, DEVELOPMENT_CONCEPT, "head", content()),
            steps.save_concept_document(host, p, MEDIUM_TERM_PROGRAMME, "head", content()),
            steps.save_concept_document(host, p, ANTI_RISK_PROGRAMME, "head", content(),
                                        risk_factor="staff_shortage")]
    for doc in docs:
        fire(host, doc, "submit", "head")
        fire(host, doc, "confirm", "curator")
    return docs[2]


def _confirming(host, p, programme):
    doc = steps.add_confirming_document(host, p, programme, 1, "head", (io.BytesIO(valid_pdf()), "акт.pdf", None))
    fire(host, doc, "submit", "head")
    return doc


def test_coverage_and_two_stages_of_positive_changes(project, host):
    with edit(project) as site:
        p, *_ = _enrolled(host, site)
        programme = _to_first_stage(host, site, p)
        assert "monitoring_covered" not in p.indicators_met
        first = _confirming(host, p, programme)
        # sent to the curator: the school is covered by the monitoring
        assert "monitoring_covered" in p.indicators_met
        assert indicators.counts(site["66"], YEAR)["monitoring_covered"] == 1
        with pytest.raises(StepRefused, match="Сначала подтверждается первый этап"):
            steps.confirm_positive_stage(host, p, "curator", 2)
        fire(host, first, "confirm", "curator")
        steps.confirm_positive_stage(host, p, "curator", 1)
        assert indicators.positive_stages(p) == [1] and "positive_changes" in p.indicators_met
        assert "positive_changes_stage_2" not in p.indicators_met
        with pytest.raises(StepRefused, match="уже подтверждён"):
            steps.confirm_positive_stage(host, p, "curator", 1)
        # the first stage's documents do not confirm the second
        with pytest.raises(StepRefused, match="подтверждающий документ этого этапа"):
            steps.confirm_positive_stage(host, p, "curator", 2)
        second = _confirming(host, p, programme)
        assert second.stage == 2 and first.stage == 1
        fire(host, second, "confirm", "curator")
        with pytest.raises(StepRefused):
            steps.confirm_positive_stage(host, p, "head", 2)   # the curator's step
        steps.confirm_positive_stage(host, p, "curator", 2)
        assert indicators.positive_stages(p) == [1, 2]
        assert indicators.counts(site["66"]["m1"], YEAR)["positive_changes_stage_2"] == 1
        with pytest.raises(StepRefused, match="этапа 3 нет"):
            steps.confirm_positive_stage(host, p, "curator", 3)


def test_webinars_count_the_schools_that_took_part(project, host):
    with edit(project) as site:
        p, other, _ = _enrolled(host, site)
        day = datetime.date(YEAR, 2, 17)
        steps.record_webinar(host, p, day, "viewer", "coordinator")
        steps.record_webinar(host, p, day, "speaker", "head")
        with pytest.raises(StepRefused, match="уже отмечено"):
            steps.record_webinar(host, p, day, "viewer", "coordinator")
        with pytest.raises(StepRefused, match="зрителя или выступающего"):
            steps.record_webinar(host, p, day, "listener", "coordinator")
        with pytest.raises(StepRefused):
            steps.record_webinar(host, other, day, "viewer", "head")   # not the head of that school
        assert p.webinars == ((day, "speaker"), (day, "viewer"))
        assert indicators.counts(site["66"], YEAR)["webinar_participation"] == 1
        assert indicators.counts(site["66"], YEAR)[indicators.TOTAL] == 3


class LaterVisits:
    """A region (77) whose curators visit until 15 April and whose results are summed up on 25 December."""

    @hookimpl
    def oko_plugin_info(self):
        return {"name": "later77", "version": "0", "regions": ["77"]}

    @hookimpl
    def oko_deadlines(self, region, year):
        return {"first_visit": datetime.date(year, 4, 15), "positive_changes": datetime.date(year, 12, 25),
                "confirming_documents": datetime.date(year, 5, 20)}


def test_the_seed_dates_are_the_deadlines_and_a_region_moves_them():
    host = Host(make_plugin_manager())
    host.register(LaterVisits(), name="later77")
    federal = {w.name: w for w in schedule.schedule(host, "66", 2027)}
    assert [(w.text, w.start, w.end) for w in federal.values()] == [
        ("Февраль–март", datetime.date(2027, 2, 1), datetime.date(2027, 3, 31)),
        ("Март–апрель", datetime.date(2027, 3, 1), datetime.date(2027, 4, 30)),
        ("Апрель", datetime.date(2027, 4, 1), datetime.date(2027, 4, 30)),
        ("01.06–20.06", datetime.date(2027, 6, 1), datetime.date(2027, 6, 20)),
        ("20.12", datetime.date(2027, 12, 20), datetime.date(2027, 12, 20))]
    assert not any(w.regional for w in federal.values())
    assert host.deadlines("66", 2027)["first_visit"] == datetime.date(2027, 3, 31)
    moved = {w.name: w for w in schedule.schedule(host, "77", 2027)}
    assert (moved["first_visit"].end, moved["first_visit"].regional) == (datetime.date(2027, 4, 15), True)
    assert moved["positive_changes"].end == datetime.date(2027, 12, 25)
    # put before the seed's first day, the window starts on the region's deadline
    assert (moved["confirming_documents"].start, moved["confirming_documents"].end) == (
        datetime.date(2027, 5, 20), datetime.date(2027, 5, 20))
    assert moved["review"].end == datetime.date(2027, 4, 30) and not moved["review"].regional


def test_the_curators_first_visit_is_due_by_the_seeds_date_in_my_tasks(project, host):
    with edit(project) as site:
        p, *_ = _enrolled(host, site)
        _survey(host, site, p.code, 2)
        steps.assign_curator(host, p, users_of(site)["curator"], "coordinator")
        [(step, roles, due)] = steps.next_steps(host, "66", p)
        assert (step, due) == ("first_visit", datetime.date(YEAR, 3, 31))


def test_oko_snapshot_500_takes_the_country(tmp_path, capsys):
    ini = tmp_path / "t.ini"
    ini.write_text(f"""[app:main]
use = egg:oko-case
zodbconn.uri = file://{tmp_path}/Data.fs?blobstorage_dir={tmp_path}/blobs
oko.secret = test-secret-0123456789abcdef0123456789
oko.argon2 = fast
""")
    orgs = tmp_path / "orgs.csv"
    orgs.write_text(",".join(COLUMNS) + "\n"
                    "66,Свердловская область,ekb,Екатеринбург,s1,Школа 1,urban\n"
                    "24,Красноярский край,krs,Красноярск,s2,Школа 2,rural\n")
    assert main(["-c", str(ini), "import-orgs", "-q", str(orgs)]) == 0
    capsys.readouterr()
    assert main(["-c", str(ini), "snapshot-500", "--date", "2026-03-02"]) == 0
    assert "на 02.03.2026: узлов 5" in capsys.readouterr().out   # the federation, 2 regions, 2 municipalities
    assert main(["-c", str(ini), "snapshot-500", "--date", "вчера"]) == 2
    assert main(["-c", str(ini), "snapshot-500", "--at", "/99"]) == 2
