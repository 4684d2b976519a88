"""A person's card, seen from a node that administers them: profile, roles, the account's history; suspend,
restore, invite again."""
from types import SimpleNamespace

from pyramid.httpexceptions import HTTPNotFound
from pyramid.renderers import render_to_response

from core.accounts import access, people, suspension
from core.accounts.delivery import deliver_invitations
from core.accounts.links import now_utc, pending
from core.accounts.model import phone_text, state_of
from core.accounts.pages._common import template
from core.accounts.pages.people import INVITED_PAGE, for_organisations
from core.accounts.places import require_runs, works_under
from core.refused import Refused
from core.resources import path_of, traverse_path
from core.security.audit import audit_log
from core.security.roles import role_title
from core.security.users import users_of
from core.site import get_site
from core.views.layout import person
from core.views.listing import paged
from core.views.steps import done, refused_to
from core.web.paging import requested_page
from core.web.responses import openable

PERSON_PAGE = template("person")
HISTORY_PAGE = 20


def person_of(node, request, login):
    """The user ``login`` if they hold anything under ``node`` (404 otherwise: its managers see only their people)."""
    user = users_of(get_site(request)).get((login or "").strip().lower())
    if user is None or not works_under(node, user):
        raise HTTPNotFound("Такого пользователя здесь нет.")
    return user


def _places(request, site, user):
    rows = []
    for path, roles in user.grants.items():
        node = traverse_path(site, path)
        rows.append(SimpleNamespace(title=node.title if node is not None else path,
                                    # NB: a link only to a place its reader may open.
                                    url=request.resource_url(node) if node is not None
                                    and openable(request, node) else None,
                                    roles=", ".join(role_title(r) for r in sorted(roles))))
    return rows


def card(node, request, user):
    """The data of a person's card."""
    site = get_site(request)
    try:
        require_runs(node, user, request.authenticated_userid)
        why_not = None
    except Refused as exc:
        why_not = str(exc)
    page = requested_page(request, HISTORY_PAGE, "history")
    entries, total = audit_log(site).for_subject(user.login, page.offset, page.size)
    base = request.resource_url(node, "@@person", user.login)
    organisation = traverse_path(site, user.organisation) if user.organisation else None
    invitation = pending(site, user.login)
    return {"node": node, "person": user, "state": state_of(user), "phone": phone_text(user.phone),
            "organisation": organisation.title if organisation is not None else "",
            "places": _places(request, site, user), "why_not": why_not, "base": base,
            "invitation_until": invitation.expires.astimezone() if invitation is not None else None,
            "history": [SimpleNamespace(at=e.at.astimezone(), actor=person(request, e.actor), action=e.action_title,
                                        role=role_title(e.role) if e.role else "",
                                        note=e.note or people.VIA_TITLES.get(e.via, e.via), where=e.path)
                        for e in entries],
            "history_pager": paged(page, total, base, "history")}


@for_organisations(name="person", request_method="GET", renderer=PERSON_PAGE)
def person_view(context, request):
    """A person's card: who they are, where they hold roles, the history of their account, what may be done."""
    login = request.subpath[0] if request.subpath else request.GET.get("login")
    return card(context, request, person_of(context, request, login))


def _take(context, request, action, message):
    user = person_of(context, request, request.POST.get("login"))
    url = request.resource_url(context, "@@person", user.login)
    try:
        action(user)
    except Refused as exc:
        return refused_to(request, exc, url)
    return done(request, url, message(user))


@for_organisations(name="person-suspend", request_method="POST", permission=access.SUSPEND.permission)
def suspend(context, request):
    """Suspend the person's account: they are logged out at once and log in nowhere until it is restored."""
    return _take(context, request, lambda user: suspension.suspend(
        context, user, request.authenticated_userid, request.POST.get("reason", "")),
        lambda user: f"Учётная запись {user.title} приостановлена; все сеансы её входа закрыты.")


@for_organisations(name="person-restore", request_method="POST", permission=access.RESTORE.permission)
def restore(context, request):
    """Restore a suspended account: the person logs in again, with their roles."""
    return _take(context, request, lambda user: suspension.restore(context, user, request.authenticated_userid),
                 lambda user: f"Учётная запись {user.title} восстановлена.")


@for_organisations(name="person-invite", request_method="POST", permission=access.INVITE_AGAIN.permission)
def invite_again(context, request):
    """A new invitation for a person who has not chosen a password yet; earlier links stop working."""
    user = person_of(context, request, request.POST.get("login"))
    now = now_utc()
    try:
        token = people.invite_again(context, user, request.authenticated_userid, now)
    except Refused as exc:
        return refused_to(request, exc, request.resource_url(context, "@@person", user.login))
    org = traverse_path(get_site(request), user.organisation) if user.organisation else context
    role = next(iter(sorted(user.grants.get(path_of(org), ()))), "")
    rows = deliver_invitations(request, [people.Invited(user, token, org or context, role)], now)
    if not rows:
        return done(request, request.resource_url(context, "@@person", user.login),
                    f"Новое приглашение отправлено на адрес {user.email}; прежние ссылки больше не действуют.")
    response = render_to_response(INVITED_PAGE, {"node": context, "links": rows, "planned": [], "counts": {},
                                                 "message": "Прежние ссылки-приглашения больше не действуют."},
                                  request=request)
    return response
