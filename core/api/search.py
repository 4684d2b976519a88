"""GET /api/v1/search: the search page's results as JSON (the same domain code)."""
from pyramid.view import view_config

from core.search.params import parse_params
from core.search.results import search_page
from core.security.permissions import VIEW_HOME
from core.security.sessions import user_grants
from core.site import get_site
from core.web.paging import api_page
from core.web.routes import route


def hit(row):
    """What the API says of one hit."""
    return {"path": row.path, "title": row.title, "type": row.type, "kind": row.kind,
            "kind_title": row.kind_title, "status": row.status, "status_title": row.status_title,
            "date": row.date.isoformat() if row.date else None, "where": row.where,
            "passage": str(row.passage), "score": row.score}


@route("api_search", "/api/v1/search")
@view_config(route_name="api_search", request_method="GET", renderer="json", permission=VIEW_HOME,
             openapi="search")
def search(request):
    """One page of the acts and documents the user may see that match ``q`` and the filters."""
    page = api_page(request)
    params = parse_params(request.api_params)
    found = search_page(get_site(request), request.registry.oko, user_grants(request), params,
                        page=page.number, per_page=page.size)
    return {"q": params.q, **page.body(found.total), "pages": page.count(found.total), "message": found.message,
            "results": [hit(r) for r in found.rows]}
