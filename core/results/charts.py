"""The charts of the results base as inline SVG (no script: the pages' Content-Security-Policy refuses it).

In the style of the monitoring's charts (``core.attestation_monitoring.charts``):
an indicator by year as a line with its points (each with its value in a
``<title>``), the region's line dashed beside it, and the fitted trend line
when the change is significant. The axis spans the values with a margin (a
share's within 0–100 %), its ticks labelled, so a change of a few points shows. The SVG scales to the width of a phone
(``viewBox``, the ``chart`` class of the site's style sheet).
"""
import math
from html import escape

from core.results.trend import number

OWN = "#2b6cb0"
REGION = "#718096"
TREND = "#c05621"
GRID = "#e2e8f0"
# The least span of the value axis (points of a share or of a score).
MIN_SPAN = 5.0


def _ticks(low, high, count=4):
    """Round values from ``low`` to ``high`` for the axis: 0, 25, 50, 75, 100."""
    span = high - low
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value <= high + step / 2:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _bounds(values, share):
    """The axis's low and high and its ticks: the values' range with a margin (a share's kept within 0–100)."""
    low, high = min(values), max(values)
    # NB: an axis of at least MIN_SPAN: a wobble of tenths of a point does not fill the chart as if it were a fall.
    middle, span = (low + high) / 2, max(high - low, MIN_SPAN)
    low, high = middle - span / 2, middle + span / 2
    pad = span * 0.15
    low, high = low - pad, high + pad
    if share:
        low, high = max(0.0, low), min(100.0, high)
    ticks = [t for t in _ticks(low, high) if low - 1e-9 <= t <= high + 1e-9]
    return low, high, ticks


def dynamics(title, years, own, region=None, fitted=None, unit="", share=False, own_label="ОО",
             region_label="регион", width=480, height=210):
    """An indicator by year: ``own`` (``{year: value}``) as a line, ``region`` dashed, ``fitted`` (a significant
    ``Trend``) as a dashed line over its years; ``share`` keeps the axis within 0–100."""
    region = region or {}
    shown = [v for y in years for v in (own.get(y), region.get(y)) if v is not None]
    if not years or not shown:
        return ""
    low, high, ticks = _bounds(shown, share)
    left, right, top, bottom = 46, width - 12, 12, height - 48

    def x(year):
        if len(years) == 1:
            return round((left + right) / 2, 1)
        return round(left + years.index(year) * (right - left) / (len(years) - 1), 1)

    def y(value):
        return round(bottom - (value - low) / (high - low) * (bottom - top), 1)

    label = f"{title}: " + ", ".join(f"{year} — {number(own[year])}" for year in years if year in own)
    parts = [f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(label)}">']
    for tick in ticks:
        parts.append(f'<line x1="{left}" x2="{right}" y1="{y(tick)}" y2="{y(tick)}" stroke="{GRID}"/>'
                     f'<text x="{left - 6}" y="{y(tick) + 4}" font-size="11" text-anchor="end">'
                     f'{number(tick, 0 if float(tick).is_integer() else 1)}</text>')
    for year in years:
        parts.append(f'<text x="{x(year)}" y="{bottom + 16}" font-size="11" text-anchor="middle">{year}</text>')
    if fitted is not None and fitted.significant:
        a, b = fitted.years[0], fitted.years[-1]
        if a in years and b in years:
            parts.append(f'<line x1="{x(a)}" y1="{y(fitted.at(a))}" x2="{x(b)}" y2="{y(fitted.at(b))}" '
                         f'stroke="{TREND}" stroke-width="2" stroke-dasharray="6 4"/>')
    for values, colour, dash, name in ((region, REGION, ' stroke-dasharray="4 3"', region_label),
                                       (own, OWN, "", own_label)):
        points = [(x(year), y(values[year]), year) for year in years if values.get(year) is not None]
        if not points:
            continue
        if len(points) > 1:
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} '
                         f'points="{" ".join(f"{px},{py}" for px, py, _ in points)}"/>')
        for px, py, year in points:
            parts.append(f'<circle cx="{px}" cy="{py}" r="{4 if colour == OWN else 3}" fill="{colour}">'
                         f'<title>{escape(name)}, {year}: {number(values[year])} {escape(unit)}</title></circle>')
    legend_y = height - 14
    parts.append(f'<line x1="{left}" x2="{left + 22}" y1="{legend_y - 4}" y2="{legend_y - 4}" stroke="{OWN}" '
                 f'stroke-width="2"/><text x="{left + 28}" y="{legend_y}" font-size="11">{escape(own_label)}</text>')
    at = left + 40 + 7 * len(own_label)
    if region:
        parts.append(f'<line x1="{at}" x2="{at + 22}" y1="{legend_y - 4}" y2="{legend_y - 4}" stroke="{REGION}" '
                     f'stroke-width="2" stroke-dasharray="4 3"/><text x="{at + 28}" y="{legend_y}" font-size="11">'
                     f'{escape(region_label)}</text>')
        at += 40 + 7 * len(region_label)
    if fitted is not None and fitted.significant:
        parts.append(f'<line x1="{at}" x2="{at + 22}" y1="{legend_y - 4}" y2="{legend_y - 4}" stroke="{TREND}" '
                     f'stroke-width="2" stroke-dasharray="6 4"/><text x="{at + 28}" y="{legend_y}" font-size="11">'
                     f'тренд</text>')
    parts.append("</svg>")
    return "".join(parts)


