"""The leader attestation as a built-in plugin: it brings the dossier's workflow to every region."""
from core import hookimpl

from .workflow import leader_attestation


@hookimpl
def oko_plugin_info():
    return {"name": "attestation", "version": "1.0",
            "title": "Аттестация руководителей ОО (Целевая модель)", "regions": ["*"]}


@hookimpl
def oko_processes():
    return [{"code": "leader_dossiers", "title": "Аттестация руководителей: досье", "type_name": "attestation_dossier"},
            {"code": "case_answers", "title": "Обезличенные ответы на кейсы", "type_name": "attestation_case_answer"}]


@hookimpl
def oko_workflows(region):
    return {"leader_attestation": leader_attestation()}
