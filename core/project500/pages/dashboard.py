"""Dashboards of the 500+ indicators for a municipality, a region and the federation.

A dashboard reads counters only (``core.project500.report``): the node's
own, and one per child in a breakdown. The drill-down lists, a page at a
time from the catalog, the schools that do not meet an indicator yet.
"""
from html import escape
from types import SimpleNamespace
from urllib.parse import quote, urlencode

from markupsafe import Markup
from pyramid.view import view_config

from core.numbers import percent
from core.project500 import report, snapshots
from core.resources import Municipality, Region, Root
from core.security.permissions import VIEW
from core.web.paging import requested_page
from core.web.responses import attachment, error_response

PAGE = "indicators-500"
MISSING = "indicators-500-missing"
XLSX = "indicators-500.xlsx"
SVG = "indicators-500.svg"
TEMPLATES = "core:project500/templates/"
LEVEL_TITLES = {Root: "федерация", Region: "регион", Municipality: "муниципалитет"}


def chosen_year(request, context):
    """The ``year`` asked for, or the node's default year when it is missing or makes no sense."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return report.default_year(context)
    return year if 2000 <= year <= 2100 else report.default_year(context)


def _file_stem(context, year):
    return f"pokazateli-500-{getattr(context, 'code', None) or 'rf'}-{year}"


def _breakdown_html(rows, base, year):
    """The breakdown table's rows, escaped: built here, 89 rows by 16 shares is the hot path of the page."""
    # NB: a cell is its indicator, count and total alone, and the rows repeat many (small regions, 0 of n,
    # n of n): each different cell is written once, its title escaped once per indicator.
    titles, cells = {}, {}

    def cell(f):
        key = (f.code, f.count, f.total)
        written = cells.get(key)
        if written is None:
            title = titles.get(f.code)
            if title is None:
                title = titles[f.code] = escape(f.title)
            written = cells[key] = f'<td class="num" title="{title}: {f.count} из {f.total}">{percent(f.share)}</td>'
        return written
    out = []
    for row in rows:
        url = f"{base}{quote(row.node.__name__)}/@@{PAGE}?year={year}"
        out.append(f'<tr><td><a href="{escape(url)}">{escape(row.title)}</a></td>'
                   f'<td class="num">{row.total}</td>{"".join(map(cell, row.figures))}</tr>')
    return Markup("".join(out))


@view_config(context=Root, name=PAGE, renderer=TEMPLATES + "indicators.pt", request_method="GET", permission=VIEW)
@view_config(context=Region, name=PAGE, renderer=TEMPLATES + "indicators.pt", request_method="GET", permission=VIEW)
@view_config(context=Municipality, name=PAGE, renderer=TEMPLATES + "indicators.pt",
             request_method="GET", permission=VIEW)
def dashboard(context, request):
    """Every indicator's share at this node, a breakdown by child, and a chart."""
    host = request.registry.oko
    year = chosen_year(request, context)
    items = report.indicator_list(host, context)
    figs = report.figures(host, context, year, items)
    base = request.resource_url(context)
    query = {"year": year}
    rows, chart_code, chart = [], None, None
    if isinstance(context, Municipality):
        chart = report.node_chart(host, context, year, figs)
    else:
        rows = report.breakdown(host, context, year, items)
        codes = [i["code"] for i in items]
        chart_code = request.GET.get("chart") if request.GET.get("chart") in codes else codes[0]
        chart = report.indicator_chart(host, context, year, chart_code, rows)
        query["code"] = chart_code
    known = report.years(context)
    return {
        "level": LEVEL_TITLES[report.level_of(context)], "year": year,
        "years": sorted(set(known) | {year}, reverse=True), "total": figs[0].total if figs else 0,
        "figures": [SimpleNamespace(number=n, fig=f, share=percent(f.share),
                                    missing_url=f"{base}@@{MISSING}?{urlencode({'code': f.code, 'year': year})}")
                    for n, f in enumerate(figs, start=1)],
        "child_title": report.CHILD_TITLES[report.level_of(context)][0],
        "breakdown": rows, "breakdown_html": _breakdown_html(rows, base, year) if rows else "",
        "items": items, "chart_code": chart_code, "chart": Markup(chart),
        "page_url": f"{base}@@{PAGE}", "xlsx_url": f"{base}@@{XLSX}?year={year}",
        "svg_url": f"{base}@@{SVG}?{urlencode(query)}",
        "survey_weeks": survey_weeks(context, year),
    }


