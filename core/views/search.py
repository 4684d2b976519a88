""""Поиск": full-text search over acts and documents, only what the user may see."""
from types import SimpleNamespace
from urllib.parse import urlencode

from pyramid.view import view_config

from core.search.params import ParamError, SearchParams, parse_params
from core.search.results import PAGE_SIZE, filter_options, search_page
from core.security.permissions import VIEW_HOME
from core.security.sessions import user_grants
from core.site import get_site
from core.web.paging import requested_page
from core.web.routes import path_url, route

FIELDS = ("q", "type", "kind", "status", "authority", "date_from", "date_to", "sort")


@route("search", "/search")
@view_config(route_name="search", renderer="templates/search.pt", request_method="GET", permission=VIEW_HOME)
def search(request):
    """The search page: the form, and a page of results when there are words to look for."""
    get = request.GET
    form = {name: (get.get(name) or "").strip() for name in FIELDS}
    problem = ""
    try:
        params = parse_params(get)
    except ParamError as exc:
        params, problem = SearchParams(q=form["q"]), str(exc)
    page = requested_page(request, PAGE_SIZE)
    site, host = get_site(request), request.registry.oko
    grants = user_grants(request)
    results = None
    if params.q and not problem:
        results = search_page(site, host, grants, params, page=page.number, per_page=page.size)
        for row in results.rows:
            row.url = path_url(request.application_url, row.path)
    base = request.route_path("search")

    def page_url(number):
        query = {k: v for k, v in form.items() if v}
        query["page"] = number
        return f"{base}?{urlencode(query)}"

    pager = None
    if results is not None and results.pages > 1:
        prev_url, next_url = page.neighbours(results.total, page_url)
        pager = SimpleNamespace(prev_url=prev_url, next_url=next_url)
    return {"form": form, "problem": problem, "results": results, "pager": pager,
            "options": filter_options(site, host, grants), "action": base,
            "asked": bool(form["q"]) or any(form[k] for k in FIELDS if k not in ("q", "sort"))}
