"""The 500+ project's federal answers, as a built-in plugin: lists, the documents' workflow, deadlines.

It also listens to its documents' transitions everywhere (a participation moves on when its
documents are confirmed).
"""
import datetime

from core import hookimpl
from core.federal import OPERATORS, items
from core.project500 import lists, schedule
from core.project500.indicators import check_indicators
from core.project500.kinds import DOCUMENT_TITLES
from core.project500.steps import on_document_transition
from core.project500.workflows import document_review
from core.resources import Document

# The document type whose criteria belong to teacher attestation, not to the 500+ project.
TEACHER_PORTFOLIO = "teacher_portfolio"

# NB: the codes a plugin's answers and arguments name (``core.federal.CODES``).
CODES = {
    "document_type": ("Document types: the ``document_type`` of ``oko_review_criteria``, "
                      "``oko_required_sections`` and ``oko_validate_document``.", DOCUMENT_TITLES),
    "form": ("Forms a plugin adds fields to: the ``type_name`` of ``oko_extend_schema``.",
             {name: DOCUMENT_TITLES[name] for name in ("development_concept", "medium_term_programme",
                                                       "anti_risk_programme")}),
    "deadline": ("Names of ``oko_deadlines`` the core reads (a plugin may add its own, for the "
                 "``period`` of a state it adds).",
                 {"concept_documents": "дата: концептуальные документы «500+» размещены",
                  "document_review": "срок: куратор проверяет отправленный документ, подписант — акт",
                  "assign_curator": "дата: куратор назначен (необязательно)",
                  "first_visit": "дата: первый визит куратора (по умолчанию 31 марта: «Февраль–март»)",
                  "curator_contract": "дата: договоры с кураторами (по умолчанию 30 апреля: «Март–апрель»)",
                  "review": "дата: содержательная экспертиза (по умолчанию 30 апреля: «Апрель»)",
                  "confirming_documents": "дата: подтверждающие документы (по умолчанию 20 июня: «01.06–20.06»)",
                  "positive_changes": "дата: позитивные изменения подтверждены (по умолчанию 20 декабря)"}),
}


@hookimpl
def oko_plugin_info():
    return {"name": "project500", "version": "1.0", "title": "Проект «500+» (федеральная модель)",
            "regions": ["*"]}


@hookimpl
def oko_on_transition(region, obj, transition, user, host):
    on_document_transition(host, region, obj, transition)


@hookimpl
def oko_content_types():
    return [{"name": "school_document", "title": "Документ школы", "factory": Document,
             "workflow": "document_review", "add_permission": "add_document",
             "addable_in": ["school"]}]


@hookimpl
def oko_workflows(region):
    return {"document_review": document_review()}


@hookimpl
def oko_risk_factors(region):
    return items(lists.RISK_FACTORS)


@hookimpl
def oko_indicators(region):
    return items(lists.INDICATORS)


@hookimpl
def oko_review_criteria(region, document_type):
    # NB: a teacher's e-portfolio is judged by criteria of its own (core.teachers.defaults).
    if document_type == TEACHER_PORTFOLIO:
        return []
    return [{"code": code, "title": title, "mandatory": mandatory}
            for code, title, mandatory in lists.REVIEW_CRITERIA]


@hookimpl
def oko_required_sections(region, document_type):
    return items(lists.REQUIRED_SECTIONS.get(document_type, ()))


@hookimpl
def oko_processes():
    return [{"code": "school_documents", "title": "Документы школ", "type_name": "document"},
            {"code": "participations_500", "title": "Участие школ в проекте «500+»", "type_name": "participation_500"},
            {"code": "concept_documents", "title": "Концептуальные документы", "type_name": "concept_document"},
            {"code": "confirming_documents", "title": "Подтверждающие документы", "type_name": "confirming_document"}]


@hookimpl
def oko_deadlines(region, year):
    # NB: seed 004's dates of the 500+ steps (``core.project500.schedule``); a region replaces any by name.
    return {"concept_documents": datetime.date(year, 3, 30),
            "document_review": datetime.timedelta(days=10), **schedule.defaults(year)}


@hookimpl
def oko_node_links(region, node_type):
    link = {"code": "project500", "title": "Проект «500+»", "view": "project500"}
    if node_type == "region":
        return [{**link, "roles": OPERATORS}]
    if node_type == "municipality":
        return [{**link, "roles": OPERATORS + ("municipal_coordinator",)}]
    return []


@hookimpl
def oko_includeme(config):
    # NB: an indicator that could never be counted stops start-up naming its plugin, not a dashboard later.
    host = getattr(getattr(config, "registry", None), "oko", None)
    if host is not None:
        check_indicators(host)
