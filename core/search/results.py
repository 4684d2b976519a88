"""A page of search results as people see it: what each hit is, where, its state, the passage.

Domain code shared by the page, the API and the benchmark: it takes the
site, the plugin host, the user's grants and the parameters, never a request.
"""
import dataclasses
import math

from core.docgen.schema import ACT_TYPES
from core.resources import Municipality, Region, Root, region_code_of, traverse_path
from core.search.indexes import TYPE_TITLES
from core.search.passage import highlight, passage
from core.search.query import search

PAGE_SIZE = 25


@dataclasses.dataclass
class Row:
    """One hit."""

    obj: object
    path: str
    title: str
    title_html: str
    type: str
    type_title: str
    kind: str
    kind_title: str
    status: str
    status_title: str
    date: object
    where: str
    passage: str
    score: float = None


@dataclasses.dataclass
class Page:
    """One page of results and what to say about them."""

    rows: list
    total: int
    page: int
    pages: int
    per_page: int
    message: str = ""


def where(obj):
    """The places above ``obj``, from its region down ("Свердловская область › … › Школа № 1")."""
    names, node = [], obj.__parent__
    while node is not None and not isinstance(node, Root):
        names.append(node.title or node.__name__)
        node = node.__parent__
    return " › ".join(reversed(names))


def status_title(host, obj, status):
    """The Russian name of ``status``: the object's workflow state title, else the code."""
    name = getattr(obj, "workflow_name", None)
    try:
        return host.workflow(region_code_of(obj), name).states[status].title
    except (KeyError, TypeError):
        return status or ""


# The Russian names of the kinds that are no content type: act types, and what a domain adds (``add_kind_titles``).
_KIND_TITLES = dict(ACT_TYPES)


def add_kind_titles(titles):
    """Name kinds of searchable things that are no content type (a domain's documents): ``{code: title}``."""
    _KIND_TITLES.update(titles)


def _kind_name(types, kind):
    return types[kind]["title"] if kind in types else _KIND_TITLES.get(kind, kind or "")


def kind_title(host, obj, kind):
    """The Russian name of a document or act type."""
    own = getattr(obj, "search_kind_title", None)
    if own:
        return own
    return _kind_name(host.content_types(), kind)


def row(host, obj, path, query, score=None):
    """What the results show of one hit."""
    kind, status = getattr(obj, "search_kind", None) or "", getattr(obj, "search_status", None) or ""
    kind_of = getattr(obj, "search_type", "") or ""
    return Row(obj=obj, path=path, title=obj.title, title_html=highlight(obj.title, query),
               type=kind_of, type_title=TYPE_TITLES.get(kind_of, kind_of),
               kind=kind, kind_title=kind_title(host, obj, kind),
               status=status, status_title=status_title(host, obj, status),
               date=getattr(obj, "search_date", None), where=where(obj),
               passage=passage(obj.search_text() or "", query), score=score)


def search_page(site, host, grants, params, page=1, per_page=PAGE_SIZE):
    """Page ``page`` of what ``params`` finds among what ``grants`` ({path: roles}) may view."""
    services = site.services
    offset = (max(1, page) - 1) * per_page
    hits = search(services["catalog"], grants, params, offset=offset, limit=per_page)
    docmap = services["docmap"]
    rows = []
    for docid in hits.docids:
        path = docmap.path_for(docid)
        obj = traverse_path(site, path) if path is not None else None
        if obj is not None:
            rows.append(row(host, obj, path, hits.query, hits.scores.get(docid)))
    message = ""
    if not params.q.strip():
        message = "Введите слова для поиска."
    elif not hits.query and hits.query.excluded:
        message = "В запросе только слова, которых не должно быть: добавьте слова, которые нужно найти."
    elif not hits.query:
        message = "В запросе только служебные слова (предлоги, союзы): уточните его."
    elif not hits.total:
        message = "Ничего не найдено. Проверьте написание или уберите часть слов и фильтров."
    return Page(rows=rows, total=hits.total, page=max(1, page),
                pages=max(1, math.ceil(hits.total / per_page)), per_page=per_page, message=message)


def _facet_values(catalog, name):
    prefix = f"{name}:"
    # NB: the keys of the index's forward BTree: a few dozen codes, never the documents.
    keys = catalog["search_facets"]._fwd_index.keys(prefix, prefix + "\uffff")
    return [k[len(prefix):] for k in keys]


def _places(site, grants, limit=300):
    places = []
    for path in sorted(grants):
        node = traverse_path(site, path)
        if node is None:
            continue
        places.append((path, node.title if isinstance(node, Root) else f"{where(node)} › {node.title}".lstrip(" ›")))
        if isinstance(node, (Root, Region)):
            for child in node.values():
                if len(places) >= limit:
                    break
                if isinstance(child, (Region, Municipality)):
                    places.append((path.rstrip("/") + "/" + child.__name__, f"{where(child)} › {child.title}".lstrip(" ›")))
    return list(dict.fromkeys(places))[:limit]


def filter_options(site, host, grants):
    """What the filters offer: ``types``, ``kinds``, ``statuses`` and ``places`` as (code, title) lists."""
    catalog = site.services["catalog"]
    regions = {None} | {path.strip("/").split("/")[0] for path in grants if path.strip("/")}
    states = {}
    for region in sorted(regions, key=str):
        for workflow in host.workflows(region).values():
            for state in workflow.states.values():
                states.setdefault(state.name, state.title)
    types = host.content_types()
    kinds = [(k, _kind_name(types, k)) for k in _facet_values(catalog, "kind")]
    statuses = [(s, states.get(s, s)) for s in _facet_values(catalog, "status")]
    return {"types": list(TYPE_TITLES.items()),
            "kinds": sorted(kinds, key=lambda kv: kv[1]),
            "statuses": sorted(statuses, key=lambda kv: kv[1]),
            "places": _places(site, grants)}
