"""Roadmaps' federal answers, as a built-in plugin: the link to an authority's roadmaps."""
from core import hookimpl


@hookimpl
def oko_plugin_info():
    return {"name": "roadmaps", "version": "1.0", "title": "Дорожные карты", "regions": ["*"]}


@hookimpl
def oko_node_links(region, node_type):
    # NB: every authority may keep roadmaps; whoever sees its page sees the link (the page says who imports).
    if node_type in ("root", "region", "municipality", "school"):
        return [{"code": "roadmaps", "title": "Дорожные карты", "view": "roadmaps", "roles": []}]
    return []
