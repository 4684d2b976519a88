"""Execution of measures: occurrences by deadline, the responsible, statuses only forward, done only with
evidence, moved with a reason and a date, a history of every change."""
import datetime

import pytest

from core import roadmaps
from core.roadmaps import execution
from core.roadmaps.execution import Evidence
from tests.factories import edit
from tests.roadmap_seeds import Grid, build_docx

ROWS = [["1.", "Мониторинг", "ежеквартально, 15 числа последнего месяца квартала", "2023"],
        ["2.", "Семинар", "Май 2023", "2023"],
        ["3.", "Участие в общероссийских мероприятиях", "по общероссийскому плану-графику", "2023"]]


def imported(site):
    data = build_docx([Grid([["№", "Мероприятие", "Срок", "Год"]] + ROWS)])
    roadmap = roadmaps.import_roadmap(site["66"], data, "план.docx", "region66")[1].roadmap
    return roadmap.ordered()


LINK = Evidence("link", "Приказ об утверждении", path="/66/acts/a1")


def test_a_recurring_measure_has_an_occurrence_per_deadline(tree):
    with edit(tree) as site:
        quarterly, once, undated = imported(site)
        assert [due for _, due in execution.occurrences(quarterly)] == [
            datetime.date(2023, 3, 15), datetime.date(2023, 6, 15), datetime.date(2023, 9, 15),
            datetime.date(2023, 12, 15)]
        assert [due for _, due in execution.occurrences(once)] == [datetime.date(2023, 5, 31)]
        assert execution.occurrences(undated) == [("once", None)]
        undated.period = None  # a measure of a table of years with no date: due by the end of its year
        assert execution.occurrences(undated) == [("2023-12-31", datetime.date(2023, 12, 31))]
        with pytest.raises(roadmaps.RoadmapRefused, match="нет такого срока"):
            execution.occurrence(quarterly, "2023-04-15", create=True)


def test_statuses_move_forward_and_done_needs_evidence(tree):
    with edit(tree) as site:
        quarterly, _, _ = imported(site)
        key = "2023-06-15"
        execution.assign(quarterly, key, "region66", responsible="Coordinator", users={"coordinator"})
        execution.set_status(quarterly, key, "coordinator", "in_progress")
        with pytest.raises(roadmaps.RoadmapRefused, match="Без подтверждения") as refused:
            execution.set_status(quarterly, key, "coordinator", "done")
        assert refused.value.status == 409
        execution.add_evidence(quarterly, key, "coordinator", LINK)
        found = execution.set_status(quarterly, key, "coordinator", "done")
        assert found.status == "done" and found.responsible == "coordinator"
        with pytest.raises(roadmaps.RoadmapRefused, match="Из статуса «Выполнено» нельзя"):
            execution.set_status(quarterly, key, "coordinator", "in_progress")
        # the person by name («Coordinator» is the test user's), never by login
        assert [c.what for c in found.history] == ["Назначен ответственный: Coordinator", "Статус: Выполняется",
                                                   "Добавлено подтверждение: Приказ об утверждении",
                                                   "Статус: Выполнено"]
        # the other occurrences are untouched
        assert execution.occurrence(quarterly, "2023-03-15") is None


def test_a_roadmap_may_not_require_evidence(tree):
    with edit(tree) as site:
        _, once, _ = imported(site)
        once.__parent__.evidence_required = False
        assert execution.set_status(once, "2023-05-31", "region66", "done").status == "done"


def test_moved_needs_a_reason_and_a_date_and_is_overdue_by_the_new_date(tree):
    with edit(tree) as site:
        _, once, _ = imported(site)
        key = "2023-05-31"
        with pytest.raises(roadmaps.RoadmapRefused, match="причину"):
            execution.set_status(once, key, "region66", "moved", moved_to=datetime.date(2023, 9, 1))
        with pytest.raises(roadmaps.RoadmapRefused, match="новый срок"):
            execution.set_status(once, key, "region66", "moved", reason="Нет помещения")
        found = execution.set_status(once, key, "region66", "moved", reason="Нет помещения",
                                     moved_to=datetime.date(2023, 9, 1))
        assert found.deadline == datetime.date(2023, 9, 1) and found.reason == "Нет помещения"
        assert not found.overdue(datetime.date(2023, 6, 10)) and found.overdue(datetime.date(2023, 9, 2))
        with pytest.raises(roadmaps.RoadmapRefused, match="Нет такого статуса"):
            execution.set_status(once, key, "region66", "finished")


def test_bad_responsible_and_links_are_refused(tree):
    with edit(tree) as site:
        _, once, _ = imported(site)
        with pytest.raises(roadmaps.RoadmapRefused, match="Укажите ответственного"):
            execution.assign(once, "2023-05-31", "region66", "  ", " ")
        with pytest.raises(roadmaps.RoadmapRefused, match="Пользователя «ghost» нет"):
            execution.assign(once, "2023-05-31", "region66", "ghost", users={"coordinator"})
        with pytest.raises(roadmaps.RoadmapRefused, match="адрес в ОКО"):
            execution.add_evidence(once, "2023-05-31", "region66", Evidence("link", "Сайт", path="http://x"))
        assert execution.assign(once, "2023-05-31", "region66", body="Отдел образования").body == \
            "Отдел образования"


def test_a_measure_is_reached_under_its_roadmap_and_named_as_a_task(tree):
    with edit(tree) as site:
        quarterly, _, _ = imported(site)
        roadmap = quarterly.__parent__
        assert roadmap[quarterly.__name__] is quarterly and quarterly.title == "№ 1. Мониторинг"
        for name in ("source", "m999", "m", 0):
            with pytest.raises(KeyError):
                roadmap[name]


def test_the_roadmaps_a_person_reaches_are_the_same_found_by_walking_places_or_by_the_roadmaps_paths(tree):
    from core.roadmaps.tasks import awaiting_measures
    with edit(tree) as site:
        quarterly, _, _ = imported(site)
        execution.assign(quarterly, "2023-06-15", "region66", responsible="Coordinator", users={"coordinator"})
    with edit(tree) as site:
        # one place held, one roadmap: the places are walked; three places held: the roadmaps' paths are read
        few = list(awaiting_measures(site, {"/66/m1": {"municipal_coordinator"}}))
        many = list(awaiting_measures(site, {f"/66/m1/s{n}": {"curator"} for n in (1, 2, 3)}))
        elsewhere = list(awaiting_measures(site, {f"/24/m1/s{n}": {"curator"} for n in (1, 2, 3)}))
        assert [m.title for m in few] == [m.title for m in many] == ["№ 1. Мониторинг"] and elsewhere == []
