"""The access page: who holds which role here and above, granting and revoking tree roles, the journal."""
from types import SimpleNamespace

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from core.resources import Folder, path_of
from core.security.audit import audit_log
from core.security.permissions import MANAGE_ACCESS
from core.security.roles import (
    ROLES,
    RoleError,
    grant_on_access,
    grantable_roles,
    local_roles,
    revoke_on_access,
    role_title,
)
from core.security.users import users_of
from core.site import get_site
from core.views.layout import flash
from core.views.listing import paged
from core.views.steps import form_invalid
from core.web.paging import requested_page

# Journal entries per page of the access page.
JOURNAL_PAGE = 20


def _person(users, login):
    user = users.get(login)
    return user.title if user is not None else login


def journal_page(site, context, page):
    """``(entries, total)``: one ``Page`` of the node's audit journal, newest first."""
    return audit_log(site).for_path(path_of(context), page.offset, page.size)


def _page(context, request, error=None):
    site = get_site(request)
    users = users_of(site)
    allowed = grantable_roles(request.roles_on(context))
    me = request.authenticated_userid
    local = [SimpleNamespace(user=login, person=_person(users, login), role=r, role_title=role_title(r),
                             revocable=r in allowed and login != me)
             for login, roles in sorted(local_roles(context).items()) for r in sorted(roles)]
    inherited = []
    node = context.__parent__
    while node is not None:
        for login, roles in sorted(local_roles(node).items()):
            for r in sorted(roles):
                inherited.append(SimpleNamespace(user=login, person=_person(users, login), role_title=role_title(r),
                                                 where=node.title))
        node = node.__parent__
    page = requested_page(request, JOURNAL_PAGE, "journal")
    entries, total = journal_page(site, context, page)
    pager = paged(page, total, request.resource_url(context, "@@access"), "journal")
    journal = [SimpleNamespace(at=e.at, actor=_person(users, e.actor), action=e.action_title,
                               subject=_person(users, e.subject), role_title=role_title(e.role)) for e in entries]
    return {"local": local, "inherited": inherited, "error": error, "journal": journal, "journal_pager": pager,
            "grantable": [(r, ROLES[r]) for r in ROLES if r in allowed]}


@view_config(context=Folder, name="access", request_method="GET",
             renderer="templates/access.pt", permission=MANAGE_ACCESS)
def access(context, request):
    """Who holds which role here and above, a form to grant a tree role, and the journal of changes."""
    return _page(context, request)


@view_config(context=Folder, name="access", request_method="POST",
             renderer="templates/access.pt", permission=MANAGE_ACCESS)
def access_change(context, request):
    """Grant or revoke a tree role here: only below the actor's own rank, never one's own."""
    login = request.POST.get("login", "").strip().lower()
    role = request.POST.get("role", "")
    user = users_of(get_site(request)).get(login)
    actor = request.authenticated_userid
    try:
        if user is None:
            raise RoleError(f"Пользователь «{login}» не найден.", "invalid")
        actor_roles = request.roles_on(context)
        if request.POST.get("action") == "revoke":
            revoke_on_access(context, user, role, actor, actor_roles)
            flash(request, f"Роль «{role_title(role)}» снята: {user.title}.", "success")
        else:
            grant_on_access(context, user, role, actor, actor_roles)
            flash(request, f"Роль «{role_title(role)}» назначена: {user.title}.", "success")
    except RoleError as exc:
        form_invalid(request)
        return _page(context, request, str(exc))
    return HTTPSeeOther(request.resource_url(context, "@@access"))
