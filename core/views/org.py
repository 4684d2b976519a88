"""Pages of the organisation tree: the home page, regions, municipalities, schools."""
import datetime
from types import SimpleNamespace

from pyramid.renderers import get_renderer
from pyramid.security import view_execution_permitted
from pyramid.traversal import quote_path_segment
from pyramid.view import view_config

from core.cases import addable_types, state_title
from core.catalog import Query
from core.resources import Institution, Municipality, Region, Root, School, region_code_of, traverse_path
from core.search.results import where
from core.security.permissions import MANAGE_ACCESS, VIEW_HOME
from core.security.roles import ROLE_TITLES
from core.site import get_site
from core.tasks import tasks_of
from core.views import home as home_parts
from core.views.folder import folder_head_html, folder_response
from core.views.listing import build_listing
from core.web.tasks import rows_of


def _macro(name, template="templates/folder.pt"):
    return get_renderer(template).implementation().macros[name]


@view_config(context=Root, renderer="templates/home.pt", request_method="GET", permission=VIEW_HOME)
def home(context, request):
    """Where every user lands: their places, what awaits them, and the regions if they may see them."""
    user = request.identity
    site = get_site(request)
    places = []
    for path, roles in list(user.grants.items())[:50]:
        node = traverse_path(site, path)
        if node is not None:
            # NB: where the place is, in words; a link only to a place its reader may open.
            shown = request.resource_url(node) if request.has_permission("view", node) else None
            places.append(SimpleNamespace(url=shown, title=node.title, where=where(node),
                                          roles=", ".join(ROLE_TITLES.get(r, r) for r in sorted(roles))))
    listing = None
    if request.has_permission("view", context):
        listing = build_listing(request, context)
    # NB: the counts from the tasks; rows (each with its link) only for the ten the page shows.
    tasks = tasks_of(site, request.registry.oko, user, limit=500)
    # NB: where the federal roles start their work (the federal CMM bank): the domains name it (oko_node_links);
    # a link said there is not said again beside a place.
    links = node_links(context, request)
    named = {link["title"] for link in links}
    shortcuts = home_parts.shortcuts(request, user, site, lambda node, request: [
        {"title": title, "url": url} for title, url in _project_links(node, request) if title not in named])
    return {"places": places, "tasks": rows_of(request, tasks[:10]), "listing": listing,
            "counts": home_parts.counts(tasks),
            "greeting": home_parts.greeting(user.title), "week_end": home_parts.week_end(datetime.date.today()),
            "links": links, "blocks": home_parts.home_blocks(request), "shortcuts": shortcuts,
            "tasks_macro": _macro("tasks", "templates/tasks.pt"), "listing_macro": _macro("listing")}


def _folder_page(context, request, props, extra_columns=None, extra_headers=()):
    # NB: the tree's pages are made without a template: see core/views/folder.py.
    listing = build_listing(request, context, extra_columns, extra_headers)
    can_add = bool(addable_types(request.registry.oko, context, request.authenticated_userid))
    head = folder_head_html(context, listing.base_url, props, can_add,
                            request.has_permission(MANAGE_ACCESS, context),
                            _project_links(context, request, listing.base_url))
    response = folder_response(request, context.title, head + listing.html)
    if listing.error:
        response.status = 400
    return response


def _project_links(context, request, base=None):
    """Links to this node's normative acts, a school's years in the 500+ project, and the pages
    the region's plugins name for the user's roles here (``oko_node_links``).

    ``base`` is the node's own URL, if the caller has it already.
    """
    # NB: the node's URL once, then names appended: as resource_url(context, name) would.
    base = base or request.resource_url(context)
    links = []
    if isinstance(context, School):
        # NB: a school's years in the project are its children "500plus-<year>", next to each other by name.
        names = [n for n in context.keys(start="500plus-", limit=20) if n.startswith("500plus-")]
        links += [(context[n].title, base + quote_path_segment(n)) for n in reversed(names)]
    return links + [(link["title"], link["url"]) for link in node_links(context, request, base)]


def node_links(context, request, base=None):
    """The links the domains and the region's plugins name for the user's roles on ``context`` (``oko_node_links``),
    each with its ``url``: a view of the node, or a child of it that exists and the user may see."""
    base = base or request.resource_url(context)
    roles = request.roles_on(context)
    links = []
    # NB: a view for every role is for whoever may see the node (a child is checked itself, below): the home
    # page asks of the root, which a school's head may not see (its «Дорожные карты» would answer 403).
    viewer = None
    for link in request.registry.oko.items("oko_node_links", region_code_of(context), node_type=context.type_name):
        if link.get("roles") and not roles.intersection(link["roles"]):
            continue
        if not link.get("roles") and "child" not in link:
            viewer = request.has_permission("view", context) if viewer is None else viewer
            if not viewer:
                continue
        if "child" in link:
            child = context.get(link["child"])
            if child is None or not request.has_permission("view", child):
                continue
            links.append({**link, "url": request.resource_url(child)})
        else:
            # NB: a page offers only the views its reader may open (the roadmaps of the root for the federal level).
            try:
                permitted = view_execution_permitted(context, request, link["view"])
            except TypeError:  # no such view of this node
                permitted = False
            if permitted:
                links.append({**link, "url": base + "@@" + link["view"]})
    return links


def children_count(request, node):
    """A region's municipalities or a municipality's schools, counted in the catalog."""
    kind = Municipality.type_name if isinstance(node, Region) else School.type_name
    return Query(get_site(request)).count_children(node, kind)


@view_config(context=Region, request_method="GET", permission="view")
def region_view(context, request):
    """A region: its municipalities."""
    return _folder_page(context, request, [("Код региона", context.code),
                                           ("Муниципалитетов", children_count(request, context))],
                        lambda m: (children_count(request, m),), ("Школ",))


@view_config(context=Municipality, request_method="GET", permission="view")
def municipality_view(context, request):
    """A municipality: its schools, paged."""
    # NB: no «Код»: a municipality's is the slug of its address, no code its people know.
    return _folder_page(context, request, [("Школ", children_count(request, context))],
                        lambda s: (s.school_type_title,), ("Тип школы",))


@view_config(context=School, request_method="GET", permission="view")
def school_view(context, request):
    """A school: its documents (a closed school says since when, and why)."""
    host = request.registry.oko
    closed = [] if context.is_open else [("Закрыта", f"{context.closed_on:%d.%m.%Y}: {context.closed_reason}")]
    return _folder_page(context, request,
                        [("Код", context.code), ("Тип", context.school_type_title), *closed],
                        lambda d: (state_title(host, d) if getattr(d, "workflow_name", None) else "",),
                        ("Состояние",))


@view_config(context=Institution, request_method="GET", permission="view")
def institution_view(context, request):
    """An institution (a region's own, a municipality's body): its documents."""
    return _folder_page(context, request, [("Код", context.code), ("Вид", context.type_title)])
