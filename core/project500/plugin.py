"""The 500+ module as a built-in plugin: it listens to its documents' transitions everywhere."""
from core import hookimpl

from .steps import on_document_transition


@hookimpl
def oko_plugin_info():
    return {"name": "project500", "version": "1.0", "title": "Проект «500+» (федеральная модель)",
            "regions": ["*"]}


@hookimpl
def oko_processes():
    return [{"code": "participations_500", "title": "Участие школ в проекте «500+»", "type_name": "participation_500"},
            {"code": "concept_documents", "title": "Концептуальные документы", "type_name": "concept_document"},
            {"code": "confirming_documents", "title": "Подтверждающие документы", "type_name": "confirming_document"}]


@hookimpl
def oko_on_transition(region, obj, transition, user, host):
    on_document_transition(host, region, obj, transition)
