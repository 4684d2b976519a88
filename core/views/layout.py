"""What every page shows: the layout macro, the user, breadcrumbs, messages."""
from types import SimpleNamespace

from pyramid.renderers import get_renderer
from pyramid.security import NO_PERMISSION_REQUIRED

from core.resources import Root
from core.site import get_site

# Views open to everyone declare this, so no view is left without a permission.
PUBLIC = NO_PERMISSION_REQUIRED
PAGE_SIZE = 25


def breadcrumbs(request, context):
    """``(title, url or None)`` from the root to ``context``; no link where the user may not look."""
    crumbs = []
    node = context
    while node is not None:
        if isinstance(node, Root):
            url = request.resource_url(node)
        else:
            url = request.resource_url(node) if request.has_permission("view", node) else None
        crumbs.append((node.title or node.__name__, url))
        node = node.__parent__
    return list(reversed(crumbs))


def flash(request, message, kind="info"):
    """Show ``message`` on the next page."""
    request.session.flash((kind, message))


def size_text(size):
    """A file size as a person reads it."""
    if size < 1024:
        return f"{size} байт"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} КБ"
    return f"{size / (1024 * 1024):.1f} МБ"


def person(request, login):
    """The full name of ``login`` (the login itself for a deleted user)."""
    from core.security.users import users_of
    user = users_of(get_site(request)).get(login) if login else None
    return f"{user.title} ({login})" if user is not None else (login or "—")


def nav_paths(request):
    """The paths the header links to, made once per application mount point.

    Paths, not full URLs, and made once: every page shows them, and building
    them per request cost more than the rest of the header.
    """
    cache = request.registry.__dict__.setdefault("oko_nav_paths", {})
    paths = cache.get(request.script_name)
    if paths is None:
        paths = cache[request.script_name] = {
            "home": request.script_name + "/", "css": request.static_path("core:static/oko.css"),
            "tasks": request.route_path("tasks"), "search": request.route_path("search"),
            "password": request.route_path("password"), "logout": request.route_path("logout")}
    return paths


def add_renderer_globals(event):
    """Give every template the layout macro and the helpers it needs."""
    request = event.get("request")
    if request is None or not event.get("renderer_name", "").endswith(".pt"):
        return
    event["layout"] = get_renderer("templates/layout.pt").implementation()
    user = event["user"] = request.identity
    event["nav"] = SimpleNamespace(**nav_paths(request),
                                   csrf=request.session.get_csrf_token() if user is not None else "")
    event["size_text"] = size_text
    event["person"] = lambda login: person(request, login)
    event["crumbs"] = (breadcrumbs(request, request.context)
                       if getattr(request, "context", None) is not None
                       and hasattr(request.context, "__parent__") else [])
    # NB: popping an empty queue would still rewrite the session cookie.
    event["messages"] = request.session.pop_flash() if request.session.peek_flash() else []