MARKED = "#c53030"
OTHERS = "#90cdf4"


def strips(title, rows, marked, unit="", share=False, width=360):
    """Rows of dots on one axis: ``rows`` is ``[(label, [(code, value)])]``; the dot of ``marked`` (a code) is red
    and larger, each row's mean a dark tick. Where a school stands among the schools of its cluster and the others."""
    shown = [v for _, points in rows for _, v in points]
    if not shown:
        return ""
    low, high, ticks = _bounds(shown, share)
    left, right, top, row_height = 78, width - 12, 14, 30
    height = top + row_height * len(rows) + 40

    def x(value):
        return round(left + (value - low) / (high - low) * (right - left), 1)

    marked_value = next((v for _, points in rows for c, v in points if c == marked), None)
    label = f"{title}" + (f": школа — {number(marked_value)} {unit}" if marked_value is not None else "")
    parts = [f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(label)}">']
    axis_y = top + row_height * len(rows)
    for tick in ticks:
        parts.append(f'<line x1="{x(tick)}" x2="{x(tick)}" y1="{top}" y2="{axis_y}" stroke="{GRID}"/>'
                     f'<text x="{x(tick)}" y="{axis_y + 14}" font-size="11" text-anchor="middle">'
                     f'{number(tick, 0 if float(tick).is_integer() else 1)}</text>')
    for n, (name, points) in enumerate(rows):
        middle = top + row_height * n + row_height / 2
        parts.append(f'<text x="{left - 8}" y="{middle + 4}" font-size="11" text-anchor="end">{escape(name)}</text>')
        for code, value in points:
            if code == marked:
                continue
            parts.append(f'<circle cx="{x(value)}" cy="{middle}" r="3" fill="{OTHERS}" fill-opacity="0.8">'
                         f'<title>{escape(code)}: {number(value)} {escape(unit)}</title></circle>')
        if points:
            mean = sum(v for _, v in points) / len(points)
            parts.append(f'<line x1="{x(mean)}" x2="{x(mean)}" y1="{middle - 10}" y2="{middle + 10}" '
                         f'stroke="{OWN}" stroke-width="3"><title>{escape(name)}: среднее {number(mean)} '
                         f'{escape(unit)}</title></line>')
        for code, value in points:
            if code == marked:
                parts.append(f'<circle cx="{x(value)}" cy="{middle}" r="6" fill="{MARKED}" stroke="#fff">'
                             f'<title>{escape(code)}: {number(value)} {escape(unit)}</title></circle>')
    legend_y = height - 8
    parts.append(f'<circle cx="{left + 4}" cy="{legend_y - 4}" r="5" fill="{MARKED}"/>'
                 f'<text x="{left + 14}" y="{legend_y}" font-size="11">школа</text>'
                 f'<line x1="{left + 70}" x2="{left + 70}" y1="{legend_y - 12}" y2="{legend_y + 2}" stroke="{OWN}" '
                 f'stroke-width="3"/><text x="{left + 78}" y="{legend_y}" font-size="11">среднее кластера</text>')
    parts.append("</svg>")
    return "".join(parts)
