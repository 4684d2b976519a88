"""The timeline's pages: a roadmap's measures on the time axis (``@@timeline``) and its XLSX (``@@timeline.xlsx``).

Thin views over ``core.roadmaps.timeline``; a level is chosen by
``?level=school``, an unknown one shows them all.
"""
import datetime
from types import SimpleNamespace

from pyramid.view import view_config

from core import roadmaps
from core.roadmaps import timeline as tl
from core.security.permissions import VIEW
from core.web.responses import attachment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _level(context, request):
    level = request.GET.get("level") or None
    return level if level in context.levels() else None


@view_config(context=roadmaps.Roadmap, name="timeline", request_method="GET", renderer="templates/timeline.pt",
             permission=VIEW)
def timeline_page(context, request):
    """The roadmap on the time axis: a bar per measure by section and level, the late ones red."""
    level = _level(context, request)
    found = tl.timeline(context, datetime.date.today(), level)
    base = request.resource_url(context)
    undated = [SimpleNamespace(lane=f"{lane.section} · {lane.level_title}", number=m.number, text=m.text,
                               period=m.period.text if m.period else "срок не указан",
                               url=f"{base}@@measure?id={m.id}")
               for lane in found.lanes for m in lane.undated]
    late = [SimpleNamespace(number=b.measure.number, text=b.measure.text, url=f"{base}@@measure?id={b.measure.id}",
                            deadline=min(m.date for m in b.marks if m.overdue).strftime("%d.%m.%Y"))
            for b in found.overdue()]
    return {"chart": tl.chart(found), "undated": undated, "late": late, "level": level,
            "levels": [(code, roadmaps.LEVELS[code]) for code in context.levels()],
            "statuses": [(code, title) for code, title in tl.STATUS_TITLES.items()],
            "today": found.today.strftime("%d.%m.%Y"), "measure_url": f"{base}@@measure?id=",
            "xlsx_url": request.resource_url(context, "@@timeline.xlsx", query={"level": level} if level else None)}


@view_config(context=roadmaps.Roadmap, name="timeline.xlsx", request_method="GET", permission=VIEW)
def timeline_xlsx(context, request):
    """The timeline as an Excel workbook: a row per measure with its dates, status and whether it is late."""
    level = _level(context, request)
    body = tl.workbook(context, datetime.date.today(), level)
    return attachment(body, f"Сроки — {context.title[:80]}.xlsx", XLSX)
