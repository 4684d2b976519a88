"""Test assembly: reproducible from the seed, exactly the blueprint, exposure limited, refusals that name
the competence, and tests that keep their versions when the bank changes."""
import collections
import logging
import types

import pytest

from core.cmm import bank
from core.cmm.assembly import (
    AssembledTest,
    Blueprint,
    BlueprintUnsatisfiable,
    Exposure,
    assemble_test,
    blueprint_for,
    blueprint_problems,
)
from core.cmm.model import COMPETENCES, bank_of
from core.plugin import hookimpl
from core.plugins import Host, make_plugin_manager
from tests.factories import edit
from tests.unit.test_cmm_bank import cmm_db, published_federal, single  # noqa: F401  (fixtures)


def counts(test):
    """How many items of each (competence, part, case) the test has."""
    return collections.Counter((v.competence, v.part, not v.closed) for v in test.items)


def test_the_same_seed_draws_the_same_test_and_another_seed_another(published_federal, host):
    with edit(published_federal) as site:
        first = assemble_test(host, site["66"], "head", "urban", seed=2026)
        again = assemble_test(host, site["66"], "head", "urban", seed=2026)
        other = assemble_test(host, site["66"], "head", "urban", seed=2027)
        assert first.keys == again.keys
        assert first.keys != other.keys


def test_a_test_follows_the_regional_blueprint_exactly(published_federal, host):
    with edit(published_federal) as site:
        for seed in range(20):
            test = assemble_test(host, site["24"], "head", "rural", seed=seed)
            blueprint = test.blueprint.as_dict()
            got = counts(test)
            for competence in COMPETENCES:
                assert got[(competence, "invariant", False)] == blueprint[competence]["invariant"]
            assert sum(n for (c, part, case), n in got.items() if part == "variant" and not case) == \
                blueprint["*"]["variant"]
            assert sum(n for (c, part, case), n in got.items() if part == "invariant" and case) == \
                blueprint["*"]["case_invariant"]
            assert len(test.items) == test.blueprint.size == len({v.code for v in test.items})
            assert all(v.fits("head", "rural") for v in test.items)


def test_sverdlovsk_blueprint_comes_from_its_plugin_and_gives_candidates_one_more_case(host):
    head = blueprint_for(host, "66", "head", "urban").as_dict()
    candidate = blueprint_for(host, "66", "candidate", "urban").as_dict()
    assert head["quality"]["variant"] == 1
    assert candidate["*"]["case_variant"] == head["*"]["case_variant"] + 1
    assert "variant" not in blueprint_for(host, "54", "head", "urban").as_dict()["quality"]


def test_no_item_is_given_more_often_than_the_exposure_limit(published_federal, host):
    with edit(published_federal) as site:
        # NB: a second regional case, so eight tests can share the variant cases at all.
        item = bank.create_item(host, bank_of(site["66"], create=True), {
            "code": "sverdl-case-2", "kind": "case", "competence": "staff", "level": "regional",
            "stem": "Опишите, как вы удержите молодых педагогов в школе в течение трёх лет.",
            "rubric": [{"code": "k1", "title": "Меры поддержки", "max": 5}]}, "author")
        bank.submit(host, item, "author")
        bank.publish(host, item, "region66")
        exposure = Exposure(max_count=5)
        pool = bank.published_items(host, site["66"], "head", "urban")
        tests = [assemble_test(host, site["66"], "head", "urban", seed=n, exposure=exposure, pool=pool)
                 for n in range(8)]
        shown = collections.Counter(v.code for t in tests for v in t.items)
        assert exposure.limit == 5 and exposure.tests == 8
        assert max(shown.values()) <= 5
        assert dict(exposure.counts) == dict(shown)
        # NB: without the limit the same eight seeds show some item more often.
        free = collections.Counter(v.code for n in range(8)
                                   for v in assemble_test(host, site["66"], "head", "urban", seed=n).items)
        assert max(free.values()) > 5


def test_a_blueprint_the_bank_cannot_satisfy_names_the_competence_and_records_nothing(published_federal, host):
    with edit(published_federal) as site:
        exposure = Exposure(max_count=1)
        with pytest.raises(BlueprintUnsatisfiable) as refused:
            assemble_test(host, site["54"], "head", "urban", seed=1, exposure=exposure)
        assert "вариативная часть, тестовые задания: нужно 4, доступно 0" in str(refused.value)
        assert exposure.tests == 0 and len(exposure.counts) == 0
        for code in ("fed-law-01", "fed-law-02", "fed-law-03", "fed-law-04", "fed-law-05", "fed-law-06"):
            bank.retire(host, bank_of(site)[code], "federal", "Вывод из обращения")
        with pytest.raises(BlueprintUnsatisfiable) as refused:
            assemble_test(host, site["66"], "candidate", "urban", seed=1)
        assert refused.value.competence == "law"
        assert "компетенция «Нормативно-правовое обеспечение деятельности образовательной организации», " \
               "инвариантная часть, тестовые задания: нужно 2, доступно 1" in str(refused.value)


