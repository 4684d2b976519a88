"""The analysis of results on data with a known structure: planted clusters are found, planted flags raised with
their evidence and nothing else, the planted weak school proposed, the operator's list enrols it in 500+, and the
recommendation names its weak indicators and better schools of its cluster."""
import random

import pytest

from core.docinspect.tables import table_rows
from core.project500.steps import participation_of
from core.refused import StepRefused
from core.results import clusters, defaults, facts_import, importer, low, objectivity, recommendations
from core.results.model import region_bank
from tests.factories import edit, make_tree, make_user, node
from tests.functional.analysis_support import (
    INFLATED,
    JUMP,
    LOW,
    YEAR,
    add_schools,
    facts_table,
    kind_of,
    results_table,
)


def blobs(n, centres, spread, seed):
    """``n`` points around each of ``centres``."""
    rnd = random.Random(seed)
    rows, truth = [], []
    for label, centre in enumerate(centres):
        for _ in range(n):
            rows.append([c + rnd.gauss(0, spread) for c in centre])
            truth.append(label)
    return rows, truth


def same_partition(found, truth):
    """Whether two labellings group the points alike (up to the numbering of the groups)."""
    pairs = set(zip(found, truth))
    return len(pairs) == len(set(found)) == len(set(truth))


@pytest.mark.parametrize("centres", [
    [(0, 0), (10, 0), (0, 10)],
    [(0, 0, 0), (8, 8, 0), (0, 8, 8), (8, 0, 8), (4, 4, 16)],
])
def test_planted_clusters_are_found_and_their_number_chosen_by_the_silhouette(centres):
    rows, truth = blobs(40, centres, 1.0, seed=len(centres))
    k, silhouettes, labels = clusters.cluster_matrix(rows)
    assert k == len(centres)
    assert max(silhouettes, key=silhouettes.get) == k and set(silhouettes) == set(range(2, 9))
    assert same_partition(labels, truth)


def test_an_unknown_value_is_the_median_and_does_not_move_a_point_from_its_cluster():
    rows, truth = blobs(30, [(0, 0), (10, 10)], 1.0, seed=7)
    # NB: the first feature alone tells the clusters apart: a school that did not give the second stays in its own.
    rows[3][1] = rows[40][1] = None
    k, _, labels = clusters.cluster_matrix(rows)
    assert k == 2 and same_partition(labels, truth)


def test_identical_schools_make_no_clusters_of_their_own():
    k, silhouettes, labels = clusters.cluster_matrix([[1.0, 2.0]] * 5 + [[1.0, 2.0001]] * 5)
    assert k == 2 and set(labels) == {0, 1}
    assert clusters.cluster_matrix([[1.0, 2.0]] * 6) == (1, {}, [0] * 6)
    assert clusters.cluster_matrix([[None, 2.0]]) == (1, {}, [0]) and clusters.cluster_matrix([]) == (1, {}, [])


@pytest.fixture
def region(host, db, hasher):
    with edit(db) as site:
        make_tree(site, regions=("66",))
        add_schools(site["66"]["m1"])
        make_user(site, "region66", hasher, [("regional_operator", "66")])
        make_user(site, "method", hasher, [("methodologist", "66")])
        importer.apply(site, importer.check(host, site["66"], table_rows(results_table(), "r.csv")), "op", "r.csv")
        facts_import.apply(site, facts_import.check(host, site["66"], table_rows(facts_table(), "f.csv")), "op",
                           "f.csv")
        clusters.compute(host, site["66"], region_bank(site, "66"), "region66")
    return db


def test_the_schools_types_are_the_clusters_found_and_each_is_told_in_words(host, region):
    with edit(region) as site:
        clustering = region_bank(site, "66").clustering
        assert clustering.k == 3
        by_kind = {}
        for code, number in clustering.labels.items():
            if code.startswith("66-1-"):
                by_kind.setdefault(kind_of(code), set()).add(number)
        assert all(len(numbers) == 1 for numbers in by_kind.values()), by_kind
        titles = {c.title for c in clustering.clusters}
        assert any("городские" in t for t in titles) and any("малокомплектные" in t for t in titles)
        small = next(c for c in clustering.clusters if "малокомплектные" in c.title)
        assert "неблагоприятный — 100\u00a0%" in small.description
        assert "выше среднего по региону" in next(c for c in clustering.clusters if "Крупные" in c.title).description
        chart = clusters.position_chart(host, region_bank(site, "66"), clustering, LOW, "vpr_base")
        assert chart.startswith("<svg") and f"<title>{LOW}:" in chart and "<script" not in chart


