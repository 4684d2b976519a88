"""The dynamic assessment of a school's results: a time series per school over 3–5 years.

Imported from an XLSX (or CSV) table with the columns school code, year,
indicator, value; kept on the school (``School.results_series``,
``{indicator: {year: value}}``), so every attestation of its leader reads
the same series. The dossier shows the school results base's indicators and
their trends instead (``core.results``, the school's passport) once it holds
the school's results; this series is its fallback, and what ``series_of``
gives the regional plugins (the Krasnoyarsk interview).
"""
import datetime

from core import docinspect
from core.attestation import access
from core.attestation.campaign import schools_of
from core.attestation.model import AttestationRefused
from core.docinspect.tables import uploaded_table
from core.numbers import number

MAX_YEARS = 5
HEADERS = {"code": {"school_code", "code", "код оо", "код школы", "код"}, "year": {"year", "год"},
           "indicator": {"indicator", "показатель"}, "value": {"value", "значение"}}


def parse(data, filename, known_codes, today=None, limits=docinspect.Limits()):
    """``{school code: {indicator: {year: value}}}`` of a table; every bad row is named, nothing is kept.

    The table is an upload: it passes the inspector within ``limits`` first.
    """
    rows = uploaded_table(data, filename or "таблица", limits)
    columns = {"code": 0, "year": 1, "indicator": 2, "value": 3}
    if rows:
        names = [c.casefold() for c in rows[0][1]]
        found = {key: names.index(h) for key, hs in HEADERS.items() for h in hs if h in names}
        if len(found) == 4:
            columns, rows = found, rows[1:]
    this_year = (today or datetime.date.today()).year
    series, errors = {}, []
    for line, cells in rows:
        if not any(cells):
            continue
        cells = cells + [""] * (4 - len(cells))
        code, year, indicator, value = (cells[columns[k]] for k in ("code", "year", "indicator", "value"))
        problems = []
        if code not in known_codes:
            problems.append(f"в регионе нет школы «{code}»")
        try:
            year = int(float(year))
            if not this_year - 10 <= year <= this_year:
                problems.append(f"год {year} вне последних десяти лет")
        except ValueError:
            problems.append(f"год «{year}» — не число")
        if not indicator:
            problems.append("не указан показатель")
        try:
            value = float(value.replace(",", "."))
        except ValueError:
            problems.append(f"значение «{value}» — не число")
        if problems:
            errors.append(f"Строка {line}: " + "; ".join(problems) + ".")
        else:
            series.setdefault(code, {}).setdefault(indicator[:200], {})[year] = value
    if not series and not errors:
        errors.append("В файле нет ни одной строки с данными.")
    for code, indicators in series.items():
        for indicator, years in indicators.items():
            if len(years) > MAX_YEARS:
                errors.append(f"Школа «{code}», показатель «{indicator}»: больше {MAX_YEARS} лет "
                              f"({len(years)}); нужна динамика за 3–5 лет.")
    if errors:
        raise AttestationRefused("Файл не загружен: " + " ".join(errors[:50]), "invalid", errors)
    return series


def import_series(host, campaign, data, filename, actor, now=None):
    """Load the schools' results series for the region (each school's series replaced); returns how many schools."""
    access.IMPORT_SERIES.require(campaign, actor)
    schools = schools_of(campaign.__parent__)
    series = parse(data, filename, schools, limits=host.upload_limits)
    for code, indicators in series.items():
        schools[code].results_series = {name: dict(sorted(years.items())) for name, years in indicators.items()}
    campaign.record("results_series", actor, f"школ: {len(series)}", now=now)
    return len(series)


def series_of(school):
    """``{indicator: {year: value}}`` of a school (empty when none was imported)."""
    return getattr(school, "results_series", None) or {}


def sparkline(values, width=120, height=28):
    """An inline SVG polyline of ``values`` (in order), with the last point marked."""
    values = list(values)
    if not values:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = width / max(1, len(values) - 1)
    points = [(round(i * step, 1), round(height - 3 - (v - low) / span * (height - 6), 1))
              for i, v in enumerate(values)]
    path = " ".join(f"{x},{y}" for x, y in points)
    x, y = points[-1]
    return (f'<svg class="sparkline" width="{width}" height="{height}" viewBox="-3 0 {width + 6} {height}" '
            f'role="img" aria-label="Динамика: {"; ".join(number(v) for v in values)}">'
            f'<polyline fill="none" stroke="#2b6cb0" stroke-width="2" points="{path}"/>'
            f'<circle cx="{x}" cy="{y}" r="3" fill="#2b6cb0"/></svg>')
