"""Malformed hook answers: each is refused with a Russian message naming the plugin, the hook and the item.

A corpus of wrong answers (wrong keys, wrong types, unknown codes, codes
given twice, a withdrawal of nothing) is answered by a throw-away plugin for
region 54; the host finds each when it asks the region's questions, as
start-up does (``Host.check_answers``), or at the first call.
"""
import datetime
import importlib.metadata
import types
from pathlib import Path

import colander
import pytest

from core.answers import answer_problems, describe
from core.plugin import CONCEPT_DOCUMENTS, Workflow, WorkflowError, hookimpl
from core.plugins import Host, PluginError, make_plugin_manager
from tests.plugins.test_plugins import entry_points_with

REGION = "54"
ITEM = {"code": "x1", "kind": "short", "competence": "law", "level": "regional", "school_types": "all",
        "categories": ["head"], "stem": "Вопрос", "answer": ["Ответ"]}
LINK = {"code": "l1", "title": "Ссылка", "view": "v"}
TYPE = {"name": "t1", "title": "Тип", "factory": dict, "workflow": "document_review", "add_permission": "add_document",
        "addable_in": ["school"]}

# (hook, answer, the item the message names, what it says is wrong)
CORPUS = [
    # wrong keys
    ("oko_risk_factors", [{"code": "r1", "titel": "Риск"}], "пункт «r1»", "нет ключа «title»"),
    ("oko_risk_factors", [{"code": "r1", "titel": "Риск"}], "пункт «r1»", "неизвестный ключ «titel»"),
    ("oko_risk_factors", [{"title": "Риск без кода"}], "пункт № 1", "нет ключа «code»"),
    ("oko_portfolio_sections", [{"code": "p1", "title": "Раздел", "order": 1}], "пункт «p1»", "неизвестный ключ «order»"),
    ("oko_review_criteria", [{"code": "c1", "title": "Критерий"}], "пункт «c1»", "нет ключа «mandatory»"),
    ("oko_node_links", [{"code": "l1", "view": "v"}], "пункт «l1»", "нет ключа «title»"),
    ("oko_processes", [{"code": "pr1", "title": "Процесс"}], "пункт «pr1»", "нет ключа «type_name»"),
    ("oko_pass_threshold", {"threshold": 60.0}, "", "нет ключа «rule»"),
    ("oko_attestation_stages", [{"code": "s1", "title": "Этап", "kind": "recorded"}], "пункт «s1»",
     "нет ключа «order»"),
    ("oko_cmm_items", [{**ITEM, "text": "Вопрос"}], "пункт «x1»", "неизвестный ключ «text»"),
    # wrong types
    ("oko_risk_factors", [{"code": "r1", "title": 5}], "пункт «r1», поле «title»", "ожидается текст"),
    ("oko_risk_factors", {"r1": "Риск"}, "", "ожидается список"),
    ("oko_risk_factors", ["Риск"], "пункт № 1", "ожидается словарь RiskFactor"),
    ("oko_review_criteria", [{"code": "c1", "title": "Критерий", "mandatory": "да"}], "пункт «c1», поле «mandatory»",
     "ожидается True или False"),
    ("oko_indicators", [{"code": "i1", "title": "Доля", "predicate": "p.surveyed"}], "пункт «i1», поле «predicate»",
     "ожидается функция"),
    ("oko_deadlines", {"concept_documents": "2026-04-01"}, "ключ «concept_documents»", "ожидается дата"),
    ("oko_deadlines", {"review_days": 7}, "ключ «review_days»", "срок (datetime.timedelta)"),
    ("oko_document_templates", {"order_74": "templates/order_74.docx"}, "ключ «order_74»", "ожидается Path"),
    ("oko_region_details", {"city": 74}, "поле «city»", "ожидается текст"),
    ("oko_region_details", {"town": "г. Челябинск"}, "", "неизвестный ключ «town»"),
    ("oko_workflows", {"w1": "Процесс"}, "ключ «w1»", "ожидается Workflow"),
    ("oko_test_blueprint", {"law": {"variant": "две"}}, "ключ «law», ключ «variant»", "ожидается целое число"),
    ("oko_test_blueprint", {"law": {"variants": 2}}, "ключ «law», ключ «variants»", "ожидается одно из"),
    ("oko_test_blueprint", [["law", 2]], "", "ожидается словарь"),
    ("oko_pass_threshold", {"threshold": "60", "rule": "Порог"}, "поле «threshold»", "ожидается число"),
    ("oko_score_agreement", {"score": "высокий"}, "поле «score»", "ожидается число"),
    ("oko_attestation_stages", [{"code": "s1", "title": "Этап", "kind": "oral", "order": 30}],
     "пункт «s1», поле «kind»", "ожидается одно из: 'test', 'cases', 'recorded'"),
    ("oko_cmm_items", [{**ITEM, "school_types": "городские"}], "пункт «x1», поле «school_types»",
     "ожидается одно из: 'all' или список"),
    ("oko_cmm_items", [{**ITEM, "categories": "head"}], "пункт «x1», поле «categories»", "ожидается список"),
    ("oko_validate_document", "Нет печати", "", "ожидается список"),
    ("oko_required_sections", [["budget", "Бюджет"]], "пункт № 1", "ожидается словарь RequiredSection"),
    ("oko_content_types", [{**TYPE, "addable_in": "school"}], "пункт «t1», поле «addable_in»", "ожидается список"),
    ("oko_passport_fields", [{"code": "f1", "title": "Поле", "section": "staff", "kind": "decimal",
                              "filled_by": "school", "source": "форма ОО-1"}], "пункт «f1», поле «kind»",
     "ожидается одно из: 'integer', 'number'"),
    ("oko_passport_fields", [{"code": "f1", "title": "Поле", "section": "staff", "kind": "number",
                              "filled_by": "school"}], "пункт «f1»", "нет ключа «source»"),
    ("oko_assessment_procedures", [{"code": "p1", "title": "Диагностика", "grades": ["6"], "levels": ["1", "2"]}],
     "пункт «p1», поле «grades», пункт № 1", "ожидается целое число"),
    ("oko_result_indicators", [{"code": "i1", "title": "Доля", "measure": "median", "procedures": ["vpr"]}],
     "пункт «i1», поле «measure»", "ожидается одно из"),
    ("oko_roadmap_sections", [{"code": "talent", "title": "Система развития таланта", "aliases": "Таланты"}],
     "пункт «talent», поле «aliases»", "ожидается список"),
    ("oko_roadmap_monitoring", [{"code": "h", "title": "По полугодиям", "stages": [{"code": "h1", "title": "I",
                                                                                    "month": "июль"}]}],
     "пункт «h», поле «stages», пункт «h1», поле «month»", "ожидается целое число"),
    ("oko_roadmap_statuses", [{"code": "partly", "title": "Выполнено частично", "means": "half_done"}],
     "пункт «partly», поле «means»", "ожидается одно из"),
    ("oko_low_results_rule", {"indicators": ["vpr_base"], "min_indicators": "два", "years": 2, "margin": 1.0,
                              "rule": "Правило"}, "поле «min_indicators»", "ожидается целое число"),
    # unknown codes
    ("oko_cmm_items", [{**ITEM, "competence": "pravo"}], "пункт «x1», поле «competence»", "неизвестный код 'pravo'"),
    ("oko_cmm_items", [{**ITEM, "categories": ["director"]}], "пункт «x1», поле «categories», пункт № 1",
     "неизвестный код 'director'"),
    ("oko_cmm_items", [{**ITEM, "school_types": ["urban", "village"]}], "пункт «x1», поле «school_types», пункт № 2",
     "неизвестный код 'village'"),
    ("oko_cmm_items", [{**ITEM, "level": "regoinal"}], "пункт «x1», поле «level»", "ожидается одно из"),
    ("oko_test_blueprint", {"management": {"variant": 2}}, "ключ «management»", "неизвестный код 'management'"),
    ("oko_attestation_stages", [{"code": "s1", "title": "Этап", "kind": "recorded", "order": 30,
                                 "roles": ["commission"]}], "пункт «s1», поле «roles», пункт № 1",
     "неизвестный код 'commission'"),
    ("oko_node_links", [{**LINK, "roles": ["regional_operater"]}], "пункт «l1», поле «roles», пункт № 1",
     "неизвестный код 'regional_operater'"),
    ("oko_content_types", [{**TYPE, "workflow": "document_reveiw"}], "пункт «t1», поле «workflow»",
     "неизвестный код 'document_reveiw'"),
    ("oko_content_types", [{**TYPE, "add_permission": "upload"}], "пункт «t1», поле «add_permission»",
     "неизвестный код 'upload'"),
    ("oko_content_types", [{**TYPE, "addable_in": ["district"]}], "пункт «t1», поле «addable_in», пункт № 1",
     "ожидается одно из"),
    ("oko_risk_factors", [{"code": "language_barrier", "withdrawn": True}], "пункт «language_barrier»",
     "отзывается (withdrawn) код, которого нет"),
    ("oko_risk_factors", [{"code": "staff_shortage", "withdrawn": "да"}], "пункт «staff_shortage», поле «withdrawn»",
     "ожидается одно из: True"),
    # duplicate codes
    ("oko_risk_factors", [{"code": "r1", "title": "А"}, {"code": "r1", "title": "Б"}], "пункт «r1»",
     "код «r1» повторяется (пункты № 1 и № 2)"),
    ("oko_review_criteria", [{"code": "c1", "title": "А", "mandatory": True}, {"code": "c2", "title": "Б",
                                                                              "mandatory": True},
                             {"code": "c1", "title": "В", "mandatory": False}], "пункт «c1»", "пункты № 1 и № 3"),
    ("oko_cmm_items", [ITEM, dict(ITEM)], "пункт «x1»", "код «x1» повторяется"),
    ("oko_processes", [{"code": "pr1", "title": "А", "type_name": "a"}, {"code": "pr1", "title": "Б", "type_name": "b"}],
     "пункт «pr1»", "повторяется"),
    ("oko_content_types", [TYPE, dict(TYPE)], "пункт «t1»", "код «t1» повторяется"),
    # an answer to a hook that changes what it is given in place
    ("oko_extend_workflow", {"document_review": "новый"}, "", "ожидается None"),
]


