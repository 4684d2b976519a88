"""Numbers as a Russian reader writes them, on pages and in documents alike (Babel's Russian locale).

A decimal comma, groups of thousands split by a non-breaking space, a
non-breaking space before «%»: «74,33», «12 500», «66,7 %». Templates get
``number`` and ``percent`` (``core.views.layout``); plugins from ``core.plugin``.
"""
import functools
from decimal import ROUND_HALF_EVEN, Decimal

LOCALE = "ru"
NBSP = "\u00a0"
# NB: Python's own formatting with the Russian symbols put in: what Babel's ``format_decimal`` writes for the
# ru locale (tests/unit/test_numbers.py holds them equal), at a sixth of its cost; a federal dashboard
# writes some 15,000 numbers, and Babel's pattern parsing was three quarters of its time.
_RUSSIAN = str.maketrans({",": NBSP, ".": ","})
_QUANTUM = [Decimal(1).scaleb(-n) for n in range(10)]


def number(value, digits=2, fixed=False):
    """``value`` with at most ``digits`` decimals (exactly ``digits`` when ``fixed``); "—" for None."""
    if value is None:
        return "—"
    # NB: a zero is written afresh: 0.0 and -0.0 are equal keys to a cache, and Babel writes them apart.
    return _written(value, digits, fixed) if value else _write(value, digits, fixed)


def _write(value, digits, fixed):
    # NB: rounded half to even on the number as written (``str`` of a float), as Babel rounds.
    if isinstance(value, int):
        return format(value, ",").translate(_RUSSIAN) + ("," + "0" * digits if fixed and digits else "")
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(exact.quantize(_QUANTUM[digits], rounding=ROUND_HALF_EVEN), f",.{digits}f").translate(_RUSSIAN)
    return text.rstrip("0").rstrip(",") if digits and not fixed else text


# NB: remembered, by type too (a cache takes 1 and 1.0 for one key): a dashboard writes the same shares
# again and again (50 %, 100 % of small schools' counts), and each is a Decimal rounded.
_written = functools.lru_cache(maxsize=8192, typed=True)(_write)


def percent(share, digits=1):
    """A share (0..1) as a percentage with ``digits`` decimals («66,7 %»); "—" for None."""
    if share is None:
        return "—"
    return number(share * 100, digits, fixed=True) + NBSP + "%"
