"""What a page shows of a measure: its card (``measure_row``) and the macro that renders a list of cards."""
from types import SimpleNamespace

from pyramid.renderers import get_renderer

from core.roadmaps.model import LEVELS
from core.roadmaps.periods import UNPARSED


def macros():
    """The macros of the measures' cards (``measures``)."""
    return get_renderer("templates/measures.pt").implementation().macros


def measure_row(measure, anchor=None, url=None):
    """What a page shows of a measure (stored or read for the preview); ``url`` its execution's page."""
    period = measure.period
    return SimpleNamespace(
        anchor=anchor, url=url, number=measure.number, text=measure.text, level=LEVELS.get(measure.level, ""),
        year=measure.year, period=period.text if period else None,
        period_read=period.describe() if period else None,
        unparsed=period is not None and period.kind == UNPARSED,
        details=[(title, value) for title, value in (
            ("Ожидаемый результат", measure.result), ("Показатель", measure.indicator),
            ("Ответственные", measure.responsible), ("Участники", measure.participants),
            ("Примечание", measure.notes)) if value])