def test_the_planted_flags_are_raised_with_their_evidence_and_no_others(host, region):
    with edit(region) as site:
        found = objectivity.flags(host, site["66"], region_bank(site, "66"))
        [(municipality, flags)] = found
        assert municipality.__name__ == "m1"
        raised = {(f.school.code, f.rule, f.year) for f in flags}
        assert {(INFLATED, "vpr_above_exams", y) for y in range(YEAR - 2, YEAR + 1)} <= raised
        assert (JUMP, "jump", YEAR) in raised
        assert {code for code, _, _ in raised} == {INFLATED, JUMP}
        jump = next(f for f in flags if f.school.code == JUMP and f.rule == "jump")
        assert jump.evidence.startswith(f"{YEAR - 1}–{YEAR}: доля отметок «5» на ВПР") and "п.\u00a0п." in jump.evidence


def test_the_rule_proposes_the_weak_school_and_the_accepted_list_enrols_it(host, region):
    with edit(region) as site:
        listed = low.propose(host, site["66"], YEAR + 1, "region66")
        assert [p.code for p in listed.proposed] == [LOW]
        assert any("ниже" not in e and "при медиане по кластеру" in e for e in listed.proposed[0].evidence)
        with pytest.raises(StepRefused, match="укажите причину"):
            low.change(host, site["66"], YEAR + 1, "66-1-6", True, " ", "region66")
        with pytest.raises(StepRefused, match="нет школы с кодом «66-9-9»"):
            low.change(host, site["66"], YEAR + 1, "66-9-9", True, "По заявлению", "region66")
        with pytest.raises(StepRefused, match="школы «66-1-6» нет в списке"):
            low.change(host, site["66"], YEAR + 1, "66-1-6", False, "Ошибка", "region66")
        with pytest.raises(StepRefused, match=f"школа «{LOW}» уже в списке"):
            low.change(host, site["66"], YEAR + 1, LOW, True, "Ещё раз", "region66")
        low.change(host, site["66"], YEAR + 1, "66-1-6", True, "Ходатайство муниципалитета", "region66")
        assert listed.codes == [LOW, "66-1-6"]
        with pytest.raises(StepRefused):
            low.accept(host, site["66"], YEAR + 1, "method")
        low.accept(host, site["66"], YEAR + 1, "region66")
        assert participation_of(node(site, "66/m1/s4"), YEAR + 1) is not None
        assert participation_of(node(site, "66/m1/s6"), YEAR + 1) is not None
        assert participation_of(node(site, "66/m1/s7"), YEAR + 1) is None
        with pytest.raises(StepRefused, match="уже принят"):
            low.change(host, site["66"], YEAR + 1, "66-1-7", True, "Ещё одна", "region66")


def test_the_recommendation_names_weak_indicators_better_schools_and_measures(host, region):
    with edit(region) as site:
        school = node(site, "66/m1/s4")
        made = recommendations.draft(host, school, "method")
        titles = [w[0] for w in made.weak]
        assert "Доля участников ВПР, достигших базового уровня (отметки «3», «4», «5»)" in titles
        assert "Средний балл ЕГЭ" in titles
        assert len(made.similar) == 3 and all("(66-1-" in s[0] for s in made.similar)
        assert not any(f"({INFLATED})" in s[0] for s in made.similar), "a flagged school is no example"
        assert all(kind_of(s[0].split("(")[-1].rstrip(")")) == "urban" for s in made.similar)
        assert "диагностику предметных дефицитов" in made.current.measures
        assert recommendations.edit(host, school, made.year, made.current.measures + "\n9. Своя мера.", "Согласовано",
                                    "method")
        assert len(made.versions) == 2 and made.current.author == "method"
        generated = recommendations.document(host, school, made)
        assert generated.data[:2] == b"PK" and "9. Своя мера." in generated.text
        assert "Школа № 4 (66-1) (66-1-4)" in generated.text
        recommendations.send(host, school, made.year, "method")
        with pytest.raises(StepRefused, match="уже отправлены"):
            recommendations.edit(host, school, made.year, "Другое", "", "method")


def test_a_regions_plugin_sets_its_own_rule_and_the_others_keep_the_federal_one(host):
    assert low.rule_of(host, "24")["years"] == 3 and low.rule_of(host, "24")["indicators"] == [
        "vpr_base", "oge_base", "ege_mean"]
    assert low.rule_of(host, "66") == low.rule_of(host, "54") == defaults.LOW_RESULTS_RULE
