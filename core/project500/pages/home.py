"""The 500+ block of an operator's home page: the one chart that matters most, the project's indicators.

A federal operator sees the federation's, a regional operator its region's, a
municipal coordinator its municipality's: the share of the project's schools
that meet each indicator, a phone's chart (``report.phone_chart``), with a
link to the dashboard. Nobody else gets the block.
"""
from html import escape

from markupsafe import Markup

from core.project500 import report
from core.project500.pages.dashboard import PAGE
from core.resources import traverse_path
from core.site import get_site
from core.views.home import add_home_block

# The roles whose home page shows the chart, and where they hold them.
ROLES = ("federal_operator", "regional_operator", "municipal_coordinator")


def _operated(request):
    site = get_site(request)
    for path, roles in request.identity.grants.items():
        if set(roles) & set(ROLES):
            node = traverse_path(site, path)
            if node is not None and request.has_permission("view", node):
                return node
    return None


def indicators_block(request):
    """The block (Markup), or None for whoever operates no node or whose node has no school in the project."""
    if request.identity is None:
        return None
    node = _operated(request)
    if node is None:
        return None
    year = report.default_year(node)
    chart = report.home_chart(request.registry.oko, node, year)
    if chart is None:
        return None
    url = request.resource_url(node, "@@" + PAGE, query={"year": year})
    return Markup(f'<h2>Проект «500+» в {year} году: {escape(node.title)}</h2>'
                  f'<p class="muted">Доля школ проекта, выполнивших каждый показатель.</p>{chart}'
                  f'<p><a href="{escape(url)}">Все показатели, по муниципалитетам и школам</a></p>')


def includeme(config):
    """Put the block on the home page, first of the domains' blocks."""
    add_home_block(config, "project500", indicators_block, order=10)
