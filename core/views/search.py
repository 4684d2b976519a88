""""Поиск": full-text search over acts and documents, only what the user may see."""
from types import SimpleNamespace
from urllib.parse import urlencode

from pyramid.view import view_config

from core.search.query import ParamError, SearchParams, parse_params
from core.search.results import PAGE_SIZE, filter_options, search_page
from core.security.permissions import VIEW_HOME
from core.security.sessions import user_grants
from core.site import get_site
from core.web.routes import route


def _page_number(value):
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


FIELDS = ("q", "type", "kind", "status", "authority", "date_from", "date_to", "sort")


@route("search", "/search")
@view_config(route_name="search", renderer="templates/search.pt", permission=VIEW_HOME)
def search(request):
    """The search page: the form, and a page of results when there are words to look for."""
    get = request.GET
    form = {name: (get.get(name) or "").strip() for name in FIELDS}
    problem = ""
    try:
        params = parse_params(get)
    except ParamError as exc:
        params, problem = SearchParams(q=form["q"]), str(exc)
    page_no = _page_number(get.get("page"))
    site, host = get_site(request), request.registry.oko
    grants = user_grants(request)
    results = None
    if params.q and not problem:
        results = search_page(site, host, grants, params, page=page_no, per_page=PAGE_SIZE)
        for row in results.rows:
            row.url = request.resource_url(row.obj)
    base = request.route_path("search")

    def page_url(number):
        query = {k: v for k, v in form.items() if v}
        query["page"] = number
        return f"{base}?{urlencode(query)}"

    pager = None
    if results is not None and results.pages > 1:
        pager = SimpleNamespace(
            prev_url=page_url(results.page - 1) if results.page > 1 else None,
            next_url=page_url(results.page + 1) if results.page < results.pages else None)
    return {"form": form, "problem": problem, "results": results, "pager": pager,
            "options": filter_options(site, host, grants), "action": base,
            "asked": bool(form["q"]) or any(form[k] for k in FIELDS if k not in ("q", "sort"))}
