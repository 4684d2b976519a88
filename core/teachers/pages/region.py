"""The region's (or a municipality's) view of teacher attestation: overdue steps, the result order."""
import datetime

from pyramid.view import view_config

from core.acts import document_defaults
from core.refused import Refused
from core.resources import Municipality, Region, path_of, region_code_of
from core.security.choosing import pick
from core.security.permissions import VIEW
from core.security.users import users_of
from core.site import get_site
from core.teachers import access, commission, dashboard, experts, result_order, steps
from core.teachers.model import COMMISSION_ROLES, STEP_TITLES
from core.teachers.pages._common import done, form_date, refused, template
from core.views.listing import paged
from core.web.paging import requested_page

PAGE = template("region")
# Overdue dossiers per page: a region has tens of thousands of teachers.
PAGE_SIZE = 50


def region_page(context, request, **extra):
    """Overdue dossiers of the region (or below the municipality) and the decisions awaiting an order."""
    site = get_site(request)
    today = datetime.date.today()
    under = None if isinstance(context, Region) else path_of(context)
    page = requested_page(request, PAGE_SIZE)
    found = dashboard.overdue_page(context, today, page.offset, page.size, under)
    pager = paged(page, found["total"], request.resource_url(context, "@@teachers"))
    users = users_of(site)
    people = None
    if isinstance(context, Region) and request.has_permission(access.ADD_EXPERT.permission, context):
        people = {"experts": experts.members(context), "waiting": len(experts.waiting(context)),
                  "commission": [(role, COMMISSION_ROLES[role], users[login]) for role, logins in
                                 commission.composition(context).items() for login in logins if login in users],
                  "roles": COMMISSION_ROLES}
    return {"node": context, "today": today, "overdue": found, "pager": pager, "titles": STEP_TITLES,
            "doc_defaults": document_defaults(request.registry.oko, context),
            # NB: a row links to the dossier only for those who may read it (the school, not the operator).
            "readable": {d.uid for d in found["rows"] if request.has_permission(VIEW, d)},
            "awaiting_order": result_order.awaiting_order(context),
            "may_order": bool(request.has_permission(access.DRAFT_RESULT_ORDER.permission, context)),
            "people": people, "error": None, "details": [], **extra}


@view_config(context=Region, name="teachers", renderer=PAGE, request_method="GET", permission=VIEW)
@view_config(context=Municipality, name="teachers", renderer=PAGE, request_method="GET", permission=VIEW)
def region_view(context, request):
    """Teachers by step and the overdue ones, earliest deadline first."""
    return region_page(context, request)


@view_config(context=Region, name="teachers-order", request_method="POST",
             permission=access.DRAFT_RESULT_ORDER.permission)
@view_config(context=Municipality, name="teachers-order", request_method="POST",
             permission=access.DRAFT_RESULT_ORDER.permission)
def draft_order(context, request):
    """The commission's decisions go into an order approving the results (drafted from its template)."""
    p = request.POST
    try:
        values = {"authority_name": context.title, "city": p.get("city", ""),
                  "protocol_number": p.get("protocol_number", ""), "protocol_date": form_date(p.get("protocol_date")),
                  "responsible_name": p.get("responsible_name", ""), "notify_days": int(p.get("notify_days") or 5),
                  "signatory_post": p.get("signatory_post", ""), "signatory_name": p.get("signatory_name", "")}
        act = result_order.draft_result_order(request.registry.oko, context,
                                              request.authenticated_userid, values)
    except Refused as exc:
        return refused(request, exc, PAGE, region_page(context, request))
    # NB: the commission reads this draft as its act_reader (result_order.order_readers).
    return done(request, request.resource_url(act),
                f"Составлен проект приказа «{act.title}»: его подписывает руководитель органа.")


# -- the region's experts and commission: the steps that hand those roles out ---------------------

def _day(raw):
    raw = (raw or "").strip()
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        raise Refused(f"Дата «{raw}» не распознана: укажите её как ДД.ММ.ГГГГ.") from None


def _person_step(context, request, action, message, rule=None):
    p = request.POST
    try:
        if rule is not None:
            user = pick(context, rule, p.get("login"))
        else:
            user = users_of(get_site(request)).get((p.get("login") or "").strip().lower())
            if user is None:
                raise Refused(f"Пользователь «{p.get('login', '')}» не найден.")
        result = action(user, p)
    except Refused as exc:
        return refused(request, exc, PAGE, region_page(context, request))
    return done(request, request.resource_url(context, "@@teachers") + "#people", message(user, result))


@view_config(context=Region, name="teacher-experts", request_method="POST",
             permission=access.ADD_EXPERT.permission)
def add_expert(context, request):
    """The regional operator adds an expert to the region's pool of teacher attestation experts."""
    return _person_step(context, request, lambda user, p: experts.add_expert(
        context, user, request.authenticated_userid), lambda user, _: f"{user.title}: в пуле экспертов.", rule="region")


@view_config(context=Region, name="teacher-experts-remove", request_method="POST",
             permission=access.REMOVE_EXPERT.permission)
def remove_expert(context, request):
    """The regional operator takes an expert out of the pool."""
    return _person_step(context, request, lambda user, p: experts.remove_expert(
        context, user, request.authenticated_userid), lambda user, _: f"{user.title}: исключён(а) из пула экспертов.")


@view_config(context=Region, name="teacher-commission", request_method="POST",
             permission=access.APPOINT_COMMISSION.permission)
def appoint(context, request):
    """The regional operator appoints the chair, the secretary or a member of the commission."""
    return _person_step(context, request, lambda user, p: commission.appoint(
        context, user, p.get("role", ""), request.authenticated_userid, end=_day(p.get("end"))),
        lambda user, _: f"{user.title}: в составе аттестационной комиссии.", rule="region")


@view_config(context=Region, name="teacher-commission-dismiss", request_method="POST",
             permission=access.DISMISS_COMMISSION.permission)
def dismiss(context, request):
    """The regional operator takes a person off the commission."""
    return _person_step(context, request, lambda user, p: commission.dismiss(
        context, user, p.get("role", ""), request.authenticated_userid),
        lambda user, _: f"{user.title}: выведен(а) из состава комиссии.")


@view_config(context=Region, name="teacher-experts-draw", request_method="POST",
             permission=access.DRAW_EXPERTS.permission)
def draw_waiting(context, request):
    """The regional operator draws experts for the dossiers that wait for one."""
    try:
        drawn = steps.draw_waiting(request.registry.oko, context, request.authenticated_userid)
    except Refused as exc:
        return refused(request, exc, PAGE, region_page(context, request))
    left = len(experts.waiting(context))
    return done(request, request.resource_url(context, "@@teachers") + "#people",
                f"Эксперты назначены: {drawn}; ждут эксперта: {left}.")
