"""API of the monitoring of roadmaps: a roadmap's execution indicators, its late measures, its stages of
monitoring (held by the level's step), the справка and the annual report, and every region side by side.

Thin wrappers over ``core.roadmaps.monitoring``, validated against the
OpenAPI document (``core.roadmaps.spec``). A stage out of order or before its
day is refused (409), nothing written.
"""
import datetime

from pyramid.view import view_config

from core import roadmaps
from core.api.views import TREE
from core.resources import Root, path_of
from core.roadmaps import monitoring, monitoring_report
from core.roadmaps.monitoring import MONITOR_ROADMAP
from core.roadmaps.predicates import by_level
from core.security.permissions import VIEW
from core.web.responses import attachment

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _on(request):
    raw = request.api_params.get("on")
    return datetime.date.fromisoformat(raw) if raw else datetime.date.today()


def _op(**settings):
    return view_config(route_name=TREE, context=roadmaps.Roadmap, permission=VIEW, **settings)


@_op(name="execution-indicators", request_method="GET", renderer="json", openapi="getRoadmapIndicators")
def roadmap_indicators(context, request):
    """The execution of a roadmap's family at its authority: overall, by level, section and authority below."""
    return {"roadmap": path_of(context), **monitoring.dashboard(context, _on(request)).as_json()}


@_op(name="late-measures", request_method="GET", renderer="json", openapi="listLateMeasures")
def late(context, request):
    """The occurrences late, done late, not done or moved (``under`` an authority, of a ``level`` or ``section``)."""
    params = request.api_params
    under = context.authority
    if params.get("under"):
        node = request.root
        try:
            for name in params["under"].strip("/").split("/"):
                node = node[name]
        except KeyError:
            node = None
        found = node
        while found is not None and found is not context.authority:
            found = found.__parent__
        if found is None:
            raise roadmaps.RoadmapRefused("Такого исполнителя у этой дорожной карты нет.", "not_found")
        under = node
    rows = monitoring.late_measures(context, _on(request), under, params.get("level"), params.get("section"))
    return {"measures": [x.as_json() for x in rows], "limited": len(rows) >= monitoring.LATE_MAX}


def stage_body(stage):
    """What the API says of a held stage."""
    return {"key": stage.key, "year": stage.year, "code": stage.code, "title": stage.title,
            "date": stage.date.isoformat(), "taken_by": stage.taken_by, "taken_at": stage.taken_at.isoformat(),
            "revision": stage.revision, "figures": stage.figures}


@_op(name="stages", request_method="GET", renderer="json", openapi="listMonitoringStages")
def list_stages(context, request):
    """The schedule of monitoring and the stages of a year (``year``), held or not."""
    host = request.registry.oko
    year = request.api_params.get("year") or datetime.date.today().year
    held = {s.key: s for s in monitoring.stages_of(context, year)}
    schedule = monitoring.schedule_of(host, context)
    stages = []
    for item, day in monitoring.planned_stages(host, context, year):
        stage = held.get(monitoring.stage_key(year, item["code"]))
        stages.append({"code": item["code"], "title": item["title"], "date": day.isoformat(),
                       "held": stage_body(stage) if stage else None})
    return {"schedule": {"code": schedule["code"], "title": schedule["title"]}, "year": year, "stages": stages,
            "may_monitor": monitoring.may_monitor(context, request.authenticated_userid)}


@by_level(MONITOR_ROADMAP, route_name=TREE, context=roadmaps.Roadmap, renderer="json", name="stages",
          request_method="POST", openapi="takeMonitoringStage")
def take_stage(context, request):
    """Hold a stage of monitoring: the roadmap's execution now is frozen in it (201)."""
    body = request.api_body
    stage = monitoring.take_stage(request.registry.oko, context, body["year"], body["stage"],
                                  request.authenticated_userid)
    request.response.status = 201
    return {"stage": stage_body(stage)}


@_op(name="stage-report", request_method="GET", openapi="downloadStageReport")
def stage_report(context, request):
    """The справка of a held stage, a .docx."""
    stage = monitoring.stage_of(context, request.api_params["key"])
    generated = monitoring_report.stage_report(request.registry.oko, context, stage)
    return attachment(generated.data, f"справка-мониторинга-{context.__name__}-{stage.key}.docx", DOCX)


@_op(name="annual-report", request_method="GET", openapi="downloadAnnualReport")
def annual_report(context, request):
    """The annual report of a year made of its stages, a .docx; refused until every stage is held."""
    year = request.api_params["year"]
    generated = monitoring_report.annual_report(request.registry.oko, context, year)
    return attachment(generated.data, f"годовой-отчёт-{context.__name__}-{year}.docx", DOCX)


@view_config(route_name=TREE, context=Root, name="roadmap-execution", request_method="GET", renderer="json",
             permission=MONITOR_ROADMAP["federal"].permission, openapi="getFederalRoadmapExecution")
def federal(context, request):
    """Every region's execution of its roadmaps, side by side."""
    today = _on(request)
    return {"as_of": today.isoformat(), "regions": [
        {**r.as_json(), "levels": {level: f.as_json() for level, f in r.levels.items()}}
        for r in monitoring.federal_rows(context, today)]}
