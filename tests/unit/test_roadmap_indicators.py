"""Execution indicators of roadmaps, kept on change: after any sequence of status changes, evidence, changes
upstream accepted and local measures, every tally equals a brute-force recount of the roadmaps below it, and
the figures of any day equal those counted occurrence by occurrence."""
import datetime

import pytest
import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ZODB import DB
from ZODB.DemoStorage import DemoStorage

from core import roadmaps
from core.bootstrap import bootstrap
from core.roadmaps import derivation, execution, indicators
from core.roadmaps.evolve import count_execution
from core.roadmaps.execution import Evidence
from tests.factories import make_tree
from tests.roadmap_seeds import Grid, Para, build_docx

HEADER = ["ГОД", "Региональный уровень", "Муниципальный уровень", "Уровень ОО"]
ROWS = [["2022", "Анализ результатов региона", "Анализ результатов муниципалитета", "Анализ результатов школы"],
        ["2023", "Семинар для координаторов", "Совещание руководителей", "Педсовет по итогам"],
        ["2024", "Отчёт региона", "Отчёт муниципалитета", "Отчёт школы"]]
DATED = [["1.", "Мониторинг", "ежеквартально, 15 числа последнего месяца квартала", "2023"],
         ["2.", "Семинар", "Май 2023", "2023"],
         ["3.", "Участие в общероссийских мероприятиях", "по общероссийскому плану-графику", "2023"]]
LINK = Evidence("link", "Приказ", path="/66/acts/a1")
DAYS = st.dates(datetime.date(2021, 10, 1), datetime.date(2025, 3, 1))


def levels_plan(rows):
    return build_docx([Para("Дорожная карта РСОКО"), Grid([list(HEADER)] + [list(r) for r in rows])])


@pytest.fixture(scope="module")
def world():
    """A site of three regions; 66 has a roadmap of levels derived to its municipalities and to the schools
    of m1, and a dated regional plan; the federation a plan of its own."""
    db = DB(DemoStorage())
    conn = db.open()
    site = bootstrap(conn.root())
    make_tree(site)
    region = roadmaps.import_roadmap(site["66"], levels_plan(ROWS), "рсоко.docx", "op")[1].roadmap
    derivation.derive(region, "op")
    derivation.derive(derivation.derived_of(site["66"]["m1"], region), "op")
    roadmaps.import_roadmap(site["66"], build_docx([Grid([["№", "Мероприятие", "Срок", "Год"]] + DATED)]),
                            "план.docx", "op")
    roadmaps.import_roadmap(site, build_docx([Grid([["№", "Мероприятие", "Срок", "Год"]] + DATED)]),
                            "федеральный.docx", "op")
    transaction.commit()
    yield site
    transaction.abort()
    conn.close()
    db.close()


def every_roadmap(site):
    return list(indicators._roadmaps_below(site))


def occurrences(site):
    """Every (measure, key, due) of a counted measure, in a stable order."""
    found = []
    for roadmap in sorted(every_roadmap(site), key=lambda r: (indicators.nodes_of(r)[0], r.uid)):
        for measure in sorted(roadmap.measures.values(), key=lambda m: m.id):
            for key, due in execution.occurrences(measure):
                found.append((measure, key, due))
    return found


def by_hand(site, node, today):
    """The figures of every roadmap below ``node``, counted occurrence by occurrence without the tallies."""
    counts = dict.fromkeys(("total", "on_time", "late_done", "not_done", "overdue", "moved", "due"), 0)
    for roadmap in indicators._roadmaps_below(node):
        for measure in roadmap.measures.values():
            if measure.level != roadmap.level:
                continue
            for key, due in execution.occurrences(measure):
                found = execution.occurrence(measure, key)
                status = found.status if found else "planned"
                counts["total"] += 1
                if status == "done":
                    done = [c.when.date() for c in found.history if c.status == "done"][-1]
                    counts["on_time" if due is None or done <= due else "late_done"] += 1
                    counts["due"] += 1
                elif status == "not_done":
                    counts["not_done"] += 1
                    counts["due"] += 1
                else:
                    late = found.overdue(today) if found else (due is not None and due < today)
                    counts["overdue"] += late
                    counts["moved"] += status == "moved"
                    counts["due"] += due is not None and due < today
    return counts


STEP = st.tuples(st.integers(0, 10_000), st.sampled_from(["in_progress", "done", "not_done", "moved", "evidence",
                                                           "evidence", "done", "accept", "local"]),
                 DAYS, DAYS)


