"""The attestee's personal account and the dossier the commission reads.

``@@register`` the portfolio form (the region's sections and fields) with the
consent; ``@@test`` the test: a form per item that works without JavaScript,
and with it each answer is saved as it changes; the time limit is the
server's. Answers after the limit or after submission are refused with a
Russian message and change nothing.
"""
from types import SimpleNamespace

import colander
import deform
from markupsafe import Markup
from pyramid.response import Response
from pyramid.view import view_config

from core.attestation import Dossier, access, registration, series, sitting, threshold
from core.attestation.model import ATTESTEE, CATEGORIES, DECISIONS
from core.attestation.pages._common import done, refused, template, wants_json
from core.attestation.stages import stages_for
from core.cases import history_rows, state_title
from core.refused import Refused
from core.resources import region_code_of, traverse_path
from core.results import indicators as results_indicators
from core.security.permissions import EDIT, VIEW
from core.views.steps import take
from core.web.forms import Form
from core.web.responses import json_error
from core.workflow import IN_PROGRESS, means

PAGE = template("dossier")
REGISTER_PAGE = template("register")
TEST_PAGE = template("test")
KIND_TITLES = {"single": "Выберите один ответ", "multiple": "Выберите все верные ответы",
               "short": "Впишите краткий ответ", "case": "Управленческий кейс: опишите ваше решение"}


def is_attestee(request, d):
    """Whether the user is the dossier's own attestee."""
    return request.authenticated_userid == d.attestee and ATTESTEE in request.roles_on(d)


def series_rows(host, d, root):
    """``(years, rows, school)``: the school's dynamics, per indicator its values by year, a sparkline and its
    trend in words.

    The indicators of the school results base (``core.results``, the school's passport) when it holds the
    school's results; else the series a campaign imported before it (no trend is told of those).
    """
    school = traverse_path(root, d.school_path) if d.school_path else None
    found = [r for r in results_indicators.rows(host, school) if r.values] if school is not None else []
    if found:
        years = results_indicators.shown_years(found)
        return years, [SimpleNamespace(indicator=r.indicator.heading, values=[r.values.get(y) for y in years],
                                       svg=Markup(series.sparkline([r.values[y] for y in years if y in r.values])),
                                       trend=r.trend_text, verdict=r.verdict) for r in found], school
    data = series.series_of(school) if school is not None else {}
    years = sorted({y for values in data.values() for y in values})[-series.MAX_YEARS:]
    rows = [SimpleNamespace(indicator=name, values=[values.get(y) for y in years],
                            svg=Markup(series.sparkline([values[y] for y in years if y in values])),
                            trend=None, verdict="none")
            for name, values in sorted(data.items())]
    return years, rows, None


def dossier_page(request, d, **extra):
    """The data of the dossier page."""
    host = request.registry.oko
    region = region_code_of(d)
    c = d.campaign
    years, rows, passport = series_rows(host, d, request.root)
    sections = {s["code"]: s["title"] for s in host.portfolio_sections(region)}
    return {
        "d": d, "state": state_title(host, d), "category": CATEGORIES[d.category],
        # NB: a region's own stage (an interview, a project) names the page where it is held.
        "stages": [SimpleNamespace(title=s["title"], result=d.stage_results.get(s["code"]),
                                   url=request.resource_url(d, "@@" + s["view"]) if s.get("view") else None)
                   for s in stages_for(host, region, d.category)],
        "threshold": threshold.threshold_for(c, d.category),
        "decision": DECISIONS[d.category][d.decision][0] if d.decision else None,
        "portfolio": [(sections.get(k, k), v) for k, v in d.portfolio.items()],
        "years": years, "series": rows, "mine": is_attestee(request, d), "history": history_rows(host, d),
        # NB: the commission reads the dossier, not always the school: the passport is linked to who may read it.
        "passport": (request.resource_url(passport, "@@passport")
                     if passport is not None and request.has_permission(VIEW, passport) else None),
        "can_edit": request.has_permission(EDIT, d), "decision_note": _decision_note(request, d),
        "error": None, "details": [], **extra}


def _decision_note(request, d):
    """For the chair and the secretary of a dossier awaiting their decision: where it is taken and what comes
    first, ``(text, url)``; None for anyone else."""
    login = request.authenticated_userid
    step = next((s for s in d.awaited(request.registry.oko) if s.step == "decide"), None)
    if step is None or not step.awaits(login, request.roles_on(d)):
        return None
    c = d.campaign
    if c.meeting is None:
        return ("Решение комиссии записывается на странице кампании во время заседания. Сначала откройте "
                "заседание (дата, место, присутствующие): тогда по каждому аттестуемому появится форма решения.",
                request.resource_url(c, anchor="meeting"))
    return ("Решение комиссии записывается на странице кампании, в таблице решений заседания.",
            request.resource_url(c, anchor="meeting"))


@view_config(context=Dossier, request_method="GET", renderer=PAGE, permission=VIEW)
def dossier_view(context, request):
    """The dossier: state, stages and results, how the threshold was set, the school's results series.

    A test whose time is up is handed in as the page is read (``sitting.expire``).
    """
    sitting.expire(request.registry.oko, context)
    return dossier_page(request, context)


