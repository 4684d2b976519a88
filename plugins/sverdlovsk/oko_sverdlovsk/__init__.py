"""Sverdlovsk region (66): its variant parts of OKO Case.

The region's system of education quality assessment (РСОКО, seed 002) adds a
risk factor and a review criterion, the conditions of a school's passport its
monitoring measures, its own assessment procedure and indicators of results;
the РАСАТ e-portfolio supplies its own sections of a teacher's portfolio. Its
roadmaps are read into the eight systems of the РСОКО roadmap, and the РСОКО
roadmap is monitored by half-years.
"""
from pyramid.traversal import find_interface

from core.plugin import School, hookimpl
from oko_sverdlovsk import portfolio, results, roadmaps
from oko_sverdlovsk.cmm import oko_cmm_items, oko_test_blueprint  # noqa: F401  (the region's CMM items, its blueprint)

REGION = "66"


@hookimpl
def oko_plugin_info():
    return {"name": "sverdlovsk", "version": "1.0", "title": "Свердловская область", "regions": [REGION]}


@hookimpl
def oko_region_details(region):
    return {"authority": "Министерство образования и молодёжной политики Свердловской области",
            "city": "г. Екатеринбург", "head_post": "Министр образования и молодёжной политики Свердловской области"}


@hookimpl
def oko_risk_factors(region):
    return [{"code": "assessment_objectivity",
             "title": "Низкая объективность результатов оценочных процедур (РСОКО)"}]


@hookimpl
def oko_review_criteria(region, document_type):
    if document_type == portfolio.TEACHER_PORTFOLIO:
        return portfolio.criteria()
    return [{"code": "rsoko_indicators",
             "title": "Показатели программы согласованы с показателями РСОКО Свердловской области",
             "mandatory": True}]


@hookimpl
def oko_portfolio_sections(region):
    return portfolio.sections()


@hookimpl
def oko_passport_fields(region):
    return results.passport_fields()


@hookimpl
def oko_assessment_procedures(region):
    return results.procedures()


@hookimpl
def oko_result_indicators(region):
    return results.indicators()


@hookimpl
def oko_roadmap_sections(region):
    return roadmaps.sections()


@hookimpl
def oko_roadmap_monitoring(region):
    return roadmaps.monitoring()


@hookimpl
def oko_on_transition(region, obj, transition, user):
    # NB: the regional monitoring counts confirmations per school; the count
    # lives on the document's school (however deep the document sits) and
    # commits with the transition.
    if transition.to_state == "confirmed":
        school = find_interface(obj, School)
        if school is not None:
            school.rsoko_confirmed = getattr(school, "rsoko_confirmed", 0) + 1
