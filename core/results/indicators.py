"""The indicators of results by year for a school, a municipality and the region, with their trends.

An indicator (``core.results.definitions.Indicator``) is read from sums
(``core.results.sums``): an indicator of whole procedures from the sums
pooled by procedure and year, one of some subjects or grades from the sums
by result, a municipality's and the region's being kept; a school's values
are read from its one record row by row (``school_series``), the same measure. An indicator ``versus`` the
region is the node's value less the region's, year by year.
"""
import dataclasses

from core.resources import Municipality, Region, School, region_code_of
from core.results import definitions, trend
from core.results.model import ABOVE, BASE, HIGH, LOW, MEAN, PARTICIPANTS, REGION_SCOPE, bank_of
from core.results.sums import measure, plus

# The years a page shows: the last five with results.
SHOWN_YEARS = 5


def series(indicator, sums, pooled):
    """``{year: value}`` of ``indicator`` (without its ``versus``) from a scope's (or a school's) sums."""
    totals = {}
    if indicator.pooled:
        for (procedure, year), total in pooled.items():
            if procedure in indicator.procedures:
                totals[year] = plus(totals[year], total) if year in totals else total
    else:
        for key, total in sums.items():
            if indicator.takes(key):
                year = key[3]
                totals[year] = plus(totals[year], total) if year in totals else total
    values = {}
    for year in sorted(totals):
        value = measure(totals[year], indicator.measure)
        if value is not None:
            values[year] = value
    return values


def school_series(indicator, record):
    """``{year: value}`` of ``indicator`` (without its ``versus``) from one school's record, read row by row.

    The same measure ``series`` reads from sums, without making them: a
    municipality's page asks it of each of its hundreds of schools.
    """
    if record is None:
        return {}
    measure, part, whole = indicator.measure, {}, {}
    for key, value in record.rows.items():
        if not indicator.takes(key):
            continue
        n, year = value[PARTICIPANTS], key[3]
        if measure == "participants":
            top, bottom = n, 1
        elif measure == "mean_score":
            if value[MEAN] is None:
                continue
            top, bottom = n * value[MEAN], n
        elif value[LOW] is None:
            continue
        elif measure == "base_share":
            top, bottom = n * (value[BASE] + value[ABOVE] + value[HIGH]), n
        else:
            top, bottom = n * value[HIGH if measure == "high_share" else LOW], n
        part[year] = part.get(year, 0) + top
        whole[year] = whole.get(year, 0) + bottom
    if measure == "participants":
        return dict(sorted(part.items()))
    # NB: kept as integers: a mean in hundredths, a share in tenths of a per cent (``core.results.model``).
    scale = 100 if measure == "mean_score" else 10
    return {year: part[year] / whole[year] / scale for year in sorted(part) if whole[year]}


def gap(own, region):
    """``own`` less ``region``, for the years both have."""
    return {year: value - region[year] for year, value in own.items() if year in region}


@dataclasses.dataclass
class Row:
    """One indicator of a node: its values by year, the region's beside them (for a gap: the node's own
    values and the region's), the trend of ``values`` and its words."""

    indicator: definitions.Indicator
    values: dict
    region: dict
    trend: trend.Trend
    trend_text: str
    verdict: str

    @property
    def latest(self):
        """The latest year's value, or None."""
        return self.values[max(self.values)] if self.values else None


def _sums_of(bank, node):
    scope = bank.scope(REGION_SCOPE if isinstance(node, Region) else node.__name__) if bank is not None else None
    return (scope.sums, scope.pooled) if scope is not None else ({}, {})


def rows(host, node, bank=None):
    """The region's indicators of ``node`` (a school, a municipality, the region), each a ``Row``.

    A ``versus`` indicator is left out for the region itself (its gap to itself is nil).
    """
    bank = bank if bank is not None else bank_of(node)
    defs = definitions.of(host, bank.code if bank is not None else region_code_of(node) or "00")
    school = isinstance(node, School)
    record = bank.schools.get(node.code) if school and bank is not None else None
    sums, pooled = _sums_of(bank, node) if not school else ({}, {})
    region = bank.scope(REGION_SCOPE) if bank is not None and not isinstance(node, Region) else None
    found = []
    for indicator in defs.indicators.values():
        if indicator.versus_region and isinstance(node, Region):
            continue
        own = school_series(indicator, record) if school else series(indicator, sums, pooled)
        theirs = series(indicator, region.sums, region.pooled) if region is not None else {}
        values = gap(own, theirs) if indicator.versus_region else own
        found.append(_row(indicator, values, own if indicator.versus_region else theirs))
    return found


def _row(indicator, values, beside):
    fitted = trend.fit(values)
    return Row(indicator, values, beside, fitted, trend.describe(fitted, indicator.change_unit),
               trend.verdict(fitted, indicator.lower_is_better))


def shown_years(found):
    """The last ``SHOWN_YEARS`` years any of the rows has a value in."""
    years = sorted({y for row in found for y in (*row.values, *row.region)})
    return years[-SHOWN_YEARS:]


@dataclasses.dataclass
class Below:
    """One municipality (of a region) or school (of a municipality) in the table of an indicator."""

    node: object
    values: dict
    latest: float | None
    gap: float | None
    trend: trend.Trend
    trend_text: str
    verdict: str


def table(host, node, code, bank=None):
    """``(indicator, [Below])``: the indicator ``code`` for each municipality of a region or school of a
    municipality, with its latest value, its gap to the region in that year and its trend."""
    bank = bank if bank is not None else bank_of(node)
    if bank is None:
        return None, []
    defs = definitions.of(host, bank.code)
    indicator = defs.indicators.get(code)
    if indicator is None:
        return None, []
    region = bank.scope(REGION_SCOPE)
    theirs = series(indicator, region.sums, region.pooled) if region is not None else {}
    found = []
    for child in node.values():
        if isinstance(child, Municipality):
            scope = bank.scope(child.__name__)
            own = series(indicator, scope.sums, scope.pooled) if scope is not None else {}
        elif isinstance(child, School):
            own = school_series(indicator, bank.schools.get(child.code))
        else:
            continue
        values = gap(own, theirs) if indicator.versus_region else own
        latest_year = max(values) if values else None
        latest = values[latest_year] if latest_year is not None else None
        to_region = (None if latest is None or indicator.versus_region or latest_year not in theirs
                     else latest - theirs[latest_year])
        fitted = trend.fit(values)
        found.append(Below(child, values, latest, to_region, fitted,
                           trend.describe(fitted, indicator.change_unit),
                           trend.verdict(fitted, indicator.lower_is_better)))
    return indicator, found

