"""The JSON API under /api/v1, described by an OpenAPI 3.1 document."""
from core.api.validation import openapi_deriver
from core.site import root_factory


def includeme(config):
    """Routes of the API and the validating view deriver."""
    config.add_view_deriver(openapi_deriver)
    config.add_route("api_openapi", "/api/v1/openapi.json")
    config.add_route("api_session", "/api/v1/session")
    config.add_route("api_tasks", "/api/v1/tasks")
    config.add_route("api_tree", "/api/v1/tree*traverse", factory=root_factory)