def test_exhausted_items_are_named_in_the_refusal(published_federal, host):
    with edit(published_federal) as site:
        exposure = Exposure(max_count=1)
        with pytest.raises(BlueprintUnsatisfiable, match="исчерпали лимит показов"):
            for seed in range(10):
                assemble_test(host, site["24"], "head", "urban", seed=seed, exposure=exposure)


def test_an_edited_item_does_not_change_an_assembled_test(published_federal, host):
    with edit(published_federal) as site:
        test = assemble_test(host, site["66"], "head", "urban", seed=7)
        site["66"]["m1"]["s1"].saved_test = test
        code = next(v.code for v in test.items if v.level == "federal" and v.kind == "single")
    with edit(published_federal) as site:
        item = bank_of(site)[code]
        data = {**item.current.content(), "stem": "Новая редакция задания после апробации", "answer": ["b"]}
        bank.edit_item(host, item, data, "fedauthor")
        bank.submit(host, item, "fedauthor")
        bank.publish(host, item, "federal")
    with edit(published_federal) as site:
        test = site["66"]["m1"]["s1"].saved_test
        kept = next(v for v in test.items if v.code == code)
        assert kept.version == 1 and kept.stem != "Новая редакция задания после апробации"
        assert bank_of(site)[code].current.version == 2
        assert isinstance(test, AssembledTest)


def test_a_share_limit_counts_the_campaign_s_planned_tests():
    exposure = Exposure(max_share=0.3, expected_tests=100)
    assert exposure.limit == 30
    exposure.record(["a"] * 1)
    assert exposure.allows("a") and exposure.count("a") == 1
    assert Exposure(max_count=10, max_share=0.3, expected_tests=100).limit == 10
    with pytest.raises(ValueError, match="ожидаемое число тестов"):
        Exposure(max_share=0.3)


def test_a_malformed_blueprint_is_reported():
    with pytest.raises(ValueError, match="неизвестная компетенция"):
        Blueprint.from_hook({"astrology": {"invariant": 1}})
    with pytest.raises(ValueError, match="неверная графа"):
        Blueprint.from_hook({"law": {"invariant": -1}})


class RegionalItems:
    """Region 54's own closed items (``closed`` of them) and cases (``cases``), for every category and school."""

    def __init__(self, closed, cases):
        self.closed, self.cases = closed, cases

    @hookimpl
    def oko_plugin_info(self):
        return {"name": "items-54", "version": "0", "regions": ["54"]}

    @hookimpl
    def oko_cmm_items(self, region, level):
        if level != "regional":
            return []
        closed = [{"code": f"r54-{n}", "kind": "short", "competence": "law", "level": "regional",
                   "stem": f"Вопрос {n} о законодательстве", "answer": ["да"]} for n in range(self.closed)]
        cases = [{"code": f"r54-case-{n}", "kind": "case", "competence": "quality", "level": "regional",
                  "stem": "Опишите план действий школы на год", "rubric": [{"code": "k1", "title": "План", "max": 5}]}
                 for n in range(self.cases)]
        return closed + cases


@pytest.fixture
def host_54():
    """A host of the federal defaults, without the regional plugins; a test registers region 54's items."""
    return Host(make_plugin_manager(entrypoints=False))


def test_the_federal_blueprint_needs_four_regional_items_and_a_case_for_each_category_and_school_type(host_54):
    host_54.register(RegionalItems(closed=3, cases=0), name="items-54")
    problems = blueprint_problems(host_54, "54")
    assert len(problems) == 6
    assert problems[0] == ("Регион 54, категория «Руководитель ОО», тип школы «городская»: Банк заданий не позволяет "
                           "собрать тест: любая компетенция, вариативная часть, тестовые задания: нужно 4, доступно 3.")
    host_54.unregister("items-54")
    host_54.register(RegionalItems(closed=4, cases=0), name="items-54")
    assert all("управленческие кейсы: нужно 1, доступно 0" in line for line in blueprint_problems(host_54, "54"))
    host_54.unregister("items-54")
    host_54.register(RegionalItems(closed=4, cases=1), name="items-54")
    assert blueprint_problems(host_54, "54") == []


def test_start_up_warns_of_a_region_whose_plugin_items_cannot_fill_a_test(host_54, caplog):
    from core.cmm.defaults import oko_includeme
    host_54.register(RegionalItems(closed=1, cases=1), name="items-54")
    with caplog.at_level(logging.WARNING, logger="core.cmm.defaults"):
        oko_includeme(config=types.SimpleNamespace(registry=types.SimpleNamespace(oko=host_54)))
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 6 and all(line.startswith("Регион 54, ") and "нужно 4, доступно 1" in line for line in warned)
