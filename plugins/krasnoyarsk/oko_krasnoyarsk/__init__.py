"""Krasnoyarsk region (24): its variant parts of OKO Case.

The unified model of leader attestation (seed 001) lives here; for school
documents the region lets a head withdraw a document sent by mistake before
the curator decides, and gives schools until 15 April for concept documents.
"""
import datetime

from core import hookimpl

REGION = "24"


@hookimpl
def oko_plugin_info():
    return {"name": "krasnoyarsk", "version": "1.0", "title": "Красноярский край", "regions": [REGION]}


@hookimpl
def oko_deadlines(region, year):
    return {"concept_documents": datetime.date(year, 4, 15)}


@hookimpl
def oko_extend_workflow(region, workflow):
    if workflow.name == "document_review":
        workflow.add_transition("withdraw", "Отозвать с проверки", "submitted", "draft",
                                roles=("school_head",), expected=False)
