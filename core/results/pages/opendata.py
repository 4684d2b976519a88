"""The open statistics, without a log-in: a region's and its municipalities' chosen indicators, and their XLSX.

Anyone reaches these two routes (``core.security.transport.add_public_route``,
in ``core.results.includeme``): they show only ``core.results.opendata``'s
aggregates. The place is a query (``?region=66&municipality=m1``), so the
routes are exact paths the public-path check can name.
"""
from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from core.resources import Municipality, Region
from core.results import opendata, trend
from core.results.pages._common import template
from core.security.permissions import PUBLIC
from core.web.responses import attachment

PAGE = template("opendata")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _place(request):
    site = request.root
    found = opendata.regions(site)
    code = request.GET.get("region", "")
    region = next((r for r in found if r.code == code), found[0] if found else None)
    municipality = None
    if region is not None:
        candidate = region.get(request.GET.get("municipality", "")) if request.GET.get("municipality") else None
        municipality = candidate if isinstance(candidate, Municipality) else None
    return site, found, region, municipality


@view_config(route_name="open_statistics", renderer=PAGE, request_method="GET", permission=PUBLIC)
def open_statistics(request):
    """The chosen indicators of a region (or a municipality) by year, for anyone."""
    site, found, region, municipality = _place(request)
    years, rows = opendata.rows(request.registry.oko, site, region, municipality) if region else ([], [])
    return {"regions": found, "region": region, "municipality": municipality,
            "municipalities": opendata.municipalities(region) if isinstance(region, Region) else [],
            "years": years, "rows": rows, "number": trend.number,
            "min_participants": opendata.MIN_PARTICIPANTS}


@view_config(route_name="open_statistics_xlsx", request_method="GET", permission=PUBLIC)
def open_statistics_xlsx(request):
    """The open statistics of a region and its municipalities (or of one municipality) as an XLSX file."""
    site, _, region, municipality = _place(request)
    if region is None:
        raise HTTPNotFound()
    name = region.code + (f"-{municipality.__name__}" if municipality is not None else "")
    return attachment(opendata.workbook(request.registry.oko, site, region, municipality),
                      f"открытая-статистика-{name}.xlsx", XLSX)
