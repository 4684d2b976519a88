"""Numbers as a Russian reader writes them, on pages and in documents alike (Babel's Russian locale).

A decimal comma, groups of thousands split by a non-breaking space, a
non-breaking space before «%»: «74,33», «12 500», «66,7 %». Templates get
``number`` and ``percent`` (``core.views.layout``); plugins from ``core.plugin``.
"""
from babel.numbers import format_decimal

LOCALE = "ru"
NBSP = "\u00a0"


def number(value, digits=2, fixed=False):
    """``value`` with at most ``digits`` decimals (exactly ``digits`` when ``fixed``); "—" for None."""
    if value is None:
        return "—"
    decimals = ("0" if fixed else "#") * digits
    return format_decimal(value, format="#,##0" + ("." + decimals if digits else ""), locale=LOCALE)


def percent(share, digits=1):
    """A share (0..1) as a percentage with ``digits`` decimals («66,7 %»); "—" for None."""
    if share is None:
        return "—"
    return number(share * 100, digits, fixed=True) + NBSP + "%"
