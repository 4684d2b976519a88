"""Dashboards of the 500+ indicators: figures per level, the drill-down, XLSX and SVG.

Every figure a dashboard shows is read from the counters ``indicators``
keeps on change: the node's own, and one node per child for a breakdown (a
region's ~26 municipalities, the federation's 89 regions). Only the
drill-down and a municipality's export look at participations, and then
through the catalog, never by walking schools. Domain code: no request
objects here.
"""
import dataclasses
import datetime
import typing
from xml.sax.saxutils import escape, quoteattr

from core.catalog import natural_key
from core.numbers import percent
from core.project500 import indicators
from core.project500.model import Participation
from core.resources import Municipality, Region, Root, find_root, path_of, region_code_of, traverse_path
from core.workbooks import workbook_bytes

TYPE_NAME = Participation.type_name
# What a level's children are called, in a breakdown's header.
CHILD_TITLES = {Root: ("Регион", "По регионам"), Region: ("Муниципалитет", "По муниципалитетам"),
                Municipality: ("Школа", "По школам")}
PAGE_SIZE = 25


class Figure(typing.NamedTuple):
    """One indicator at one node in one year: how many of how many schools meet it.

    NB: a named tuple, not a frozen dataclass: the federal dashboard makes some 1,500 of them, and a
    frozen dataclass is built at twice the cost.
    """

    code: str
    title: str
    count: int
    total: int

    @property
    def share(self):
        """The share of the project's schools (0..1), or None when the node has none."""
        return self.count / self.total if self.total else None

    @property
    def missing(self):
        """How many of the project's schools do not meet it yet."""
        return self.total - self.count


@dataclasses.dataclass(frozen=True)
class ChildRow:
    """One child of a breakdown: a municipality of a region, or a region of the federation."""

    node: object
    title: str
    code: str
    total: int
    figures: tuple


def level_of(node):
    """The dashboard level of ``node`` (Root, Region or Municipality), or None for other nodes."""
    return next((kind for kind in (Root, Region, Municipality) if isinstance(node, kind)), None)


def indicator_list(host, node):
    """The indicators shown at ``node``: its region's, or the federal list above the regions."""
    # NB: region_code_of(Root) is None, which only the plugins serving every
    # region answer for: the federal defaults, with no region's additions.
    return host.indicators(region_code_of(node))


def years(node):
    """The years in which ``node`` has schools in the project, oldest first."""
    stored = getattr(node, "indicator_counts", None)
    if stored is None:
        return []
    # NB: the counters are keyed (year, code); a node has a handful of years.
    return sorted({year for (year, code), counter in stored.items()
                   if code == indicators.TOTAL and counter() > 0})


def default_year(node, today=None):
    """The current year if ``node`` has participations in it (or none at all), else the latest one."""
    current = (today or datetime.date.today()).year
    known = years(node)
    return current if current in known or not known else known[-1]


def figures(host, node, year, items=None):
    """The figures of every indicator at ``node`` in ``year``, read from its counters only."""
    items = indicator_list(host, node) if items is None else items
    return _figures(indicators.counts(node, year), items)


def _figures(counts, items):
    total = counts[indicators.TOTAL]
    return tuple(Figure(item["code"], item["title"], counts.get(item["code"], 0), total) for item in items)


def children(node):
    """The nodes of ``node``'s breakdown: the federation's regions by code, a region's municipalities by title."""
    if isinstance(node, Root):
        return [child for child in node.values() if isinstance(child, Region)]
    if isinstance(node, Region):
        found = [child for child in node.values() if isinstance(child, Municipality)]
        return sorted(found, key=lambda m: natural_key(m.title or m.__name__))
    return []


def breakdown(host, node, year, items=None):
    """Each child's figures of ``node``'s indicators, from one counter node per child."""
    items = indicator_list(host, node) if items is None else items
    rows = []
    for child in children(node):
        counts = indicators.counts(child, year)
        rows.append(ChildRow(child, child.title, getattr(child, "code", child.__name__),
                             counts[indicators.TOTAL], _figures(counts, items)))
    return rows


# -- the drill-down ---------------------------------------------------------

