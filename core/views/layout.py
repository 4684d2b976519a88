"""What every page shows: the layout macro, the user, breadcrumbs, messages."""
import html
import re
from types import SimpleNamespace

from markupsafe import Markup
from pyramid.renderers import get_renderer
from pyramid.traversal import quote_path_segment

from core.declension import count_of, decline
from core.numbers import number, percent
from core.resources import Root
from core.security.permissions import PUBLIC  # noqa: F401  (the pages import it from here)
from core.security.users import users_of
from core.site import get_site

# Whether a text holds a character HTML gives a meaning to (a match, or None).
needs_escape = re.compile(r"[&<>\"']").search


def esc(value):
    """``value`` as text safe in HTML content and in a quoted attribute.

    The pages of the tree escape a hundred short strings each, nearly all
    with nothing to escape: the check first is several times faster.
    """
    if type(value) is not str:
        markup = getattr(value, "__html__", None)
        if markup is not None:
            return markup()
        value = str(value)
    return html.escape(value) if needs_escape(value) else value


PAGE_SIZE = 25


def _has_page(registry, node):
    """Whether ``node`` has a page of its own (a default view answering GET), so a link to it opens."""
    kinds = getattr(registry, "oko_kinds_with_page", None)
    if kinds is None:
        # NB: read once from the registered views: a folder that only holds (the participants of a
        # campaign, a region's consultations) has no page, and a crumb to it would answer 404.
        views = (entry["introspectable"] for entry in registry.introspector.get_category("views"))
        kinds = registry.oko_kinds_with_page = tuple({
            view["context"] for view in views
            if view["name"] == "" and view["route_name"] is None and isinstance(view["context"], type)
            and not view["exception_only"] and (view["request_methods"] is None or "GET" in view["request_methods"])})
    return isinstance(node, kinds)


def breadcrumbs(request, context):
    """``(title, url or None)`` from the root to ``context``; no link where the user may not look, nor to a
    folder without a page of its own."""
    lineage = []
    node = context
    while node is not None:
        lineage.append(node)
        node = node.__parent__
    lineage.reverse()
    # NB: one resource_url for the root, then the names appended as pyramid
    # quotes them: a deep page would otherwise generate a URL per ancestor.
    crumbs, url = [], None
    for node in lineage:
        url = request.resource_url(node) if url is None else f"{url}{quote_path_segment(node.__name__)}/"
        shown = url if isinstance(node, Root) or (request.has_permission("view", node)
                                                  and _has_page(request.registry, node)) else None
        crumbs.append((node.title or node.__name__, shown))
    return crumbs


def flash(request, message, kind="info"):
    """Show ``message`` on the next page."""
    request.session.flash((kind, message))


def size_text(size):
    """A file size as a person reads it."""
    if size < 1024:
        return f"{size} байт"
    if size < 1024 * 1024:
        return f"{number(size / 1024, 1, fixed=True)} КБ"
    return f"{number(size / (1024 * 1024), 1, fixed=True)} МБ"


def person(request, login):
    """The full name of ``login`` (the login itself for a deleted user): people are named, not their logins."""
    user = users_of(get_site(request)).get(login) if login else None
    return user.title if user is not None else (login or "—")


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
            "js": request.static_path("core:static/oko.js"),
            "tasks": request.route_path("tasks"), "search": request.route_path("search"),
            "password": request.route_path("password"), "logout": request.route_path("logout"),
            # NB: a route by name: the profile is a page of core.accounts, which the platform does not import.
            "profile": request.route_path("profile")}
    return paths


def _layout_macro(registry):
    # NB: looked up once per application: get_renderer inspects the caller's stack every time.
    layout = registry.__dict__.get("oko_layout_macro")
    if layout is None:
        layout = registry.oko_layout_macro = get_renderer("core:views/templates/layout.pt").implementation()
    return layout


