"""Pages of the organisation tree: the home page, regions, municipalities, schools."""
from types import SimpleNamespace

from pyramid.renderers import get_renderer
from pyramid.traversal import quote_path_segment
from pyramid.view import view_config

from core.acts.model import REGISTER_NAME
from core.attestation.model import CAMPAIGN_PREFIX
from core.cases import state_title
from core.cmm.model import BANK_NAME
from core.resources import Municipality, Region, Root, School, region_code_of, traverse_path
from core.security.permissions import ADD_DOCUMENT, MANAGE_ACCESS, VIEW_HOME
from core.security.roles import ROLES
from core.site import get_site
from core.web.tasks import task_rows

from core.views.folder import folder_head_html, folder_response
from core.views.listing import build_listing


def _macro(name, template="templates/folder.pt"):
    return get_renderer(template).implementation().macros[name]


@view_config(context=Root, renderer="templates/home.pt", permission=VIEW_HOME)
def home(context, request):
    """Where every user lands: their places, what awaits them, and the regions if they may see them."""
    user = request.identity
    site = get_site(request)
    places = []
    for path, roles in list(user.grants.items())[:50]:
        node = traverse_path(site, path)
        if node is not None:
            places.append(SimpleNamespace(url=request.resource_url(node), title=node.title, path=path,
                                          roles=", ".join(ROLES.get(r, r) for r in sorted(roles))))
    listing = None
    if request.has_permission("view", context):
        listing = build_listing(request, context)
    # NB: where the federal operator and the federal CMM authors start: the federal (invariant) bank.
    bank = context.get(BANK_NAME)
    bank_url = request.resource_url(bank) if bank is not None and request.has_permission("view", bank) else None
    return {"places": places, "tasks": task_rows(request, limit=10), "listing": listing, "bank_url": bank_url,
            "tasks_macro": _macro("tasks", "templates/tasks.pt"), "listing_macro": _macro("listing")}


def _folder_page(context, request, props, extra_columns=None, extra_headers=()):
    # NB: the tree's pages are made without a template: see core/views/folder.py.
    listing = build_listing(request, context, extra_columns, extra_headers)
    head = folder_head_html(context, listing.base_url, props, request.has_permission(ADD_DOCUMENT, context),
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
    links = [("Акты", base + "@@acts")]
    if isinstance(context, School):
        # NB: a school's years in the project are its children "500plus-<year>", next to each other by name.
        names = [n for n in context.keys(start="500plus-", limit=20) if n.startswith("500plus-")]
        links += [(context[n].title, base + quote_path_segment(n)) for n in reversed(names)]
    roles = request.roles_on(context)
    for link in request.registry.oko.items("oko_node_links", region_code_of(context), node_type=context.type_name):
        if not link.get("roles") or roles.intersection(link["roles"]):
            links.append((link["title"], base + "@@" + link["view"]))
    return links


def children_count(node):
    """A region's municipalities or a municipality's schools, counted without a query."""
    # NB: the other children are its register of acts, a region's CMM bank and attestation campaigns.
    campaigns = sum(1 for _ in node.keys(start=CAMPAIGN_PREFIX, limit=50) if _.startswith(CAMPAIGN_PREFIX)) \
        if isinstance(node, Region) else 0
    return len(node) - (REGISTER_NAME in node) - (BANK_NAME in node) - campaigns


@view_config(context=Region, permission="view")
def region_view(context, request):
    """A region: its municipalities."""
    return _folder_page(context, request, [("Код региона", context.code),
                                           ("Муниципалитетов", children_count(context))],
                        lambda m: (children_count(m),), ("Школ",))


@view_config(context=Municipality, permission="view")
def municipality_view(context, request):
    """A municipality: its schools, paged."""
    return _folder_page(context, request, [("Код", context.code), ("Школ", children_count(context))],
                        lambda s: (s.school_type_title,), ("Тип школы",))


@view_config(context=School, permission="view")
def school_view(context, request):
    """A school: its documents."""
    host = request.registry.oko
    return _folder_page(context, request,
                        [("Код", context.code), ("Тип", context.school_type_title)],
                        lambda d: (state_title(host, d) if getattr(d, "workflow_name", None) else "",),
                        ("Состояние",))