def _participations(node, year):
    """The docids of the participations under ``node`` in ``year`` (catalog sets, no walking)."""
    site = find_root(node)
    catalog = site.services["catalog"]
    family = catalog.family
    found = family.IF.intersection(catalog["type_name"].applyEq(TYPE_NAME), catalog["year"].applyEq(year))
    if not isinstance(node, Root):
        found = family.IF.intersection(found, catalog["ancestors"].applyAny([path_of(node)]))
    return catalog, found


def missing(node, year, code, offset=0, limit=PAGE_SIZE):
    """One page of the participations under ``node`` that do not meet ``code`` in ``year``, and their number.

    In path order (by municipality, then school). The difference of two
    docid sets, not a "not any" query: a participation that meets nothing
    has no keyword in the index at all, and a negated query would miss it.
    """
    site = find_root(node)
    catalog, found = _participations(node, year)
    meeting = catalog["indicators"].applyAny([code])
    found = catalog.family.IF.difference(found, meeting) if meeting else found
    docmap = site.services["docmap"]
    paths = sorted(docmap.path_for(docid) for docid in found)
    page = [traverse_path(site, path) for path in paths[offset:offset + limit]]
    return [p for p in page if p is not None], len(paths)


def participations(node, year):
    """Every participation under ``node`` in ``year``, in path order (a municipality's export)."""
    site = find_root(node)
    catalog, found = _participations(node, year)
    docmap = site.services["docmap"]
    objs = (traverse_path(site, path) for path in sorted(docmap.path_for(docid) for docid in found))
    return [p for p in objs if p is not None]


# -- XLSX ---------------------------------------------------------------------

