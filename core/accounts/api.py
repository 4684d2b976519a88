"""API of accounts: thin wrappers over ``core.accounts``, validated against the OpenAPI document."""
from pyramid.view import view_config

from core.accounts import access, credentials, lists, people, suspension
from core.accounts.delivery import SENT, deliver_invitations, send_reset_link
from core.accounts.links import now_utc
from core.accounts.model import ORGANISATIONS, state_of
from core.accounts.places import people_here, works_under
from core.api.validation import ApiError
from core.api.views import TREE
from core.security.permissions import MANAGE_ACCESS, PUBLIC, VIEW_HOME
from core.security.users import users_of
from core.site import get_site
from core.web.paging import api_page


def for_organisations(permission=MANAGE_ACCESS, **settings):
    """``view_config`` of the API on every kind of organisation."""
    def decorate(func):
        for cls in reversed(ORGANISATIONS):
            func = view_config(route_name=TREE, context=cls, renderer="json", permission=permission, _depth=1,
                               **settings)(func)
        return func
    return decorate


def person_body(user):
    """What the API says of a person."""
    return {"login": user.login, "title": user.title, "email": user.email, "phone": user.phone,
            "position": user.position, "organisation": user.organisation, "state": state_of(user)[0],
            "roles": {path: sorted(roles) for path, roles in user.grants.items()}}


def _invitations(request, invited, now):
    """``{login: url or None}``: the links are mailed after the commit, or (no mailer) given in this answer once."""
    shown = {user.login: url for user, _, _, url in deliver_invitations(request, invited, now)}
    return {i.user.login: shown.get(i.user.login) for i in invited}


@for_organisations(name="people", request_method="GET", openapi="listPeople")
def list_people(context, request):
    """The people who hold roles on the node and on the organisations directly under it, one page."""
    users = users_of(get_site(request))
    logins = {login for login, _, _ in people_here(context)}
    held = sorted((users[login] for login in logins if login in users), key=lambda u: (u.title, u.login))
    page = api_page(request)
    return {"people": [person_body(u) for u in page.rows(held)], **page.body(len(held))}


def _row(context, body, line=0):
    return people.Row(line, body["name"], body["email"], body.get("phone", ""), body.get("position", ""),
                      body["organisation"], body["role"])


@for_organisations(name="people", request_method="POST", openapi="invitePerson", permission=access.INVITE.permission)
def invite(context, request):
    """Invite one person; a refused one answers 400/403 with every problem and stores nothing."""
    now = now_utc()
    planned, invited = people.invite_one(context, request.authenticated_userid, _row(context, request.api_body), now)
    urls = _invitations(request, [invited] if invited else [], now)
    request.response.status = 201
    user = invited.user if invited else planned.user
    return {"person": person_body(user), "outcome": planned.outcome,
            "mailed": bool(invited) and urls.get(user.login) is None, "invitation_url": urls.get(user.login)}


@for_organisations(name="people-import", request_method="POST", openapi="importPeople",
                   permission=access.IMPORT_LIST.permission)
def import_people(context, request):
    """Check a list whole (``dry_run=true``: only that), then load it; any problem: 400 naming every line, and
    nothing stored."""
    field = request.api_body["file"]
    rows = lists.uploaded_people(field.file, field.filename, request.registry.oko.upload_limits)
    planned, problems = people.plan(context, request.authenticated_userid, rows)
    if problems:
        raise ApiError(400, "list_refused", "Список не загружен, в базе ничего не изменилось.", problems)
    body = {"rows": [{"line": p.line, "name": p.name, "email": p.email, "organisation": p.organisation_title,
                      "role": p.role, "outcome": p.outcome} for p in planned],
            "counts": {o: sum(1 for p in planned if p.outcome == o) for o in people.OUTCOMES},
            "applied": False, "invitations": []}
    if request.api_params["dry_run"] == "true":
        request.tm.doom()
        return body
    now = now_utc()
    invited = people.apply(context, planned, request.authenticated_userid, people.VIA_LIST, now)
    urls = _invitations(request, invited, now)
    return {**body, "applied": True,
            "invitations": [{"login": login, "invitation_url": url} for login, url in urls.items()]}


def _person(context, request, login):
    user = users_of(get_site(request)).get((login or "").strip().lower())
    if user is None or not works_under(context, user):
        raise ApiError(404, "no_user", f"Пользователь «{login}» здесь не найден.")
    return user


@for_organisations(name="person-suspend", request_method="POST", openapi="suspendPerson",
                   permission=access.SUSPEND.permission)
def suspend(context, request):
    """Suspend an account: its sessions end at once."""
    user = _person(context, request, request.api_body["login"])
    suspension.suspend(context, user, request.authenticated_userid, request.api_body["reason"])
    return person_body(user)


@for_organisations(name="person-restore", request_method="POST", openapi="restorePerson",
                   permission=access.RESTORE.permission)
def restore(context, request):
    """Restore a suspended account."""
    user = _person(context, request, request.api_body["login"])
    suspension.restore(context, user, request.authenticated_userid)
    return person_body(user)


@view_config(route_name="api_profile", request_method="GET", renderer="json", permission=VIEW_HOME,
             openapi="getProfile")
def profile(request):
    """One's own profile."""
    return person_body(request.identity)


@view_config(route_name="api_profile", request_method="PATCH", renderer="json", permission=VIEW_HOME,
             openapi="editProfile")
def edit_profile(request):
    """Change one's own name, phone or position (what is not given stays)."""
    user, body = request.identity, request.api_body
    credentials.edit_profile(get_site(request), user, body.get("name", user.title), body.get("phone", user.phone),
                             body.get("position", user.position))
    return person_body(user)


@view_config(route_name="api_forgot", request_method="POST", renderer="json", permission=PUBLIC,
             openapi="requestPasswordReset")
def forgot(request):
    """Send a link to choose a new password, if the address is an account's; the same answer for any address."""
    send_reset_link(request, request.api_body["email"])
    request.response.status = 202
    return {"message": SENT}