# -- registration: the portfolio and the consent ------------------------------------------

def _register_form(request, d):
    schema = registration.portfolio_schema(request.registry.oko, region_code_of(d))
    for node in schema.children:
        if isinstance(node.typ, colander.String):
            node.widget = deform.widget.TextAreaWidget(rows=3)
    schema.add(colander.SchemaNode(colander.Boolean(), name="consent", title="Согласие",
                                   description=registration.CONSENT_TEXT, missing=False,
                                   widget=deform.widget.CheckboxWidget()))
    form = Form(request, schema, action=request.resource_url(d, "@@register"), formid="register-form",
                buttons=(deform.Button("save", "Сохранить"),))
    return schema, form


@view_config(context=Dossier, name="register", request_method="GET", renderer=REGISTER_PAGE, permission=EDIT)
def register_form(context, request):
    """The portfolio form with the consent."""
    _, form = _register_form(request, context)
    values = {**context.portfolio, "consent": context.consent_at is not None}
    return {"d": context, "form": form.render(values), "error": None, "details": []}


@view_config(context=Dossier, name="register", request_method="POST", renderer=REGISTER_PAGE,
             permission=access.REGISTER.permission)
def register(context, request):
    """Save the portfolio and the consent; the first time, the attestee is registered."""
    schema, form = _register_form(request, context)
    portfolio = {node.name: request.POST.get(node.name, "") for node in schema.children if node.name != "consent"}
    consent = request.POST.get("consent") == "true"
    try:
        registration.register(request.registry.oko, context, portfolio, consent, request.authenticated_userid)
    except Refused as exc:
        page = {"d": context, "form": form.render({**portfolio, "consent": consent})}
        return refused(request, exc, REGISTER_PAGE, page)
    return done(request, request.resource_url(context), "Портфолио сохранено, согласие получено: вы зарегистрированы.")


# -- the test -----------------------------------------------------------------------------

def item_rows(d):
    """The test's items as the page shows them, with the saved answers."""
    rows = []
    for n, item in enumerate(sitting.items_of(d), start=1):
        saved = d.answers.get(item.code)
        chosen = set(saved) if isinstance(saved, tuple) else ({saved} if saved else set())
        rows.append(SimpleNamespace(n=n, item=item, kind_title=KIND_TITLES.get(item.kind, ""), saved=saved,
                                    options=[(key, text, key in chosen) for key, text in item.options]))
    return rows


def test_page(request, d, **extra):
    """The data of the test page."""
    left = sitting.remaining(d)
    return {"d": d, "state": state_title(request.registry.oko, d), "rows": item_rows(d), "remaining": left,
            "expired": means(d, IN_PROGRESS) and left == 0, "timed_out": sitting.timed_out(d),
            "mine": is_attestee(request, d),
            "answered": len(d.answers), "error": None, "details": [], **extra}


@view_config(context=Dossier, name="test", request_method="GET", renderer=TEST_PAGE, permission=VIEW)
def test_view(context, request):
    """The test: start it, answer item by item, hand it in (handed in as it is read once time is up)."""
    sitting.expire(request.registry.oko, context)
    return test_page(request, context)


@view_config(context=Dossier, name="start", request_method="POST", renderer=TEST_PAGE,
             permission=access.START_TEST.permission)
def start(context, request):
    """Start the test: the items are drawn and the clock starts on the server."""
    return take(request, lambda: sitting.start_test(request.registry.oko, context, request.authenticated_userid),
                TEST_PAGE, lambda: test_page(request, context), request.resource_url(context, "@@test"),
                f"Тестирование начато: на ответы {context.campaign.time_limit} мин.")


@view_config(context=Dossier, name="answer", request_method="POST", renderer=TEST_PAGE,
             permission=access.SAVE_ANSWER.permission)
def answer(context, request):
    """Save one answer (a form per item; the page's script posts the same form on change)."""
    code = request.POST.get("item", "")
    item = sitting.item_of(context, code)
    value = request.POST.getall("answer") if item is not None and item.kind == "multiple" \
        else request.POST.get("answer", "")
    try:
        sitting.save_answer(request.registry.oko, context, code, value, request.authenticated_userid)
    except Refused as exc:
        if wants_json(request):
            # NB: the page's script asked: the API's JSON error, as the exception view would answer /api/.
            request.tm.doom()
            return json_error(*exc.as_error())
        return refused(request, exc, TEST_PAGE, test_page(request, context))
    if wants_json(request):
        return Response(json_body={"saved": True, "item": code, "answered": len(context.answers),
                                   "remaining": sitting.remaining(context)})
    return done(request, request.resource_url(context, "@@test", anchor=f"item-{code}"), "Ответ на задание сохранён.")


@view_config(context=Dossier, name="submit", request_method="POST", renderer=TEST_PAGE,
             permission=access.SUBMIT_TEST.permission)
def submit(context, request):
    """Hand the test in: closed items are scored, the cases go to the experts."""
    return take(request, lambda: sitting.submit_test(request.registry.oko, context, request.authenticated_userid),
                TEST_PAGE, lambda: test_page(request, context), request.resource_url(context),
                "Тест сдан. Ответы на кейсы переданы экспертам.")
