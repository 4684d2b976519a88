"""A throw-away plugin for region 54 implementing every hook, to exercise each one."""
import datetime
from pathlib import Path

import colander

from core.plugin import Workflow, hookimpl

REGION = "54"
CALLS = []


@hookimpl
def oko_plugin_info():
    return {"name": "full", "version": "0.1", "title": "Тестовый плагин", "regions": [REGION]}


@hookimpl
def oko_includeme(config):
    CALLS.append("includeme")


@hookimpl
def oko_content_types():
    return [{"name": "test_note", "title": "Заметка", "factory": dict, "workflow": "note",
             "add_permission": "add_document", "addable_in": ["school"]}]


@hookimpl
def oko_extend_schema(region, type_name, schema):
    schema.add(colander.SchemaNode(colander.String(), name="novosibirsk_field", title="Поле 54"))


@hookimpl
def oko_workflows(region):
    wf = Workflow("note", "Заметка", "open").add_state("open", "Открыта").add_state("closed", "Закрыта")
    wf.add_transition("close", "Закрыть", "open", "closed", roles=("curator",))
    return {"note": wf}


@hookimpl
def oko_extend_workflow(region, workflow):
    if workflow.name == "document_review":
        workflow.grant("confirmed", "methodologist", "view")


@hookimpl
def oko_on_transition(region, obj, transition, user):
    CALLS.append(("transition", transition.transition, user))


@hookimpl
def oko_risk_factors(region):
    return [{"code": "staff_shortage", "title": "Дефицит кадров (формулировка 54)"},
            {"code": "language_barriers", "withdrawn": True}]


@hookimpl
def oko_indicators(region):
    return [{"code": "regional_54", "title": "Доля ОО региона 54, посетивших семинар",
             "predicate": lambda p: p.seminar_attended}]


@hookimpl
def oko_review_criteria(region, document_type):
    return [{"code": f"{document_type}_54", "title": "Критерий 54", "mandatory": True}]


@hookimpl
def oko_deadlines(region, year):
    return {"concept_documents": datetime.date(year, 5, 1)}


@hookimpl
def oko_cmm_items(region, level):
    return [{"code": f"54-{level}-1", "kind": "short", "competence": "law", "level": level, "school_types": "all",
             "categories": ["head"], "stem": "Задание 54", "answer": ["54"]}]


@hookimpl
def oko_test_blueprint(region, category, school_type):
    return {"strategy": {"invariant": 2, "variant": 1}}


@hookimpl
def oko_pass_threshold(region, category, results):
    return {"threshold": 42.0, "rule": "Порог 54"}


@hookimpl
def oko_score_agreement(region, scores):
    return {"score": max(scores)}


@hookimpl
def oko_portfolio_sections(region):
    return [{"code": "s54", "title": "Раздел 54"}]


@hookimpl
def oko_attestation_stages(region, category):
    return [{"code": "interview", "title": "Собеседование 54", "kind": "recorded", "order": 30,
             "roles": ["commission_member"], "max_score": 20}]


@hookimpl
def oko_required_documents(region, post, dossier):
    return [{"code": "application", "withdrawn": True}, {"code": "form_54", "title": "Форма 54"}]


@hookimpl
def oko_document_templates(region):
    return {"order_54": Path("order_54.docx")}


@hookimpl
def oko_required_sections(region, document_type):
    return [{"code": "budget", "title": "Бюджет"}]


@hookimpl
def oko_validate_document(region, document_type, inspected):
    return ["Нет печати"] if "печать" not in inspected.get("text", "") else []


@hookimpl
def oko_roadmap_statuses(region):
    return [{"code": "partly_54", "title": "Выполнено частично", "means": "in_progress"}]