def answering(hook, answer):
    """A throw-away plugin for region 54 answering ``hook`` with ``answer``."""
    plugin = types.ModuleType(f"answering_{hook}")
    plugin.oko_plugin_info = hookimpl(lambda: {"name": "broken", "version": "0", "regions": [REGION]})
    setattr(plugin, hook, hookimpl(specname=hook)(lambda: answer))
    return plugin


def refusal(host):
    """The PluginError the host's questions to region 54 end in (all of them asked, as ``oko check-plugin`` does)."""
    with pytest.raises(PluginError) as refused:
        host.check_answers([REGION], full=True)
    return refused.value


@pytest.mark.parametrize("hook, answer, item, problem", CORPUS,
                         ids=[f"{hook}-{n}" for n, (hook, *_) in enumerate(CORPUS)])
def test_a_malformed_answer_is_refused_naming_the_plugin_the_hook_and_the_item(hook, answer, item, problem):
    host = Host(make_plugin_manager(entrypoints=False))
    host.register(answering(hook, answer), name="broken")
    lines = refusal(host).details
    # NB: content types and processes exist everywhere: they are asked of no region.
    region = "" if hook in ("oko_content_types", "oko_processes") else " (регион 54)"
    prefix = f"Плагин «broken», хук «{hook}»{region}" + (f", {item}: " if item else ": ")
    assert any(line.startswith(prefix) and problem in line for line in lines), lines