def survey_weeks(context, year):
    """The weekly progress of the school survey (the last snapshot of each week), as the table shows it."""
    return [SimpleNamespace(day=p.day.strftime("%d.%m.%Y"), met=p.met, total=p.total, share=percent(p.share))
            for p in snapshots.weekly(context, year, "surveyed")]


@view_config(context=Root, name=MISSING, renderer=TEMPLATES + "indicators_missing.pt",
             request_method="GET", permission=VIEW)
@view_config(context=Region, name=MISSING, renderer=TEMPLATES + "indicators_missing.pt",
             request_method="GET", permission=VIEW)
@view_config(context=Municipality, name=MISSING, renderer=TEMPLATES + "indicators_missing.pt",
             request_method="GET", permission=VIEW)
def missing(context, request):
    """The schools of the project that do not meet one indicator yet, 25 a page."""
    host = request.registry.oko
    year = chosen_year(request, context)
    code = request.GET.get("code", "")
    item = next((i for i in report.indicator_list(host, context) if i["code"] == code), None)
    if item is None:
        return error_response(request, 400, "unknown_indicator", f"Нет такого показателя: «{code}».")
    page = requested_page(request, report.PAGE_SIZE)
    found, total = report.missing(context, year, code, page.offset, page.size)
    base = request.resource_url(context)

    def url(n):
        return f"{base}@@{MISSING}?{urlencode({'code': code, 'year': year, 'page': n})}"
    prev_url, next_url = page.neighbours(total, url)
    return {
        "item": item, "year": year, "total": total, "page": page.number, "pages": page.count(total),
        "rows": [SimpleNamespace(url=request.resource_url(p), school=p.__parent__.title, code=p.code,
                                 municipality=p.__parent__.__parent__.title) for p in found],
        "prev_url": prev_url, "next_url": next_url,
        "back_url": f"{base}@@{PAGE}?year={year}",
    }


@view_config(context=Root, name=XLSX, request_method="GET", permission=VIEW)
@view_config(context=Region, name=XLSX, request_method="GET", permission=VIEW)
@view_config(context=Municipality, name=XLSX, request_method="GET", permission=VIEW)
def xlsx(context, request):
    """The indicators and their breakdown as an Excel workbook."""
    year = chosen_year(request, context)
    body = report.workbook(request.registry.oko, context, year)
    return attachment(body, f"{_file_stem(context, year)}.xlsx",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@view_config(context=Root, name=SVG, request_method="GET", permission=VIEW)
@view_config(context=Region, name=SVG, request_method="GET", permission=VIEW)
@view_config(context=Municipality, name=SVG, request_method="GET", permission=VIEW)
def svg(context, request):
    """The chart as an SVG file: the node's indicators, or (``code``) one indicator by child."""
    host = request.registry.oko
    year = chosen_year(request, context)
    code = request.GET.get("code")
    if code and not isinstance(context, Municipality):
        try:
            chart = report.indicator_chart(host, context, year, code)
        except KeyError:
            return error_response(request, 400, "unknown_indicator", f"Нет такого показателя: «{code}».")
        name = f"{_file_stem(context, year)}-{code}.svg"
    else:
        chart, name = report.node_chart(host, context, year), f"{_file_stem(context, year)}.svg"
    return attachment(chart.encode("utf-8"), name, "image/svg+xml", "utf-8")