def _apply(site, index, action, when, new_date):
    now = datetime.datetime.combine(when, datetime.time(10), datetime.timezone.utc)
    if action == "accept":
        for roadmap in every_roadmap(site):
            changes = derivation.pending(roadmap)
            if changes:
                derivation.accept(roadmap, changes[index % len(changes)].key, now=now)
                return
        return
    if action == "local":
        roadmap = every_roadmap(site)[index % len(every_roadmap(site))]
        derivation.add_local(roadmap, f"Своё мероприятие {index}", period=f"{new_date:%d.%m.%Y}", now=now)
        return
    found = occurrences(site)
    measure, key, _ = found[index % len(found)]
    try:
        if action == "evidence":
            execution.add_evidence(measure, key, "op", LINK, now=now)
        else:
            execution.set_status(measure, key, "op", action, reason="Нет средств", moved_to=new_date, now=now)
    except roadmaps.RoadmapRefused:
        pass


def reimport_changed(site):
    """The region's plan of levels again, one measure reworded and one year dropped: changes offered below."""
    rows = [list(r) for r in ROWS[:2]]
    rows[0][2] = "Анализ результатов муниципалитета и школ"
    roadmaps.import_roadmap(site["66"], levels_plan(rows), "рсоко.docx", "op",
                            into=[r for r in roadmaps.roadmaps_of(site["66"]) if r.derived_from is None
                                  and "РСОКО" in (r.document_title or "")][0].__name__)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, max_size=40), reimport=st.booleans(), today=DAYS)
def test_the_tallies_equal_a_recount_after_any_sequence_of_changes(world, steps, reimport, today):
    site = world
    savepoint = transaction.savepoint()
    try:
        for n, step in enumerate(steps):
            if reimport and n == len(steps) // 2:
                reimport_changed(site)
            _apply(site, *step)
        nodes = [site, site["66"], site["66"]["m1"], site["66"]["m2"], site["24"]]
        for node in nodes:
            tally = indicators.tally_of(node)
            assert (tally.groups if tally else {}) == indicators.recount(node), node.__name__
        # the figures of a day, from the tallies' "*" group, equal those counted by hand
        for node in nodes:
            tally = indicators.tally_of(node)
            kept = indicators.figures(tally.group(indicators.ALL) if tally else {}, today)
            hand = by_hand(site, node, today)
            assert {k: getattr(kept, k) for k in hand} == hand, node.__name__
    finally:
        savepoint.rollback()


def test_a_measure_of_a_lower_level_is_counted_where_it_is_carried_out(world):
    site = world
    region = next(r for r in roadmaps.roadmaps_of(site["66"]) if "РСОКО" in (r.document_title or ""))
    family = region.uid
    tally = indicators.tally_of(site["66"])
    levels = {value: indicators.figures(entries, datetime.date(2022, 1, 1)).total
              for value, entries in tally.values(family, "level").items()}
    # 3 region-level measures in the region; 3 municipal ones in each of 2 municipalities; 3 school ones in the
    # 3 schools of m1 (m2 has not handed its roadmap down)
    assert levels == {"region": 3, "municipality": 6, "school": 9}
    assert indicators.figures(indicators.tally_of(site["66"]["m1"]).group(family), datetime.date(2022, 1, 1)
                              ).total == 3 + 9
    # above the family's top (the region), the federation keeps only what every roadmap adds up to
    root = indicators.tally_of(site)
    assert root.group(family) == {} and indicators.figures(root.group(indicators.ALL), datetime.date(2022, 1, 1)
                                                           ).total > 0


def test_the_evolve_step_counts_a_site_whose_tallies_are_missing_or_wrong(world):
    site = world
    savepoint = transaction.savepoint()
    try:
        expected = {node.__name__: indicators.recount(node) for node in (site, site["66"], site["66"]["m1"])}
        indicators.tally_of(site["66"]).groups = {}
        del site["66"]["m1"].roadmap_tally
        count_execution(site)
        assert {node.__name__: indicators.tally_of(node).groups
                for node in (site, site["66"], site["66"]["m1"])} == expected
        assert expected["66"]
    finally:
        savepoint.rollback()


def test_two_writers_changing_one_tally_at_once_both_count():
    tally = indicators.Tally()
    group = (indicators.ALL, "all", "")
    old = {"groups": {group: {("total", ""): 10, ("open_due", "2024-12-31"): 4}}}
    committed = {"groups": {group: {("total", ""): 11, ("open_due", "2024-12-31"): 5}}}   # one added
    mine = {"groups": {group: {("total", ""): 10, ("open_due", "2024-12-31"): 3, ("on_time", ""): 1},
                       (indicators.ALL, "level", "school"): {("on_time", ""): 1}}}  # one done on time
    merged = tally._p_resolveConflict(old, committed, mine)
    assert merged == {"groups": {group: {("total", ""): 11, ("open_due", "2024-12-31"): 4, ("on_time", ""): 1},
                                 (indicators.ALL, "level", "school"): {("on_time", ""): 1}}}
    assert committed["groups"][group][("total", "")] == 11  # the committed state is not changed in place
