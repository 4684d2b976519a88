"""The 500+ indicators in the JSON API: the same figures and drill-down as the dashboards."""
from pyramid.view import view_config

from core.api.validation import ApiError
from core.api.views import TREE, node_ref
from core.project500 import report, schedule, snapshots
from core.resources import Municipality, Region, Root, path_of, region_code_of
from core.security.permissions import VIEW
from core.web.paging import api_page

PAGE = "indicators-500"
MISSING = "indicators-500-missing"


def _figure(fig):
    return {"code": fig.code, "title": fig.title, "count": fig.count, "total": fig.total, "share": fig.share}


def _year(request, context):
    year = request.api_params.get("year")
    return year if year is not None else report.default_year(context)


@view_config(route_name=TREE, context=Root, name=PAGE, request_method="GET", renderer="json",
             permission=VIEW, openapi="getIndicators500")
@view_config(route_name=TREE, context=Region, name=PAGE, request_method="GET", renderer="json",
             permission=VIEW, openapi="getIndicators500")
@view_config(route_name=TREE, context=Municipality, name=PAGE, request_method="GET", renderer="json",
             permission=VIEW, openapi="getIndicators500")
def indicators(context, request):
    """Every indicator at this node in a year, and each child's (regions or municipalities)."""
    host = request.registry.oko
    year = _year(request, context)
    items = report.indicator_list(host, context)
    figs = report.figures(host, context, year, items)
    return {
        "node": node_ref(host, context), "year": year, "years": report.years(context),
        "total": figs[0].total if figs else 0, "indicators": [_figure(f) for f in figs],
        "breakdown": [{"path": path_of(row.node), "code": row.code, "title": row.title, "total": row.total,
                       "counts": {f.code: f.count for f in row.figures},
                       "shares": {f.code: f.share for f in row.figures}}
                      for row in report.breakdown(host, context, year, items)],
    }


@view_config(route_name=TREE, context=Root, name=MISSING, request_method="GET", renderer="json",
             permission=VIEW, openapi="getIndicators500Missing")
@view_config(route_name=TREE, context=Region, name=MISSING, request_method="GET", renderer="json",
             permission=VIEW, openapi="getIndicators500Missing")
@view_config(route_name=TREE, context=Municipality, name=MISSING, request_method="GET", renderer="json",
             permission=VIEW, openapi="getIndicators500Missing")
def missing(context, request):
    """One page of the project's schools under this node that do not meet an indicator yet."""
    host = request.registry.oko
    params = request.api_params
    year, code = _year(request, context), params["code"]
    if code not in {i["code"] for i in report.indicator_list(host, context)}:
        raise ApiError(404, "unknown_indicator", f"Нет такого показателя: «{code}».")
    page = api_page(request)
    found, total = report.missing(context, year, code, page.offset, page.size)
    return {"code": code, "year": year, **page.body(total),
            "schools": [{"path": path_of(p.__parent__), "code": p.code, "title": p.__parent__.title,
                         "municipality": p.__parent__.__parent__.title, "participation": path_of(p)}
                        for p in found]}


SNAPSHOTS = "indicators-500-snapshots"


@view_config(route_name=TREE, context=Root, name=SNAPSHOTS, request_method="GET", renderer="json",
             permission=VIEW, openapi="getIndicators500Snapshots")
@view_config(route_name=TREE, context=Region, name=SNAPSHOTS, request_method="GET", renderer="json",
             permission=VIEW, openapi="getIndicators500Snapshots")
@view_config(route_name=TREE, context=Municipality, name=SNAPSHOTS, request_method="GET", renderer="json",
             permission=VIEW, openapi="getIndicators500Snapshots")
def indicator_snapshots(context, request):
    """An indicator's dated snapshots at this node (``weekly``: the last of each week)."""
    host, params = request.registry.oko, request.api_params
    year, code = _year(request, context), params["code"]
    if code not in {i["code"] for i in report.indicator_list(host, context)}:
        raise ApiError(404, "unknown_indicator", f"Нет такого показателя: «{code}».")
    weekly = params.get("weekly") in ("true", "1")
    points = (snapshots.weekly if weekly else snapshots.series)(context, year, code)
    return {"code": code, "year": year, "weekly": weekly,
            "points": [{"day": p.day.isoformat(), "met": p.met, "total": p.total, "share": p.share} for p in points]}


@view_config(route_name=TREE, context=Region, name="schedule-500", request_method="GET", renderer="json",
             permission=VIEW, openapi="getSchedule500")
def schedule_500(context, request):
    """The dated steps of the 500+ project in the region: the seed's windows, the region's deadlines."""
    year = _year(request, context)
    return {"year": year, "steps": [
        {"name": w.name, "title": w.title, "text": w.text, "start": w.start.isoformat(), "end": w.end.isoformat(),
         "regional": w.regional} for w in schedule.schedule(request.registry.oko, region_code_of(context), year)]}
