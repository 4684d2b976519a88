"""Monitoring of roadmaps on the web: a roadmap's execution (chart, tables, drill-down to the late measures,
XLSX), its stages of monitoring with their справки and the annual report, and every region side by side.

Thin views over ``core.roadmaps.monitoring``. Holding a stage and choosing
the schedule are guarded by the level's step (``MONITOR_ROADMAP``); a stage
out of order, or before its day, answers with the refusal (409), nothing
written.
"""
import datetime
import functools
from types import SimpleNamespace

from markupsafe import Markup
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from core import roadmaps
from core.numbers import number, percent
from core.resources import Root, traverse_path
from core.roadmaps import monitoring, monitoring_report
from core.roadmaps.charts import execution_bars
from core.roadmaps.monitoring import MONITOR_ROADMAP
from core.roadmaps.predicates import by_level
from core.roadmaps.workbook import execution_workbook, federal_workbook
from core.security.permissions import VIEW
from core.views.layout import flash, person
from core.web.responses import attachment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FEDERAL = MONITOR_ROADMAP["federal"]


def _today(request):
    raw = request.GET.get("on", "")
    try:
        return datetime.date.fromisoformat(raw) if raw else datetime.date.today()
    except ValueError:
        raise roadmaps.RoadmapRefused(f"«{raw}» — не дата.", "invalid") from None


# NB: a dashboard writes some hundreds of counts and shares, the same ones request after request: Babel's
# formatting of each is kept (a pure function of its value).
_count = functools.lru_cache(maxsize=20_000)(lambda value: number(value, 0))
_share = functools.lru_cache(maxsize=20_000)(percent)


def row_view(row, late_url=None):
    """What a table shows of a ``monitoring.Row``."""
    f = row.figures
    return SimpleNamespace(title=row.title, code=row.code, total=_count(f.total), due=_count(f.due),
                           on_time=_count(f.on_time), late_done=_count(f.late_done),
                           not_done=_count(f.not_done), overdue=_count(f.overdue), moved=_count(f.moved),
                           share=_share(f.share), late=_count(f.overdue + f.not_done + f.late_done + f.moved),
                           late_url=late_url if (f.overdue or f.not_done or f.late_done or f.moved) else None)


def _under(context, request):
    """The authority a drill-down is limited to (``?under=/66/m1``): the roadmap's own or one below it."""
    raw = request.GET.get("under", "")
    if not raw:
        return context.authority
    try:
        node = traverse_path(request.root, raw)
    except KeyError:
        node = None
    found = node
    while found is not None and found is not context.authority:
        found = found.__parent__
    if node is None or found is None:
        raise HTTPNotFound("Такого исполнителя у этой дорожной карты нет.")
    return node


@view_config(context=roadmaps.Roadmap, name="execution", request_method="GET", permission=VIEW,
             renderer="templates/execution.pt")
def execution_page(context, request):
    """A roadmap's execution: the share done on time, by level, section and the authorities below, with a chart."""
    today = _today(request)
    board = monitoring.dashboard(context, today)
    base = request.resource_url(context)

    def late(**query):
        return request.resource_url(context, "@@late", query={k: v for k, v in query.items() if v})
    by_children = bool(board.children)
    chart_rows = board.children if by_children else board.sections
    overall = row_view(monitoring.Row("", "Всего", board.overall), late())
    tables = [SimpleNamespace(id="by-level", heading=None, first="Уровень",
                              rows=[overall] + [row_view(r, late(level=r.code)) for r in board.levels])]
    if board.sections:
        tables.append(SimpleNamespace(id="by-section", heading="По разделам", first="Раздел",
                                      rows=[row_view(r, late(section=r.code)) for r in board.sections]))
    if board.children:
        tables.append(SimpleNamespace(id="by-child", heading=board.children_title, first=board.children_title,
                                      rows=[row_view(r, late(under=r.path)) for r in board.children]))
    return {"board": board, "overall": overall, "tables": tables, "today": today.strftime("%d.%m.%Y"),
            "chart": Markup(execution_bars(chart_rows, f"Исполнение: {board.children_title.lower()}"
                                           if by_children else "Исполнение по разделам")),
            "xlsx_url": f"{base}@@execution.xlsx" + (f"?on={today.isoformat()}" if request.GET.get("on") else ""),
            "monitoring_url": f"{base}@@monitoring", "roadmap_url": base}


@view_config(context=roadmaps.Roadmap, name="execution.xlsx", request_method="GET", permission=VIEW)
def execution_xlsx(context, request):
    """The execution page as an Excel workbook (with the late measures)."""
    today = _today(request)
    board = monitoring.dashboard(context, today)
    late = monitoring.late_measures(context, today)
    return attachment(execution_workbook(board, late), f"исполнение-{context.__name__}-{today.isoformat()}.xlsx",
                      XLSX)


@view_config(context=roadmaps.Roadmap, name="late", request_method="GET", permission=VIEW,
             renderer="templates/late.pt")
def late_page(context, request):
    """The measures late, done late, not done or moved: of an authority below, a level or a section."""
    today = _today(request)
    under = _under(context, request)
    level = request.GET.get("level") or None
    section = request.GET.get("section") or None
    found = monitoring.late_measures(context, today, under, level if level in roadmaps.LEVELS else None,
                                     section)
    rows = [SimpleNamespace(authority=x.authority, text=x.measure, state=x.state, reason=x.reason,
                            due=x.due.strftime("%d.%m.%Y") if x.due else "без срока",
                            deadline=x.deadline.strftime("%d.%m.%Y") if x.deadline and x.deadline != x.due else None,
                            url=request.application_url + x.roadmap_path + f"/@@measure?id={x.measure_id}")
            for x in found]
    what = [under.title] + ([roadmaps.LEVELS[level]] if level in roadmaps.LEVELS else []) + \
        ([(context.section(section) or roadmaps.Section(section, section)).title] if section else [])
    return {"rows": rows, "what": ", ".join(t for t in what if t), "today": today.strftime("%d.%m.%Y"),
            "limited": len(found) >= monitoring.LATE_MAX, "execution_url": request.resource_url(context, "@@execution")}


