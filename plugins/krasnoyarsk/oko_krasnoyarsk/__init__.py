"""Krasnoyarsk region (24): its variant parts of OKO Case.

The unified model of leader attestation (seed 001) lives here: the structured
interview on the monitoring of the leader's results (``interview``), the
management project scored by criteria (``management_project``), both stages
of the attestation (``attestation``), and the log of consultations for
municipalities (``consultations``); their pages are in ``views``. For school
documents the region lets a head withdraw a document sent by mistake before
the curator decides, and gives schools until 15 April for concept documents.
An anti-risk programme of a Krasnoyarsk school also says how the parents'
community takes part in it (the region's model of school governance).
"""
import datetime

import colander

from core.plugin import hookimpl
from oko_krasnoyarsk import demo
from oko_krasnoyarsk.attestation import oko_attestation_stages  # noqa: F401  (interview and management project)
from oko_krasnoyarsk.cmm import oko_cmm_items  # noqa: F401  (the region's CMM items)
from oko_krasnoyarsk.consultations import WORKFLOW, consultation_workflow, process

REGION = "24"


@hookimpl
def oko_plugin_info():
    return {"name": "krasnoyarsk", "version": "1.0", "title": "Красноярский край", "regions": [REGION]}


@hookimpl
def oko_region_details(region):
    return {"authority": "Министерство образования Красноярского края", "city": "г. Красноярск",
            "head_post": "Министр образования Красноярского края"}


@hookimpl
def oko_workflows(region):
    return {WORKFLOW: consultation_workflow()}


@hookimpl
def oko_processes():
    # NB: the regional operator's «Мои задачи» name each open request's question.
    return [process()]


@hookimpl
def oko_includeme(config):
    # NB: the region's screens (interview, management project, consultations) answer for region 24 only.
    if config is not None:
        config.include("oko_krasnoyarsk.views")


@hookimpl
def oko_demo_data(site, host, hasher, password):
    demo.build(site, host, hasher, password)


@hookimpl
def oko_node_links(region, node_type):
    # NB: a municipality's coordinator logs requests, the region's operator answers them.
    if node_type in ("region", "municipality"):
        return [{"code": "krsk_consultations", "title": "Журнал консультаций", "view": "consultations",
                 "roles": ["federal_operator", "regional_operator", "municipal_coordinator"]}]
    return []


@hookimpl
def oko_deadlines(region, year):
    return {"concept_documents": datetime.date(year, 4, 15)}


@hookimpl
def oko_extend_workflow(region, workflow):
    if workflow.name == "document_review":
        workflow.add_transition("withdraw", "Отозвать с проверки", "submitted", "draft",
                                roles=("school_head",), expected=False)


@hookimpl
def oko_extend_schema(region, type_name, schema):
    if type_name == "anti_risk_programme":
        schema.add(colander.SchemaNode(
            colander.String(), name="parent_community", title="Участие родительского сообщества",
            description="Как родители (родительский комитет, управляющий совет) участвуют в мерах программы",
            validator=colander.Length(min=3, max=3000)))
    elif type_name == "leader_portfolio":
        # NB: the Krasnoyarsk model builds the interview on the monitoring of the leader's results:
        # the attestee says where those results are published.
        schema.add(colander.SchemaNode(
            colander.String(), name="krsk_results_monitoring", title="Мониторинг результатов руководителя",
            description="Где опубликованы результаты мониторинга деятельности руководителя (ссылка или реквизиты)",
            missing="", validator=colander.Length(max=1000)))


@hookimpl
def oko_low_results_rule(region):
    # NB: the region's model of «школы с низкими образовательными результатами» looks at three years and at
    # the basic level alone: a school that keeps most pupils at the base level is not proposed for its «5».
    return {"indicators": ["vpr_base", "oge_base", "ege_mean"], "min_indicators": 2, "years": 3, "margin": 1.0,
            "rule": "Школа предлагается в список, если три года подряд не меньше двух из показателей (доля "
                    "участников ВПР на базовом уровне и выше, доля участников ОГЭ с отметкой «3» и выше, средний "
                    "балл ЕГЭ) ниже медианы по её кластеру больше чем на одно стандартное отклонение."}
