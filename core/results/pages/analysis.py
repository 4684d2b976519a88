"""The analysis of results: clusters and flags of a region or a municipality, the list of schools with low results
(the region's operator proposes, edits with reasons, accepts into 500+), a school's place in its cluster and its
addressed recommendation (a methodologist drafts, edits, sends; a Word file)."""
from markupsafe import Markup
from pyramid.response import Response
from pyramid.view import view_config

from core import roadmaps
from core.refused import Refused
from core.resources import Municipality, Region, School, region_code_of
from core.results import access, clusters, definitions, low, objectivity, recommendations, trend
from core.results.model import bank_of
from core.results.pages._common import template
from core.roadmaps.access import KEEP_ROADMAP
from core.security.permissions import VIEW
from core.views.steps import refused, take
from core.web.responses import attachment

PAGE = template("analysis")
SCHOOL_PAGE = template("recommendation")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _year(request, clustering):
    year = request.params.get("year", "")
    if year.isdigit() and 2000 <= int(year) <= 2100:
        return int(year)
    return clustering.year + 1 if clustering is not None and clustering.year else None


def analysis_page(context, request, **extra):
    """The data of the analysis page of a region or a municipality."""
    host = request.registry.oko
    bank = bank_of(context)
    clustering = bank.clustering if bank is not None else None
    is_region = isinstance(context, Region)
    region = context if is_region else context.__parent__
    year = _year(request, clustering)
    listed = low.list_of(region, year) if is_region and year and bank is not None else None
    summary = []
    if not is_region and clustering is not None:
        for school, found in recommendations.summary(host, context, clustering.year):
            summary.append({"school": school, "cluster": clustering.labels.get(school.code), "found": found})
    rule = low.rule_of(host, region_code_of(context))
    return {"node": context, "is_region": is_region, "clustering": clustering, "method": clusters.METHOD,
            "flags": objectivity.flags(host, context, bank), "rules": objectivity.RULES,
            "rules_note": objectivity.RULES_NOTE, "year": year, "listed": listed, "rule": rule,
            "spread_note": low.SPREAD_NOTE, "summary": summary, "number": trend.number,
            "may_analyse": bool(request.has_permission(access.ANALYSE.permission, context)),
            "may_propose": bool(request.has_permission(access.PROPOSE_LOW_RESULTS.permission, context)),
            "may_decide": bool(request.has_permission(access.DECIDE_LOW_RESULTS.permission, context)),
            "error": None, "details": [], **extra}


@view_config(context=Region, name="analysis", renderer=PAGE, request_method="GET", permission=VIEW)
@view_config(context=Municipality, name="analysis", renderer=PAGE, request_method="GET", permission=VIEW)
def analysis_view(context, request):
    """Clusters, flags of objectivity, the low-results list (the region) or the schools' recommendations."""
    return analysis_page(context, request)


def _back(request, context, anchor, year=None):
    query = {"year": year} if year else None
    return request.resource_url(context, "@@analysis", query=query) + anchor


@view_config(context=Region, name="analysis-cluster", request_method="POST", permission=access.ANALYSE.permission)
def cluster(context, request):
    """The operator (re)computes the clusters of the region's schools."""
    def step():
        bank = bank_of(context)
        if bank is None:
            raise low.LowResultsRefused("Результаты ещё не загружены: группировать нечего.", "invalid")
        return clusters.compute(request.registry.oko, context, bank, request.authenticated_userid)
    return take(request, step, PAGE, lambda: analysis_page(context, request), _back(request, context, "#clusters"),
                lambda found: f"Кластеры рассчитаны: {found.k} (по наибольшему коэффициенту силуэта).")


@view_config(context=Region, name="low-results-propose", request_method="POST",
             permission=access.PROPOSE_LOW_RESULTS.permission)
def propose(context, request):
    """The operator forms the list of schools with low results by the region's rule."""
    year = _year(request, getattr(bank_of(context), "clustering", None))
    return take(request, lambda: low.propose(request.registry.oko, context, year, request.authenticated_userid),
                PAGE, lambda: analysis_page(context, request), _back(request, context, "#low", year),
                lambda found: f"Список на {year} год сформирован по правилу региона: школ — {len(found.proposed)}.")


@view_config(context=Region, name="low-results-change", request_method="POST",
             permission=access.DECIDE_LOW_RESULTS.permission)
def change(context, request):
    """The operator adds a school to the list or removes one, with the reason."""
    year = _year(request, getattr(bank_of(context), "clustering", None))
    include = request.POST.get("include") == "1"
    code = request.POST.get("code", "")
    return take(request, lambda: low.change(request.registry.oko, context, year, code, include,
                                            request.POST.get("reason", ""), request.authenticated_userid),
                PAGE, lambda: analysis_page(context, request), _back(request, context, "#low", year),
                f"Школа {code.strip()} {'добавлена в список' if include else 'исключена из списка'}.")


@view_config(context=Region, name="low-results-accept", request_method="POST",
             permission=access.DECIDE_LOW_RESULTS.permission)
def accept(context, request):
    """The operator accepts the list: its schools are enrolled in the 500+ project."""
    year = _year(request, getattr(bank_of(context), "clustering", None))
    return take(request, lambda: low.accept(request.registry.oko, context, year, request.authenticated_userid),
                PAGE, lambda: analysis_page(context, request), _back(request, context, "#low", year),
                lambda found: f"Список принят: в проект «500+» на {year} год включено школ — {len(found.enrolled)}"
                              + (f", уже участвовали — {len(found.already)}" if found.already else "") + ".")