def test_every_hook_answered_with_a_value_is_in_the_corpus():
    # NB: hooks that answer nothing (listeners, screens, demo data, the plugin's own info) are checked elsewhere.
    from core import hookspecs
    answered = {n for n in dir(hookspecs) if n.startswith("oko_")} - {
        "oko_includeme", "oko_demo_data", "oko_on_transition", "oko_plugin_info", "oko_extend_schema",
        "oko_required_documents"}
    assert answered <= {hook for hook, *_ in CORPUS}, answered - {hook for hook, *_ in CORPUS}


def test_a_well_formed_answer_passes_and_the_region_keeps_it():
    host = Host(make_plugin_manager(entrypoints=False))
    host.register(answering("oko_risk_factors", [{"code": "r1", "title": "Риск"},
                                                 {"code": "language_barriers", "withdrawn": True}]), name="fine")
    host.check_answers([REGION], full=True)
    codes = {f["code"] for f in host.risk_factors(REGION)}
    assert "r1" in codes and "language_barriers" not in codes


def test_the_first_call_refuses_a_malformed_answer_too():
    host = Host(make_plugin_manager(entrypoints=False))
    host.register(answering("oko_review_criteria", [{"code": "c1", "title": "Критерий"}]), name="broken")
    with pytest.raises(PluginError, match="Плагин «broken», хук «oko_review_criteria» .*пункт «c1»: нет ключа"):
        host.review_criteria(REGION, "anti_risk_programme")