def workbook(host, node, year):
    """The node's indicators and their breakdown as an .xlsx file (bytes)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    items = indicator_list(host, node)
    figs = figures(host, node, year, items)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    book = Workbook()
    sheet = book.active
    sheet.title = "Показатели"
    sheet.append([f"Показатели проекта «500+»: {node.title}, {year} год"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(["№", "Показатель", "Код", "Число ОО", "Всего ОО проекта", "Доля"])
    for n, fig in enumerate(figs, start=1):
        sheet.append([n, fig.title, fig.code, fig.count, fig.total, fig.share])
        sheet.cell(sheet.max_row, 6).number_format = "0.0%"
        sheet.cell(sheet.max_row, 2).alignment = wrap
    for cell in sheet[3]:
        cell.font = bold
    for column, width in zip("ABCDEF", (5, 70, 26, 11, 17, 10)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A4"

    child_title, sheet_title = CHILD_TITLES[level_of(node)]
    other = book.create_sheet(sheet_title)
    if isinstance(node, Municipality):
        # NB: a municipality has no counters below it: its project schools, a
        # few dozen, come from the catalog, each marked 1/0 per indicator.
        other.append([child_title, "Код", "Выполнено показателей"] + [f.title for f in figs])
        for p in participations(node, year):
            met = [int(f.code in p.indicators_met) for f in figs]
            other.append([p.__parent__.title, p.code, sum(met)] + met)
    else:
        other.append([child_title, "Код", "ОО проекта"] + [f.title for f in figs])
        for row in breakdown(host, node, year, items):
            other.append([row.title, row.code, row.total] + [f.share for f in row.figures])
            for column in range(4, 4 + len(figs)):
                other.cell(other.max_row, column).number_format = "0.0%"
    for cell in other[1]:
        cell.font, cell.alignment = bold, wrap
    other.column_dimensions["A"].width = 34
    other.column_dimensions["C"].width = 11
    for column in range(4, 4 + len(figs)):
        other.column_dimensions[get_column_letter(column)].width = 18
    other.row_dimensions[1].height = 90
    other.freeze_panes = "D2"
    return workbook_bytes(book)


# -- SVG --------------------------------------------------------------------

WIDTH, LEFT, BAR_MAX, ROW, TOP = 800, 12, 600, 40, 44


def bar_chart(title, bars):
    """A horizontal bar chart as an SVG document (str), with no script and no external reference.

    ``bars`` is ``[(key, label, share or None, caption)]``; each becomes a
    ``<g class="bar" data-key=…>`` with its label above a bar as long as its
    share, so long Russian titles are never cut.
    """
    height = TOP + ROW * len(bars) + 12
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" role="img" font-family="PT Sans, Arial, sans-serif" font-size="12">',
             f"<title>{escape(title)}</title>",
             f'<text x="{LEFT}" y="22" font-size="15" font-weight="bold" fill="#1d2733">{escape(title)}</text>']
    for n, (key, label, share, caption) in enumerate(bars):
        y = TOP + n * ROW
        width = round(BAR_MAX * max(0.0, min(1.0, share or 0.0)), 1)
        parts.append(
            f'<g class="bar" data-key={quoteattr(str(key))}>'
            f'<text x="{LEFT}" y="{y + 11}" fill="#1d2733">{escape(label)}</text>'
            f'<rect x="{LEFT}" y="{y + 16}" width="{BAR_MAX}" height="14" fill="#e9eef4"/>'
            f'<rect class="value" x="{LEFT}" y="{y + 16}" width="{width}" height="14" fill="#1f5fa8"/>'
            f'<text x="{LEFT + BAR_MAX + 8}" y="{y + 27}" fill="#1d2733">{escape(caption)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


# A chart read on a phone: 360 units wide (a phone's width), so its 14-unit text is 14 px there.
PHONE_WIDTH, PHONE_MARGIN, PHONE_LINE, PHONE_CHARS = 360, 8, 18, 44


def _wrapped(text, width=PHONE_CHARS):
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def phone_chart(title, bars):
    """A horizontal bar chart that reads on a phone as on a laptop: an SVG (str), 360 units wide, no script.

    ``bars`` is ``[(key, label, share or None, caption)]``; each label is wrapped on lines of its own with its
    caption («66,7 % (2 из 3)») after it, and its bar, as long as its share, under it across the whole width.
    """
    body, y = [], 10
    for key, label, share, caption in bars:
        lines = _wrapped(f"{label} — {caption}")
        texts = "".join(f'<tspan x="{PHONE_MARGIN}" y="{y + PHONE_LINE * (k + 1) - 4}">{escape(line)}</tspan>'
                        for k, line in enumerate(lines))
        y += PHONE_LINE * len(lines) + 2
        full = PHONE_WIDTH - 2 * PHONE_MARGIN
        width = round(full * max(0.0, min(1.0, share or 0.0)), 1)
        body.append(f'<g class="bar" data-key={quoteattr(str(key))}><text fill="#1d2733">{texts}</text>'
                    f'<rect x="{PHONE_MARGIN}" y="{y}" width="{full}" height="12" rx="2" fill="#e9eef4"/>'
                    f'<rect class="value" x="{PHONE_MARGIN}" y="{y}" width="{width}" height="12" rx="2" fill="#1f5fa8"/>'
                    "</g>")
        y += 24
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart home-chart" viewBox="0 0 {PHONE_WIDTH} {y}" '
            f'role="img" font-family="PT Sans, Arial, sans-serif" font-size="14"><title>{escape(title)}</title>'
            + "".join(body) + "</svg>")


def home_chart(host, node, year):
    """The 500+ indicators at ``node`` as a phone's chart, or None when no school of it takes part in ``year``."""
    figs = figures(host, node, year)
    if not figs or not figs[0].total:
        return None
    return phone_chart(f"{node.title}: показатели «500+», {year}",
                       [(f.code, f"{n}. {f.title}", f.share, _caption(f)) for n, f in enumerate(figs, start=1)])


def _caption(fig):
    return f"{percent(fig.share)} ({fig.count} из {fig.total})" if fig.total else "нет ОО"


def node_chart(host, node, year, figs=None):
    """The bar chart of every indicator's share at ``node`` (a municipality's chart)."""
    figs = figures(host, node, year) if figs is None else figs
    return bar_chart(f"{node.title}: показатели «500+», {year}",
                     [(f.code, f"{n}. {f.title}", f.share, _caption(f)) for n, f in enumerate(figs, start=1)])


def indicator_chart(host, node, year, code, rows=None):
    """The bar chart of one indicator's share in each child of ``node`` (a region's municipalities)."""
    rows = breakdown(host, node, year) if rows is None else rows
    item = next((i for i in indicator_list(host, node) if i["code"] == code), None)
    if item is None:
        raise KeyError(code)
    bars = []
    for row in rows:
        fig = next((f for f in row.figures if f.code == code), None)
        if fig is not None:
            bars.append((row.code, row.title, fig.share, _caption(fig)))
    return bar_chart(f"{item['title']}: {node.title}, {year}", bars)