def school_page(context, request, **extra):
    """The data of a school's page of its cluster and recommendation."""
    host = request.registry.oko
    bank = bank_of(context)
    clustering = bank.clustering if bank is not None else None
    defs = definitions.of(host, region_code_of(context))
    number = clustering.labels.get(context.code) if clustering is not None else None
    cluster_ = next((c for c in clustering.clusters if c.number == number), None) if number else None
    chosen = request.GET.get("indicator", "vpr_base")
    chosen = chosen if chosen in defs.indicators else next(iter(defs.indicators), None)
    chart = Markup(clusters.position_chart(host, bank, clustering, context.code, chosen)) if cluster_ else ""
    found = recommendations.of(context, clustering.year) if clustering is not None else None
    may_edit = bool(request.has_permission(access.EDIT_RECOMMENDATION.permission, context))
    may_keep = bool(request.has_permission(KEEP_ROADMAP["school"].permission, context))
    return {"roadmaps": roadmaps.roadmaps_of(context) if may_keep else [], "school": context,
            "clustering": clustering, "cluster": cluster_, "chart": chart,
            "indicators": [i for i in defs.indicators.values() if not i.versus_region], "chosen": chosen,
            "found": found if found is not None and (found.sent or may_edit) else None, "may_edit": may_edit,
            "may_send": bool(request.has_permission(access.SEND_RECOMMENDATION.permission, context)),
            "flags": objectivity.of_school(host, context, bank) if may_edit else [],
            "method": clusters.METHOD, "error": None, "details": [], **extra}


@view_config(context=School, name="recommendation", renderer=SCHOOL_PAGE, request_method="GET", permission=VIEW)
def school_view(context, request):
    """Where the school stands in its cluster, and its recommendation (once sent, for the school)."""
    return school_page(context, request)


def _school_back(request, context):
    return request.resource_url(context, "@@recommendation") + "#recommendation"


@view_config(context=School, name="recommendation-draft", request_method="POST",
             permission=access.EDIT_RECOMMENDATION.permission)
def draft(context, request):
    """The methodologist drafts the school's recommendation from the analysis."""
    return take(request, lambda: recommendations.draft(request.registry.oko, context, request.authenticated_userid),
                SCHOOL_PAGE, lambda: school_page(context, request), _school_back(request, context),
                "Рекомендации составлены по результатам анализа: проверьте и отредактируйте их перед отправкой.")


@view_config(context=School, name="recommendation-edit", request_method="POST",
             permission=access.EDIT_RECOMMENDATION.permission)
def edit(context, request):
    """The methodologist edits the measures and the conclusion."""
    year = request.POST.get("year", "")
    return take(request, lambda: recommendations.edit(
        request.registry.oko, context, int(year) if year.isdigit() else 0, request.POST.get("measures", ""),
        request.POST.get("conclusion", ""), request.authenticated_userid),
        SCHOOL_PAGE, lambda: school_page(context, request), _school_back(request, context),
        lambda changed: "Рекомендации сохранены." if changed else "Рекомендации не изменились.")


@view_config(context=School, name="recommendation-send", request_method="POST",
             permission=access.SEND_RECOMMENDATION.permission)
def send(context, request):
    """The methodologist sends the recommendation to the school."""
    year = request.POST.get("year", "")
    return take(request, lambda: recommendations.send(request.registry.oko, context,
                                                      int(year) if year.isdigit() else 0,
                                                      request.authenticated_userid),
                SCHOOL_PAGE, lambda: school_page(context, request), _school_back(request, context),
                "Рекомендации отправлены школе.")


@view_config(context=School, name="recommendation-roadmap", request_method="POST",
             permission=KEEP_ROADMAP["school"].permission)
def to_roadmap(context, request):
    """The school's head adds the measures of the sent recommendation to the school's roadmap."""
    year = request.POST.get("year", "")
    return take(request, lambda: recommendations.to_roadmap(
        request.registry.oko, context, int(year) if year.isdigit() else 0, request.POST.get("roadmap", ""),
        request.authenticated_userid), SCHOOL_PAGE, lambda: school_page(context, request),
        _school_back(request, context), lambda added: f"В дорожную карту школы добавлено мероприятий: {len(added)}.")


@view_config(context=Municipality, name="recommendations.xlsx", request_method="GET", permission=VIEW)
def summary_xlsx(context, request):
    """The municipality's summary of its schools' recommendations as an .xlsx file."""
    bank = bank_of(context)
    clustering = bank.clustering if bank is not None else None
    if clustering is None:
        return refused(request, recommendations.RecommendationRefused(
            "Кластеры ещё не рассчитаны: сводки рекомендаций нет.", "not_found"), PAGE, analysis_page(context, request))
    return attachment(recommendations.summary_workbook(request.registry.oko, context, clustering.year),
                      f"рекомендации-{context.__name__}-{clustering.year}.xlsx", XLSX)


@view_config(context=School, name="recommendation.docx", request_method="GET", permission=VIEW)
def docx(context, request):
    """The recommendation as a Word document (a draft only for who edits it)."""
    page = school_page(context, request)
    found = page["found"]
    if found is None:
        return refused(request, recommendations.RecommendationRefused("Рекомендаций для школы ещё нет.",
                                                                      "not_found"), SCHOOL_PAGE, page)
    try:
        generated = recommendations.document(request.registry.oko, context, found)
    except Refused as exc:
        return refused(request, exc, SCHOOL_PAGE, page)
    return Response(generated.data, content_type=DOCX, content_disposition=(
        f"attachment; filename=\"recommendation-{context.code}-{found.year}.docx\""))
