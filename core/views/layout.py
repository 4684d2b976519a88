"""What every page shows: the layout macro, the user, breadcrumbs, messages."""
from pyramid.renderers import get_renderer
from pyramid.security import NO_PERMISSION_REQUIRED

from core.resources import Root

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


def add_renderer_globals(event):
    """Give every template the layout macro and the helpers it needs."""
    request = event.get("request")
    if request is None:
        return
    event["layout"] = get_renderer("templates/layout.pt").implementation()
    event["user"] = request.identity
    event["crumbs"] = (breadcrumbs(request, request.context)
                       if getattr(request, "context", None) is not None
                       and hasattr(request.context, "__parent__") else [])
    # NB: popping an empty queue would still rewrite the session cookie.
    event["messages"] = request.session.pop_flash() if request.session.peek_flash() else []
