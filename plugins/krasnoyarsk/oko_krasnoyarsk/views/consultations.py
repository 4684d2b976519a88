"""The consultations log: the region's (all municipalities, the indicator) and a municipality's own.

``/24/@@consultations`` the regional operator's page: the indicator "share
of requests answered" per municipality against the 100% target, the log,
the form to log a request; ``/24/<municipality>/@@consultations`` the
municipal coordinator's: its requests and the same form; a request's own
page (``/24/consultations/<n>``) with the form to record the consultation.
"""
import datetime
from types import SimpleNamespace

import colander
import deform
from markupsafe import Markup
from pyramid.view import view_config

from core.plugin import VIEW, Form, Municipality, Region, state_title, take, take_form
from oko_krasnoyarsk import consultations as log
from oko_krasnoyarsk.views import template

LOG_PAGE = template("consultations")
ENTRY_PAGE = template("consultation")


def _year(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return datetime.date.today().year
    return year if 2000 <= year <= 2100 else datetime.date.today().year


def _request_form(request, context):
    schema = log.RequestSchema().clone()
    if isinstance(context, Region):
        munis = sorted((m for m in context.values() if isinstance(m, Municipality)), key=lambda m: m.title)
        schema.insert(0, colander.SchemaNode(colander.String(), name="municipality", title="Муниципалитет",
                                             widget=deform.widget.SelectWidget(values=[(m.code, m.title) for m in munis])))
    schema["requested_on"].widget = deform.widget.TextInputWidget(attributes={"type": "date"})
    schema["topic"].widget = deform.widget.TextAreaWidget(rows=3)
    schema["channel"].widget = deform.widget.SelectWidget(values=list(log.CHANNELS.items()))
    return Form(request, schema, action=request.resource_url(context, "@@consultations"), formid="consultation-form",
                buttons=(deform.Button("save", "Зарегистрировать запрос"),))


def _bar(share, width=160):
    if share is None:
        return Markup("")
    colour = "#2f855a" if share >= log.TARGET else "#c05621"
    return Markup(f'<svg width="{width}" height="12" role="img" aria-label="{share * 100:.0f} %">'
                  f'<rect width="{width}" height="12" fill="#edf2f7"/>'
                  f'<rect width="{round(width * share, 1)}" height="12" fill="{colour}"/></svg>')


def log_page(request, context, form_html=None, **extra):
    """The data of a region's or a municipality's consultations page."""
    region = context if isinstance(context, Region) else context.__parent__
    muni = None if isinstance(context, Region) else context.code
    year = _year(request)
    rows, total = log.indicator(region, year)
    if muni is not None:
        rows = [r for r in rows if r.code == muni]
        total = rows[0]
    entries = sorted(log.requests(region, year, muni), key=lambda e: e.number, reverse=True)
    host = request.registry.oko
    return {
        "context": context, "year": year, "rows": [SimpleNamespace(r=r, bar=_bar(r.share)) for r in rows],
        "total": total, "total_bar": _bar(total.share), "target": f"{log.TARGET * 100:.0f} %",
        # NB: a link only to an entry its reader may open (a municipality's coordinator reads the log, not the file).
        "entries": [SimpleNamespace(e=e, url=request.resource_url(e) if request.has_permission(VIEW, e) else None,
                                    state=state_title(host, e),
                                    channel=log.CHANNELS.get(e.channel, e.channel)) for e in entries],
        "regional": muni is None,
        "form": form_html if form_html is not None else _request_form(request, context).render(),
        "error": None, "details": [], **extra}


@view_config(context=Region, name="consultations", request_method="GET", renderer=LOG_PAGE, permission=VIEW,
             krasnoyarsk_region=True)
@view_config(context=Municipality, name="consultations", request_method="GET", renderer=LOG_PAGE,
             permission=VIEW, krasnoyarsk_region=True)
def log_view(context, request):
    """The consultations log and the share of requests answered."""
    return log_page(request, context)


@view_config(context=Region, name="consultations", request_method="POST", renderer=LOG_PAGE,
             permission=log.LOG_REQUEST.permission, krasnoyarsk_region=True)
@view_config(context=Municipality, name="consultations", request_method="POST", renderer=LOG_PAGE,
             permission=log.LOG_REQUEST.permission, krasnoyarsk_region=True)
def log_add(context, request):
    """Log a municipality's request for a consultation."""
    form = _request_form(request, context)
    region = context if isinstance(context, Region) else context.__parent__

    def log_it(appstruct):
        values = {k: v for k, v in form.typed.items() if k != "municipality"}
        return log.log_request(request.registry.oko, region, appstruct.get("municipality") or context.code, values,
                               request.authenticated_userid)
    return take_form(request, form, LOG_PAGE, lambda html, **extra: log_page(request, context, html, **extra), log_it,
                     request.resource_url(context, "@@consultations"),
                     lambda entry: f"Запрос № {entry.number} зарегистрирован.",
                     "Запрос заполнен с ошибками: они отмечены ниже.")


def entry_page(request, entry, **extra):
    """The data of a request's page."""
    return {"e": entry, "state": state_title(request.registry.oko, entry),
            "channel": log.CHANNELS.get(entry.channel, entry.channel), "today": datetime.date.today().isoformat(),
            "can_answer": not entry.answered and bool(request.has_permission(log.ANSWER_REQUEST.permission, entry)),
            "error": None, "details": [], **extra}


@view_config(context=log.Consultation, request_method="GET", renderer=ENTRY_PAGE, permission=VIEW,
             krasnoyarsk_region=True)
def entry_view(context, request):
    """A request and, once given, the consultation."""
    return entry_page(request, context)


@view_config(context=log.Consultation, name="answer", request_method="POST", renderer=ENTRY_PAGE,
             permission=log.ANSWER_REQUEST.permission, krasnoyarsk_region=True)
def entry_answer(context, request):
    """The regional operator records the consultation given."""
    values = {"answered_on": request.POST.get("answered_on", ""), "answer": request.POST.get("answer", "")}
    return take(request, lambda: log.answer_request(request.registry.oko, context, values, request.authenticated_userid),
                ENTRY_PAGE, lambda: entry_page(request, context),
                request.resource_url(context.__parent__.__parent__, "@@consultations"),
                f"Консультация по запросу № {context.number} оказана.")
