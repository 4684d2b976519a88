"""Regional variants of roadmaps through hooks: Sverdlovsk reads its roadmaps into the eight systems of the
РСОКО roadmap (seed 002) and monitors it by half-years; a region without a plugin keeps the document's sections
and the federal schedules."""
import datetime

from core import roadmaps
from core.plugins import Host, make_plugin_manager
from core.roadmaps import execution, indicators, monitoring, statuses
from core.roadmaps.execution import Evidence
from tests.factories import edit
from tests.plugins import full_plugin
from tests.roadmap_seeds import Grid, Para, build_docx, seed_docx, seed_filename

SYSTEMS = ["training_quality", "objectivity", "leaders", "teacher_training", "methodology", "low_results", "talent",
           "career_guidance"]


def imported(host, region):
    return roadmaps.import_roadmap(region, seed_docx(2), seed_filename(2), "op",
                                   sections=roadmaps.declared_sections(host, region))[1].roadmap


def test_sverdlovsk_reads_the_rsoko_roadmap_into_its_eight_systems(tree, host):
    with edit(tree) as site:
        sverdlovsk, krasnoyarsk = imported(host, site["66"]), imported(host, site["24"])
        assert [s.code for s in sverdlovsk.sections] == SYSTEMS
        assert [s.code for s in krasnoyarsk.sections] == [f"s{n}" for n in range(1, 9)]
        assert [s.title for s in sverdlovsk.sections] == [s.title for s in krasnoyarsk.sections]
        assert {m.section for m in sverdlovsk.measures.values()} == set(SYSTEMS)
        # the same file again changes nothing
        again = roadmaps.import_roadmap(site["66"], seed_docx(2), seed_filename(2), "op",
                                        sections=roadmaps.declared_sections(host, site["66"]))[1]
        assert not again.touched


def small(region, title="Дорожная карта РСОКО"):
    data = build_docx([Para(title), Grid([["№", "Мероприятие", "Срок"], ["1.", "Семинар", "Май 2023"]])])
    return roadmaps.import_roadmap(region, data, "план.docx", "op")[1].roadmap


def test_a_region_declares_its_monitoring_dates(tree, host):
    with edit(tree) as site:
        sverdlovsk, krasnoyarsk = small(site["66"]), small(site["24"])
        assert monitoring.schedule_of(host, sverdlovsk)["code"] == "rsoko_halves"
        assert [d for _, d in monitoring.planned_stages(host, sverdlovsk, 2024)] == [
            datetime.date(2024, 7, 1), datetime.date(2024, 12, 25)]
        assert monitoring.schedule_of(host, krasnoyarsk)["code"] == "quarterly"
        assert [d for _, d in monitoring.planned_stages(host, krasnoyarsk, 2024)] == [
            datetime.date(2024, 3, 15), datetime.date(2024, 6, 15), datetime.date(2024, 9, 15),
            datetime.date(2024, 12, 15)]
        krasnoyarsk.title = "Дорожная карта проекта «500+»"
        assert [d for _, d in monitoring.planned_stages(host, krasnoyarsk, 2022)] == [
            datetime.date(2022, 6, 30), datetime.date(2022, 9, 30)]


def test_a_regions_own_status_is_shown_and_counted_as_the_federal_one_it_means(tree):
    host = Host(make_plugin_manager(entrypoints=False))
    host.register(full_plugin, name="full")
    with edit(tree) as site:
        roadmap = small(site["54"])
        [measure] = roadmap.measures.values()
        [(key, _)] = execution.occurrences(measure)
        assert ("partly_54", "Выполнено частично") in statuses.offered(host, roadmap, "planned")
        assert ("partly_54", "Выполнено частично") not in statuses.offered(host, roadmap, "done")
        assert statuses.resolve(host, roadmap, "partly_54") == ("in_progress", "Выполнено частично")
        status, label = statuses.resolve(host, roadmap, "partly_54")
        found = execution.set_status(measure, key, "op", status, label=label)
        assert (found.status, found.status_title) == ("in_progress", "Выполнено частично")
        assert found.history[-1].what == "Статус: Выполнено частично"
        # counted as under way: open, past its deadline
        figures = indicators.figures(indicators.tally_of(site["54"]).group(indicators.ALL), datetime.date(2024, 1, 1))
        assert (figures.total, figures.overdue, figures.on_time) == (1, 1, 0)
        execution.add_evidence(measure, key, "op", Evidence("link", "Приказ", path="/54/acts/a1"))
        found = execution.set_status(measure, key, "op", "done")
        assert found.status_title == "Выполнено"
        # a code no one declares is no status
        assert statuses.resolve(host, roadmap, "half") == ("half", None)
