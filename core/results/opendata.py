"""Open statistics, the «банк валидной образовательной статистики»: chosen indicators for the public.

Read-only, served without a log-in (``core.results.pages.opendata``), at the
level of a region and of its municipalities only: no school, no person, no
flag of objectivity. The indicators shown are ``OPEN_INDICATORS`` of those the
region defines (a region's own indicator is not published unless listed);
each by year, with the trend of the region's or the municipality's values.
A municipality's value of a year with fewer than ``MIN_PARTICIPANTS``
participants is withheld: a figure of a handful of pupils is theirs.
"""
import dataclasses

from core.resources import Municipality, Region
from core.results import definitions, trend
from core.results.definitions import Indicator
from core.results.indicators import series
from core.results.model import REGION_SCOPE, region_bank
from core.workbooks import workbook_bytes

OPEN_INDICATORS = ("vpr_base", "vpr_high", "oge_base", "oge_high", "ege_mean", "ege_high", "ege_low")
MIN_PARTICIPANTS = 10
SHOWN_YEARS = 5


@dataclasses.dataclass(frozen=True)
class OpenRow:
    """One indicator of a place: its values by year (None: withheld or none), its trend in words."""

    indicator: Indicator
    values: dict
    trend_text: str


def _participants(indicator):
    return Indicator(indicator.code + "_n", "", "participants", indicator.procedures, indicator.subjects,
                     indicator.grades, False, False)


def regions(site):
    """The regions with results, in the tree's order."""
    return [r for r in site.values() if isinstance(r, Region) and region_bank(site, r.code) is not None
            and region_bank(site, r.code).scope(REGION_SCOPE) is not None]


def rows(host, site, region, municipality=None):
    """``(years, [OpenRow])`` of the region (or its ``municipality``)."""
    bank = region_bank(site, region.code)
    scope = bank.scope(REGION_SCOPE if municipality is None else municipality.__name__) if bank else None
    if scope is None:
        return [], []
    defs = definitions.of(host, region.code)
    found = []
    for code in OPEN_INDICATORS:
        indicator = defs.indicators.get(code)
        if indicator is None or indicator.versus_region:
            continue
        values = series(indicator, scope.sums, scope.pooled)
        counts = series(_participants(indicator), scope.sums, scope.pooled)
        values = {y: (v if counts.get(y, 0) >= MIN_PARTICIPANTS else None) for y, v in values.items()}
        if any(v is not None for v in values.values()):
            found.append(OpenRow(indicator, values, trend.describe(trend.fit(values), indicator.change_unit)))
    years = sorted({y for r in found for y in r.values})[-SHOWN_YEARS:]
    return years, found


def municipalities(region):
    """The region's municipalities, in the tree's order."""
    return [m for m in region.values() if isinstance(m, Municipality)]


def workbook(host, site, region, municipality=None):
    """The .xlsx of the open statistics of the region and each municipality (or of one municipality)."""
    # NB: here, not at the top: openpyxl (and numpy, which it imports) would add a third of a second to every
    # worker's start for the few who ask for this book.
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Показатели"
    sheet.append(["Территория", "Показатель", "Единица", "Год", "Значение"])
    places = [municipality] if municipality is not None else [None, *municipalities(region)]
    for place in places:
        years, found = rows(host, site, region, place)
        name = region.title if place is None else place.title
        for row in found:
            for year in years:
                value = row.values.get(year)
                sheet.append([name, row.indicator.title, row.indicator.value_unit, year,
                              round(value, 2) if value is not None else None])
    about = book.create_sheet("О данных")
    for line in (["Открытая статистика результатов оценочных процедур (ВПР, ОГЭ, ЕГЭ)."],
                 ["Значения по региону и муниципалитетам; сведения об отдельных школах и людях не публикуются."],
                 [f"Значение за год, за которым меньше {MIN_PARTICIPANTS} участников, не показывается."]):
        about.append(line)
    return workbook_bytes(book)
