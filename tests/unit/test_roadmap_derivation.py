"""Derivation down the levels: each municipality and school gets the measures of its level, linked to their
origin; a change upstream is offered, never applied by itself; local measures are the authority's own."""
import pytest

from core import roadmaps
from core.roadmaps import derivation
from tests.factories import edit
from tests.roadmap_seeds import Grid, Para, build_docx

HEADER = ["ГОД", "Региональный уровень", "Муниципальный уровень", "Уровень ОО"]
ROWS = [["2022", "Анализ результатов региона", "Анализ результатов муниципалитета", "Анализ результатов школы"],
        ["2023", "Семинар для координаторов", "Совещание руководителей", "-"]]


def levels_plan(*rows):
    """A regional roadmap of a table of levels."""
    return build_docx([Para("Дорожная карта РСОКО"), Grid([list(HEADER)] + [list(r) for r in rows])])


def imported(site, rows=ROWS):
    return roadmaps.import_roadmap(site["66"], levels_plan(*rows), "рсоко.docx", "region66")[1].roadmap


def texts(roadmap, level=None):
    return [m.text for m in roadmap.ordered() if level is None or m.level == level]


def test_each_municipality_gets_the_municipal_measures_linked_to_their_origin(tree):
    with edit(tree) as site:
        region = imported(site)
        done = derivation.derive(region, "region66")
        assert len(done.created) == 2 and done.kept == ()  # the two municipalities of region 66
        mine = derivation.derived_of(site["66"]["m1"], region)
        assert mine.level == "municipality" and mine.derived_from == region.uid
        assert texts(mine) == ["Анализ результатов муниципалитета", "Анализ результатов школы",
                               "Совещание руководителей"]
        assert [m.level for m in mine.ordered()] == ["municipality", "school", "municipality"]
        upstream = {m.uid: m for m in region.measures.values()}
        assert all(upstream[m.origin].text == m.text and upstream[m.origin].level == m.level
                   for m in mine.measures.values())
        assert [m.year for m in mine.ordered()] == [2022, 2022, 2023]
        assert derivation.upstream_of(mine) is region and derivation.pending(mine) == []

        schools = derivation.derive(mine, "coordinator")
        assert len(schools.created) == 3
        school = derivation.derived_of(site["66"]["m1"]["s1"], mine)
        assert texts(school) == ["Анализ результатов школы"]
        via = mine.measures[int(school.ordered()[0].origin.rsplit("-", 1)[1])]
        assert via.uid == school.ordered()[0].origin and upstream[via.origin].text == "Анализ результатов школы"


def test_deriving_again_keeps_what_is_derived(tree):
    with edit(tree) as site:
        region = imported(site)
        derivation.derive(region, "region66")
        again = derivation.derive(region, "region66")
        assert again.created == () and len(again.kept) == 2
        assert len(roadmaps.roadmaps_of(site["66"]["m1"])) == 1


def test_a_change_upstream_is_offered_and_applied_only_when_accepted(tree):
    with edit(tree) as site:
        region = imported(site)
        derivation.derive(region, "region66")
        mine = derivation.derived_of(site["66"]["m1"], region)
        other = derivation.derived_of(site["66"]["m2"], region)
        changed = [ROWS[0][:2] + ["Анализ результатов муниципалитета и школ", ROWS[0][3]],
                   ["2024", "Конференция", "Муниципальная конференция", "-"]]
        roadmaps.import_roadmap(site["66"], levels_plan(*changed), "рсоко.docx", "region66", into=region.__name__)
        before = ["Анализ результатов муниципалитета", "Анализ результатов школы", "Совещание руководителей"]
        assert texts(mine) == before  # not applied
        offered = derivation.pending(mine)
        assert [(c.kind, (c.upstream or c.derived).text) for c in offered] == [
            ("changed", "Анализ результатов муниципалитета и школ"),
            ("added", "Муниципальная конференция"),
            ("removed", "Совещание руководителей")]
        assert offered[0].fields == ("text",)
        for change in offered:
            derivation.accept(mine, change.key)
        assert texts(mine) == ["Анализ результатов муниципалитета и школ", "Анализ результатов школы",
                               "Муниципальная конференция"]
        assert derivation.pending(mine) == []
        # the other municipality ignores them: they are not offered again
        for change in derivation.pending(other):
            derivation.ignore(other, change.key)
        assert derivation.pending(other) == []
        assert texts(other) == before
        with pytest.raises(roadmaps.RoadmapRefused, match="больше не предлагается"):
            derivation.accept(other, offered[0].key)


def test_local_measures_are_the_municipalitys_own_and_survive_changes_upstream(tree):
    with edit(tree) as site:
        region = imported(site)
        derivation.derive(region, "region66")
        mine = derivation.derived_of(site["66"]["m1"], region)
        local = derivation.add_local(mine, "  Муниципальный   семинар ", "Май 2023", responsible="Отдел образования")
        assert local.text == "Муниципальный семинар" and local.origin is None and local.level == "municipality"
        assert local.period.text == "Май 2023" and mine.section("local").title == "Мероприятия муниципалитета"
        assert derivation.pending(mine) == []
        with pytest.raises(roadmaps.RoadmapRefused, match="что за мероприятие"):
            derivation.add_local(mine, "   ")


def test_only_regional_and_municipal_roadmaps_are_handed_down(tree):
    with edit(tree) as site:
        region = imported(site)
        derivation.derive(region, "region66")
        school = derivation.derive(derivation.derived_of(site["66"]["m1"], region), "coordinator").created[0]
        with pytest.raises(roadmaps.RoadmapRefused, match="не передаётся ниже"):
            derivation.derive(school, "head")
        flat = roadmaps.import_roadmap(site["66"], build_docx([Grid([["Мероприятие", "Срок"], ["Семинар", "Май"]])]),
                                       "план.docx", "region66")[1].roadmap
        with pytest.raises(roadmaps.RoadmapRefused, match="передавать нечего"):
            derivation.derive(flat, "region66")
