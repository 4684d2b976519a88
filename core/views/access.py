"""The access page: granting and revoking roles on one's own subtree."""
from types import SimpleNamespace

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from core.resources import Folder, path_of
from core.security.permissions import MANAGE_ACCESS
from core.security.roles import ROLES, RoleError, grant, grantable_roles, local_roles, revoke
from core.security.users import users_of
from core.site import get_site

from .layout import flash
from .steps import form_invalid


def _page(context, request, error=None):
    actor_roles = request.roles_on(context)
    allowed = grantable_roles(actor_roles)
    local = [SimpleNamespace(user=login, role=r, role_title=ROLES.get(r, r), revocable=r in allowed)
             for login, roles in sorted(local_roles(context).items()) for r in sorted(roles)]
    inherited = []
    node = context.__parent__
    while node is not None:
        for login, roles in sorted(local_roles(node).items()):
            for r in sorted(roles):
                inherited.append(SimpleNamespace(user=login, role_title=ROLES.get(r, r),
                                                 where=f"{node.title} ({path_of(node)})"))
        node = node.__parent__
    return {"local": local, "inherited": inherited, "error": error,
            "grantable": [(r, ROLES[r]) for r in ROLES if r in allowed]}


@view_config(context=Folder, name="access", request_method="GET",
             renderer="templates/access.pt", permission=MANAGE_ACCESS)
def access(context, request):
    """Who holds which role here and above, and a form to grant one."""
    return _page(context, request)


@view_config(context=Folder, name="access", request_method="POST",
             renderer="templates/access.pt", permission=MANAGE_ACCESS)
def access_change(context, request):
    """Grant or revoke a role here; only roles the actor may hand out."""
    login = request.POST.get("login", "").strip().lower()
    role = request.POST.get("role", "")
    user = users_of(get_site(request)).get(login)
    try:
        if user is None:
            raise RoleError(f"Пользователь «{login}» не найден.")
        actor_roles = request.roles_on(context)
        if request.POST.get("action") == "revoke":
            revoke(context, user, role, actor_roles)
            flash(request, f"Роль «{ROLES.get(role, role)}» снята с {login}.", "success")
        else:
            grant(context, user, role, actor_roles)
            flash(request, f"Роль «{ROLES[role]}» назначена {login}.", "success")
    except RoleError as exc:
        form_invalid(request)
        return _page(context, request, str(exc))
    return HTTPSeeOther(request.resource_url(context, "@@access"))
