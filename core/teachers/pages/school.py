"""A school's teacher attestation: the head appoints the officer; the officer's dashboard of a year."""
import datetime

from pyramid.view import view_config

from core.acts import document_defaults
from core.refused import Refused
from core.resources import School, traverse_path
from core.security.choosing import pick
from core.security.permissions import VIEW
from core.site import get_site
from core.teachers import access, dashboard, steps
from core.teachers.importer import import_into_school
from core.teachers.model import AttestationYear, year_name
from core.teachers.pages import forms
from core.teachers.pages._common import done, form_date, refused, template
from core.views.listing import paged
from core.web.paging import requested_page
from core.web.responses import attachment

SCHOOL_PAGE = template("school")
YEAR_PAGE = template("year")
# Teachers per page of a year's dashboard, as in the region's overdue list: a school may have thousands.
YEAR_PAGE_SIZE = 50


def _plan_form(request, school):
    return forms.form(request, forms.plan_schema(), request.resource_url(school, "@@plan-teacher"), "plan-teacher",
                      "Добавить")


def _import_form(request, school):
    return forms.form(request, forms.import_schema(), request.resource_url(school, "@@import-teachers"),
                      "import-teachers", "Загрузить")


def school_page(context, request, forms_=None, **extra):
    """The data of a school's teacher attestation page (``forms_`` replace the forms as first shown)."""
    years = sorted((y for y in context.values() if isinstance(y, AttestationYear)),
                   key=lambda y: y.project_year, reverse=True)
    roles = request.roles_on(context)
    today = datetime.date.today()
    is_officer = bool({"attestation_officer", "school_head"} & roles)
    shown = {"plan": _plan_form(request, context).render(),
             "import": _import_form(request, context).render()} if is_officer else {}
    return {"school": context, "years": years, "is_head": "school_head" in roles, "is_officer": is_officer,
            "current": steps.school_year_of(today), "forms": {**shown, **(forms_ or {})},
            "doc_defaults": document_defaults(request.registry.oko, context),
            "error": None, "details": [], **extra}


@view_config(context=School, name="teachers", renderer=SCHOOL_PAGE, request_method="GET", permission=VIEW)
def school_view(context, request):
    """The school's attestation years, the head's order appointing the officer, a teacher added to the plan."""
    return school_page(context, request)


@view_config(context=School, name="appoint-officer", request_method="POST",
             permission=access.APPOINT_OFFICER.permission)
def appoint_officer(context, request):
    """The head appoints the attestation officer: the order is drafted from its template."""
    p = request.POST
    host = request.registry.oko
    try:
        officer = pick(context, "place", p.get("officer"))
        year = int(p.get("school_year", ""))
        values = {"authority_name": context.title, "city": p.get("city", ""), "school_year": f"{year}/{year + 1}",
                  "officer_name": p.get("officer_name", ""), "officer_post": p.get("officer_post", ""),
                  "schedule_due": form_date(p.get("schedule_due")), "signatory_post": p.get("signatory_post", ""),
                  "signatory_name": p.get("signatory_name", "")}
        act = steps.appoint_officer(host, context, year, officer, request.authenticated_userid, values)
    except Refused as exc:
        return refused(request, exc, SCHOOL_PAGE, school_page(context, request))
    return done(request, request.resource_url(act), "Приказ о назначении ответственного за аттестацию составлен.")


@view_config(context=School, name="plan-teacher", request_method="POST",
             permission=access.PLAN_TEACHER.permission)
def plan_teacher(context, request):
    """The officer puts a teacher in the schedule: post, category sought, planned date D."""
    def action(v):
        return steps.plan_teacher(request.registry.oko, context, v["full_name"], v["post"], v["category"],
                                  v["planned"], request.authenticated_userid)
    return forms.take(request, _plan_form(request, context), "plan", SCHOOL_PAGE,
                      lambda forms=None, **extra: school_page(context, request, forms, **extra), action,
                      lambda d: request.resource_url(d.__parent__), lambda d: f"Педагог {d.full_name} в графике аттестации.")


@view_config(context=School, name="import-teachers", request_method="POST",
             permission=access.IMPORT_TEACHERS.permission)
def import_file(context, request):
    """The officer loads the school's teachers from a CSV or XLSX file."""
    host = request.registry.oko

    def action(v):
        upload = v["file"]
        return import_into_school(host, context, host.upload_limits.read(upload["fp"]),
                                  upload["filename"], request.authenticated_userid)
    return forms.take(request, _import_form(request, context), "import", SCHOOL_PAGE,
                      lambda forms=None, **extra: school_page(context, request, forms, **extra), action,
                      lambda report: request.resource_url(context, "@@teachers"), lambda report: report.summary(),
                      keep=False)


def _orders(request, year):
    """The year's orders as links by their titles: ``[(label, title, url or None)]`` (a link if its reader may)."""
    site = get_site(request)
    out = []
    for label, path in (("Приказ о назначении ответственного", year.officer_order),
                        ("График аттестации", year.schedule_order)):
        act = traverse_path(site, path) if path else None
        if act is not None:
            url = request.resource_url(act) if request.has_permission(VIEW, act) else None
            out.append((label, act.title, url))
    return out


def year_page(context, request, **extra):
    """The data of the officer's dashboard of a year: one page of its teachers."""
    host = request.registry.oko
    today = datetime.date.today()
    roles = request.roles_on(context)
    page = requested_page(request, YEAR_PAGE_SIZE)
    board = dashboard.board(host, context, today, page.offset, page.size)
    return {"year": context, "school": context.school, "board": board.groups, "counts": board.counts,
            "doc_defaults": document_defaults(host, context.school),
            "pager": paged(page, board.counts["total"], request.resource_url(context)),
            "today": today, "orders": _orders(request, context),
            "is_officer": bool({"attestation_officer", "school_head"} & roles),
            "is_coordinator": "municipal_coordinator" in roles,
            "error": None, "details": [], **extra}


@view_config(context=AttestationYear, renderer=YEAR_PAGE, request_method="GET", permission=VIEW)
def year_view(context, request):
    """The officer's dashboard: teachers by step, due and overdue deadlines marked."""
    return year_page(context, request)


@view_config(context=AttestationYear, name="calendar.ics", request_method="GET", permission=VIEW)
def calendar(context, request):
    """The school's attestation deadlines as an iCalendar file."""
    body = dashboard.icalendar(request.registry.oko, context)
    return attachment(body.encode("utf-8"), f"{year_name(context.project_year)}-{context.school.code}.ics",
                      "text/calendar", "utf-8")


@view_config(context=AttestationYear, name="schedule", request_method="POST",
             permission=access.DRAFT_SCHEDULE.permission)
def schedule(context, request):
    """The officer drafts the school's attestation schedule order from the year's teachers."""
    p = request.POST
    values = {"authority_name": context.school.title, "city": p.get("city", ""),
              "officer_name": p.get("officer_name", ""), "signatory_post": p.get("signatory_post", ""),
              "signatory_name": p.get("signatory_name", "")}
    try:
        act = steps.draft_schedule(request.registry.oko, context, request.authenticated_userid, values)
    except Refused as exc:
        return refused(request, exc, YEAR_PAGE, year_page(context, request))
    return done(request, request.resource_url(act), "Приказ об утверждении графика аттестации составлен.")
