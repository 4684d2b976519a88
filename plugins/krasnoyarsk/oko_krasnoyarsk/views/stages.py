"""A dossier's Krasnoyarsk stages: the interview on the monitoring, and the management project.

``@@krsk-interview`` the leader's monitoring (trends with sparklines), the
interview's questions and, for the commission, its scoring form;
``@@krsk-project`` the attestee's project form (deform: a suggested topic or
its own, the sections of the structure) and, for the commission, the project
and its scoring by the criteria.
"""
import datetime
from types import SimpleNamespace

import deform
from markupsafe import Markup
from pyramid.view import view_config

from core.plugin import ATTESTEE, VIEW, Dossier, Form, meaning_of, number, scripts, sparkline, take, take_form
from oko_krasnoyarsk import interview as steps
from oko_krasnoyarsk import management_project as projects
from oko_krasnoyarsk.attestation import (
    INTERVIEW_MAX,
    OPEN_INTERVIEW,
    OPEN_STATES,
    PROJECT_MAX,
    SCORE_INTERVIEW,
    SCORE_PROJECT,
    SUBMIT_PROJECT,
)
from oko_krasnoyarsk.views import template

INTERVIEW_PAGE = template("interview")
PROJECT_PAGE = template("project")


def _date(value):
    try:
        return datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _commission(request, d, step):
    # NB: who scores a stage is the step's declaration; the page offers its forms to them alone.
    return bool(request.has_permission(step.permission, d))


def _mine(request, d):
    return request.authenticated_userid == d.attestee and ATTESTEE in request.roles_on(d)


# -- the interview ------------------------------------------------------------------------

def interview_page(request, d, **extra):
    """The data of the interview page."""
    held = steps.interview_of(d)
    trends = held.trends if held is not None else steps.monitoring_of(d)
    return {
        "d": d, "interview": held, "blocks": steps.BLOCKS, "question_max": steps.QUESTION_MAX,
        "stage_max": INTERVIEW_MAX, "commission": _commission(request, d, SCORE_INTERVIEW),
        "trends": [SimpleNamespace(t=t, svg=Markup(sparkline([v for _, v in t.years]))) for t in trends],
        "today": datetime.date.today().isoformat(), "error": None, "details": [], **extra}


@view_config(context=Dossier, name="krsk-interview", request_method="GET", renderer=INTERVIEW_PAGE,
             permission=VIEW, krasnoyarsk_region=True)
def interview_view(context, request):
    """The monitoring of the leader's results and the interview built on it."""
    return interview_page(request, context)


@view_config(context=Dossier, name="krsk-interview-open", request_method="POST", renderer=INTERVIEW_PAGE,
             permission=OPEN_INTERVIEW.permission, krasnoyarsk_region=True)
def interview_open(context, request):
    """The commission prepares the interview: questions drawn from the monitoring, fixed from now on."""
    return take(request, lambda: steps.open_interview(request.registry.oko, context, request.authenticated_userid),
                INTERVIEW_PAGE, lambda: interview_page(request, context),
                request.resource_url(context, "@@krsk-interview"), "Вопросы собеседования подготовлены.")


@view_config(context=Dossier, name="krsk-interview-score", request_method="POST", renderer=INTERVIEW_PAGE,
             permission=SCORE_INTERVIEW.permission, krasnoyarsk_region=True)
def interview_score(context, request):
    """The commission's scores of the interview: one per question."""
    held = steps.interview_of(context)
    scores = {q.code: request.POST.get(f"q-{q.code}", "") for q in (held.questions if held else ())}
    return take(request, lambda: steps.score_interview(
        request.registry.oko, context, scores, request.authenticated_userid,
        held_on=_date(request.POST.get("held_on")), notes=request.POST.get("notes", "")),
        INTERVIEW_PAGE, lambda: interview_page(request, context), request.resource_url(context, "@@krsk-interview"),
        lambda _: f"Собеседование оценено: {number(steps.interview_of(context).points)} из {INTERVIEW_MAX}.")


# -- the management project ---------------------------------------------------------------

def _project_form(request, d):
    schema = projects.project_schema()
    schema["topic"].widget = deform.widget.SelectWidget(
        values=[("", "— выберите тему —")] + list(projects.TOPICS) + [(projects.OWN_TOPIC, "Собственная тема")])
    for node in schema.children:
        if node.name not in ("topic", "own_topic"):
            node.widget = deform.widget.TextAreaWidget(rows=4)
    return Form(request, schema, action=request.resource_url(d, "@@krsk-project"), formid="project-form",
                buttons=(deform.Button("save", "Сохранить проект"),))


def project_page(request, d, form_html=None, **extra):
    """The data of the project page: the attestee's form, or the project and the commission's scoring."""
    project = projects.project_of(d)
    mine = _mine(request, d)
    editable = mine and meaning_of(d) in OPEN_STATES and not (
        project is not None and project.points is not None)
    if editable and form_html is None:
        form = _project_form(request, d)
        form_html = form.render(dict(project.current) if project is not None else {})
    sections = [SimpleNamespace(title=title, text=project.current.get(code, ""))
                for code, title, _ in projects.SECTIONS] if project is not None else []
    return {
        "d": d, "project": project, "sections": sections, "topics": projects.TOPICS,
        "criteria": projects.CRITERIA, "stage_max": PROJECT_MAX, "mine": mine,
        "commission": _commission(request, d, SCORE_PROJECT),
        "form": form_html if editable else None,
        "deform_js": scripts(request),
        "error": None, "details": [], **extra}


@view_config(context=Dossier, name="krsk-project", request_method="GET", renderer=PROJECT_PAGE,
             permission=VIEW, krasnoyarsk_region=True)
def project_view(context, request):
    """The management project: the attestee writes it, the commission scores it."""
    return project_page(request, context)


@view_config(context=Dossier, name="krsk-project", request_method="POST", renderer=PROJECT_PAGE,
             permission=SUBMIT_PROJECT.permission, krasnoyarsk_region=True)
def project_save(context, request):
    """The attestee saves the project (a new version); a bad form changes nothing."""
    form = _project_form(request, context)
    return take_form(request, form, PROJECT_PAGE, lambda html, **extra: project_page(request, context, html, **extra),
                     lambda _: projects.submit_project(request.registry.oko, context, form.typed,
                                                       request.authenticated_userid),
                     request.resource_url(context, "@@krsk-project"), "Управленческий проект сохранён.",
                     "Проект заполнен с ошибками: они отмечены ниже.")


@view_config(context=Dossier, name="krsk-project-score", request_method="POST", renderer=PROJECT_PAGE,
             permission=SCORE_PROJECT.permission, krasnoyarsk_region=True)
def project_score(context, request):
    """The commission scores the project by the criteria."""
    scores = {c["code"]: request.POST.get(f"c-{c['code']}", "") for c in projects.CRITERIA}
    return take(request, lambda: projects.score_project(request.registry.oko, context, scores,
                                                        request.authenticated_userid,
                                                        comment=request.POST.get("comment", "")),
                PROJECT_PAGE, lambda: project_page(request, context), request.resource_url(context, "@@krsk-project"),
                lambda project: f"Проект оценён: {number(project.points)} из {PROJECT_MAX}.")