def test_required_documents_are_checked_at_each_call_and_may_withdraw_what_this_dossier_lacks():
    host = Host(make_plugin_manager(entrypoints=False))
    host.register(answering("oko_required_documents", [{"code": "lesson_technology_map", "withdrawn": True},
                                                       {"code": "d1", "titel": "Документ"}]), name="broken")
    dossier = types.SimpleNamespace(documents_agreed=True)
    with pytest.raises(PluginError, match="хук «oko_required_documents» .*пункт «d1»: нет ключа «title»"):
        host.required_documents(REGION, "subject_teacher", dossier)


class SchemaPlugin:
    """Adds to a form a field the form already has, and a field without a name."""

    @hookimpl
    def oko_plugin_info(self):
        return {"name": "schema", "version": "0", "regions": [REGION]}

    @hookimpl
    def oko_extend_schema(self, region, type_name, schema):
        schema.add(colander.SchemaNode(colander.String(), name="goals"))
        schema.add(colander.SchemaNode(colander.String()))


def test_a_form_field_added_twice_or_without_a_name_is_refused_naming_the_form():
    from core.project500.forms import concept_schema
    host = Host(make_plugin_manager(entrypoints=False))
    host.register(SchemaPlugin(), name="schema")
    assert any("форма «leader_portfolio»: у добавленного поля нет имени" in line for line in refusal(host).details)
    with pytest.raises(PluginError) as refused:
        concept_schema(host, REGION, "anti_risk_programme")
    assert ("Плагин «schema», хук «oko_extend_schema» (регион 54), форма «anti_risk_programme», поле «goals»: "
            "поле с таким именем в форме уже есть") in refused.value.details


class ApprovalPlugin:
    """Adds an approval state to the school documents' workflow, with a period of its own (or a missing one)."""

    def __init__(self, deadlines):
        self.deadlines = deadlines

    @hookimpl
    def oko_plugin_info(self):
        return {"name": "approval", "version": "0", "regions": [REGION]}

    @hookimpl
    def oko_extend_workflow(self, region, workflow):
        if workflow.name == "document_review":
            workflow.add_state("approval", "На согласовании у методиста", {"methodologist": {"view"}},
                               meaning="submitted", period="approval_74")
            workflow.add_transition("approve", "Согласовать", "approval", "confirmed", roles=("methodologist",))

    @hookimpl
    def oko_deadlines(self, region, year):
        return self.deadlines


def test_a_state_a_plugin_adds_has_its_own_period_and_one_that_names_no_period_stops_start_up():
    host = Host(make_plugin_manager(entrypoints=False))
    host.register(ApprovalPlugin({"approval_74": datetime.timedelta(days=5)}), name="approval")
    host.check_workflows()
    assert host.workflow(REGION, "document_review").states["approval"].period == "approval_74"
    host.unregister("approval")
    host.register(ApprovalPlugin({"approval_74": datetime.date(2026, 4, 1)}), name="approval")
    with pytest.raises(PluginError) as refused:
        host.check_workflows()
    assert str(refused.value).startswith(
        "Плагин «approval», хук «oko_extend_workflow» (регион 54), процесс «document_review», состояние «approval»: "
        "срок (period) «approval_74»")


class ConceptApprovalPlugin(ApprovalPlugin):
    """Sends only concept documents (or the kinds it is given) on to the methodologist."""

    def __init__(self, kinds):
        super().__init__({"approval_74": datetime.timedelta(days=5)})
        self.kinds = kinds

    @hookimpl
    def oko_extend_workflow(self, region, workflow):
        if workflow.name == "document_review":
            workflow.add_state("approval", "На согласовании у методиста", {"methodologist": {"view"}},
                               meaning="submitted", period="approval_74")
            workflow.add_transition("send_for_approval", "Передать методисту", "submitted", "approval",
                                    roles=("curator",), document_types=self.kinds)
            workflow.add_transition("approve", "Согласовать", "approval", "confirmed", roles=("methodologist",))