def header_html(nav, user):
    """The page header: the brand, and for a logged-in user the menu, their name and the log-out form.

    Built here rather than in the layout template: every page shows it, and
    its template expressions cost more than the rest of a small page.
    """
    if user is None:
        return Markup(f'<header class="top"><a class="brand" href="{esc(nav.home)}">ОКО Кейс</a></header>')
    return Markup(
        f'<header class="top"><a class="brand" href="{esc(nav.home)}">ОКО Кейс</a><nav>'
        f'<a href="{esc(nav.home)}">Главная</a> <a href="{esc(nav.tasks)}">Мои задачи</a> '
        f'<a href="{esc(nav.search)}">Поиск</a></nav>'
        f'<a class="me" href="{esc(nav.profile)}" title="Мой профиль">{esc(user.title)}</a>'
        f'<form method="post" action="{esc(nav.logout)}">'
        f'<input type="hidden" name="csrf_token" value="{esc(nav.csrf)}">'
        '<button class="secondary" type="submit">Выйти</button></form></header>')


def notes_html(crumbs, messages):
    """The breadcrumbs (from the second level down) and the flash messages of a page."""
    out = []
    if len(crumbs) > 1:
        out.append('<div class="crumbs">')
        out.append(" › ".join(f'<a href="{esc(url)}">{esc(title)}</a>' if url
                              else f"<span>{esc(title)}</span>" for title, url in crumbs))
        out.append("</div>")
    out.extend(f'<div class="msg {esc(kind)}">{esc(text)}</div>' for kind, text in messages)
    return Markup("".join(out))


# The page around every page's title and content; see page_chrome.
_PAGE_TOP = Markup('<!DOCTYPE html>\n<html lang="ru">\n<head>\n  <meta charset="utf-8">\n'
                   '  <meta name="viewport" content="width=device-width, initial-scale=1">\n  <title>')
_PAGE_BOTTOM = Markup("\n</main>\n</body>\n</html>\n")


def page_chrome(request, crumbs=None):
    """What surrounds a page's content for this request: header, breadcrumbs, messages.

    ``top`` + title + ``middle`` + content + ``bottom`` is the whole page:
    the layout macro puts its two slots between them and ``page_html`` its two
    arguments, so both kinds of page are the same page. ``crumbs`` replaces the
    breadcrumbs of the context (an error page gives none). The flash messages
    are taken from the session: make the chrome once per page.
    """
    user = request.identity
    nav = SimpleNamespace(**nav_paths(request), csrf=request.csrf_token if user is not None else "")
    if crumbs is None:
        context = getattr(request, "context", None)
        crumbs = breadcrumbs(request, context) if context is not None and hasattr(context, "__parent__") else []
    # NB: popping an empty queue would still rewrite the session cookie.
    messages = request.session.pop_flash() if request.session.peek_flash() else []
    header, notes = header_html(nav, user), notes_html(crumbs, messages)
    # NB: an empty icon: the browser asks for no /favicon.ico (an error in every page's console).
    middle = Markup(f' — ОКО Кейс</title>\n  <link rel="stylesheet" href="{esc(nav.css)}">\n'
                    '  <link rel="icon" href="data:,">\n'
                    f'  <script src="{esc(nav.js)}" defer></script>\n</head>\n<body>\n'
                    f"{header}\n<main>\n{notes}\n")
    return SimpleNamespace(user=user, nav=nav, crumbs=crumbs, messages=messages, header=header, notes=notes,
                           top=_PAGE_TOP, middle=middle, bottom=_PAGE_BOTTOM)


def page_html(chrome, title, content):
    """A whole page titled ``title`` (text) around ``content`` (Markup), as the layout macro makes it."""
    return Markup(f"{chrome.top}{esc(title)}{chrome.middle}{content}{chrome.bottom}")


def add_renderer_globals(event):
    """Give every template the layout macro and the helpers it needs."""
    request = event.get("request")
    if request is None or not event.get("renderer_name", "").endswith(".pt"):
        return
    # NB: a view may give its own breadcrumbs (an error page gives none); the
    # layout's chrome is made here, so it must see them here.
    given = event.rendering_val if isinstance(event.rendering_val, dict) else {}
    chrome = event["chrome"] = page_chrome(request, given.get("crumbs"))
    event["layout"] = _layout_macro(request.registry)
    event["user"], event["nav"], event["messages"] = chrome.user, chrome.nav, chrome.messages
    event["crumbs"] = chrome.crumbs
    event["size_text"] = size_text
    event["number"], event["percent"] = number, percent
    event["decline"], event["count_of"] = decline, count_of
    event["person"] = lambda login: person(request, login)