@view_config(context=roadmaps.Roadmap, name="monitoring", request_method="GET", permission=VIEW,
             renderer="templates/monitoring.pt")
def monitoring_page(context, request):
    """The stages of monitoring of a year: their days, those held with their справки, the annual report."""
    host, actor = request.registry.oko, request.authenticated_userid
    today = datetime.date.today()
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today.year
    schedule = monitoring.schedule_of(host, context)
    held = {s.key: s for s in monitoring.stages_of(context, year)}
    base = request.resource_url(context)
    stages = []
    for item, day in monitoring.planned_stages(host, context, year):
        stage = held.get(monitoring.stage_key(year, item["code"]))
        stages.append(SimpleNamespace(
            code=item["code"], title=item["title"], date=day.strftime("%d.%m.%Y"), due=day <= today,
            held=stage is not None,
            taken=f"{stage.taken_at:%d.%m.%Y %H:%M}, {person(request, stage.taken_by)}" if stage else None,
            share=percent(stage.figures["overall"]["share_on_time"]) if stage else None,
            report_url=f"{base}@@stage-report?key={stage.key}" if stage else None))
    years = sorted({s.year for s in monitoring.stages_of(context)} | {today.year, year})
    return {"schedule": schedule, "stages": stages, "year": year, "years": years,
            "schedules": monitoring.schedules(host, context), "may_monitor": monitoring.may_monitor(context, actor),
            "annual_url": f"{base}@@annual-report?year={year}" if held and len(held) == len(stages) else None,
            "execution_url": f"{base}@@execution", "roadmap_url": base}


@by_level(MONITOR_ROADMAP, context=roadmaps.Roadmap, name="take-stage", request_method="POST")
def take_stage_post(context, request):
    """Hold a stage of monitoring (``year``, ``stage``): the execution now is frozen in it."""
    post = request.POST
    stage = monitoring.take_stage(request.registry.oko, context, post.get("year"), post.get("stage", ""),
                                  request.authenticated_userid)
    flash(request, f"Этап мониторинга проведён: {stage.title}. Справка готова.", "success")
    return HTTPSeeOther(request.resource_url(context, "@@monitoring", query={"year": stage.year}))


@by_level(MONITOR_ROADMAP, context=roadmaps.Roadmap, name="schedule", request_method="POST")
def schedule_post(context, request):
    """Choose the roadmap's schedule of monitoring among the region's."""
    monitoring.choose_schedule(request.registry.oko, context, request.POST.get("schedule", ""),
                               request.authenticated_userid)
    flash(request, "Порядок мониторинга изменён.", "success")
    return HTTPSeeOther(request.resource_url(context, "@@monitoring"))


@view_config(context=roadmaps.Roadmap, name="stage-report", request_method="GET", permission=VIEW)
def stage_report(context, request):
    """The справка of a held stage (``?key=2024-q2``), a Word document."""
    stage = monitoring.stage_of(context, request.GET.get("key", ""))
    generated = monitoring_report.stage_report(request.registry.oko, context, stage)
    return attachment(generated.data, f"справка-мониторинга-{context.__name__}-{stage.key}.docx", DOCX)


@view_config(context=roadmaps.Roadmap, name="annual-report", request_method="GET", permission=VIEW)
def annual_report(context, request):
    """The annual report of a year (``?year=2024``) made of its stages, a Word document."""
    raw = request.GET.get("year", "")
    if not raw.isdigit():
        raise roadmaps.RoadmapRefused("Укажите год отчёта.", "invalid")
    generated = monitoring_report.annual_report(request.registry.oko, context, int(raw))
    return attachment(generated.data, f"годовой-отчёт-{context.__name__}-{raw}.docx", DOCX)


@view_config(context=Root, name="roadmap-execution", request_method="GET", permission=FEDERAL.permission,
             renderer="templates/federal_execution.pt")
def federal_page(context, request):
    """Every region's execution of its roadmaps, side by side (the federal operator)."""
    today = _today(request)
    rows = monitoring.federal_rows(context, today)
    shown = [r for r in rows if r.figures.total]
    views = []
    for r in shown:
        view = row_view(r)
        view.url = request.application_url + r.path + "/@@roadmaps"
        view.levels = {level: _share(f.share) for level, f in r.levels.items()}
        views.append(view)
    return {"rows": views, "today": today.strftime("%d.%m.%Y"), "absent": len(rows) - len(shown),
            "levels": [("region", "В срок: регион"), ("municipality", "муниципалитеты"), ("school", "школы")],
            "chart": Markup(execution_bars(shown, "Исполнение дорожных карт по регионам")),
            "xlsx_url": request.resource_url(context, "@@roadmap-execution.xlsx")}


@view_config(context=Root, name="roadmap-execution.xlsx", request_method="GET", permission=FEDERAL.permission)
def federal_xlsx(context, request):
    """Every region side by side as an Excel workbook."""
    today = _today(request)
    return attachment(federal_workbook(monitoring.federal_rows(context, today), today),
                      f"исполнение-дорожных-карт-{today.isoformat()}.xlsx", XLSX)