def submitted(type_name, document_type):
    return types.SimpleNamespace(type_name=type_name, document_type=document_type, workflow_state="submitted")


def test_a_step_a_plugin_gives_concept_documents_only_does_not_exist_for_a_confirming_document():
    host = Host(make_plugin_manager(entrypoints=False))
    host.register(ConceptApprovalPlugin(CONCEPT_DOCUMENTS), name="approval")
    host.check_workflows()
    workflow = host.workflow(REGION, "document_review")
    concept = submitted("concept_document", "medium_term_programme")
    confirming = submitted("confirming_document", "confirming_document")
    curator = frozenset({"curator"})
    assert "send_for_approval" in [t.name for t in workflow.available(concept, curator)]
    assert "send_for_approval" not in [t.name for t in workflow.available(confirming, curator)]
    assert "send_for_approval" in [t.name for t in workflow.expected("submitted", concept)]
    assert "send_for_approval" not in [t.name for t in workflow.expected("submitted", confirming)]
    with pytest.raises(WorkflowError, match="не предусмотрено для документов этого вида"):
        workflow.fire(confirming, "send_for_approval", "curator1", curator)
    assert confirming.workflow_state == "submitted"
    workflow.fire(concept, "send_for_approval", "curator1", curator)
    assert concept.workflow_state == "approval" and concept.awaiting_roles == {"methodologist"}


def test_a_step_for_a_kind_of_document_nobody_knows_stops_start_up():
    host = Host(make_plugin_manager(entrypoints=False))
    host.register(ConceptApprovalPlugin(("concept_documents",)), name="approval")
    with pytest.raises(PluginError) as refused:
        host.check_workflows()
    assert ("Плагин «approval», хук «oko_extend_workflow» (регион 54), процесс «document_review», "
            "переход «send_for_approval»: неизвестные виды документов (document_types): concept_documents"
            ) in refused.value.details


def test_a_plugin_info_that_names_regions_as_one_text_is_refused():
    plugin = types.ModuleType("typo")
    plugin.oko_plugin_info = hookimpl(lambda: {"name": "x", "version": "0", "regions": "74"})
    host = Host(make_plugin_manager(entrypoints=False))
    with pytest.raises(PluginError, match="Плагин «typo», хук «oko_plugin_info», поле «regions»: ожидается список"):
        host.register(plugin, name="typo")


def test_a_malformed_answer_stops_start_up_naming_plugin_hook_and_item(monkeypatch, app_settings):
    monkeypatch.setattr(importlib.metadata, "entry_points",
                        entry_points_with("chelyabinsk", "tests.plugins.broken_answer_plugin"))
    from core import main
    with pytest.raises(PluginError, match="Плагин «chelyabinsk», хук «oko_risk_factors» \\(регион 74\\), "
                                          "пункт «mining_towns»: нет ключа «title»"):
        main({}, **app_settings)


def test_a_template_path_that_is_a_text_is_told_apart_from_a_path():
    assert answer_problems("oko_document_templates", {"a": Path("a.docx")}) == []
    assert describe("p", "oko_document_templates", answer_problems("oko_document_templates", {"a": "a.docx"})) == [
        "Плагин «p», хук «oko_document_templates», ключ «a»: ожидается Path, получено 'a.docx'"]


def test_a_new_workflow_is_a_code_content_types_may_name():
    class NoteWorkflow:
        @hookimpl
        def oko_plugin_info(self):
            return {"name": "notes", "version": "0", "regions": [REGION]}

        @hookimpl
        def oko_workflows(self, region):
            wf = Workflow("note", "Заметка", "open").add_state("open", "Открыта", meaning="open")
            return {"note": wf}

        @hookimpl
        def oko_content_types(self):
            return [{**TYPE, "workflow": "note"}]
    host = Host(make_plugin_manager(entrypoints=False))
    host.register(NoteWorkflow(), name="notes")
    host.check_answers([REGION], full=True)
    assert host.content_types()["t1"]["workflow"] == "note"
