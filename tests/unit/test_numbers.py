"""Numbers written as a Russian reader writes them."""
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from core.numbers import number, percent


def test_a_number_takes_a_decimal_comma_and_groups_of_thousands():
    assert number(74.333333) == "74,33"
    assert number(2.0999, 1) == "2,1"
    assert number(3.0) == "3"
    assert number(12500) == "12\u00a0500"
    assert number(0.5, 2, fixed=True) == "0,50"
    assert number(None) == "—"


def test_a_share_is_a_percentage_with_a_comma_and_a_non_breaking_space():
    assert percent(0.6667) == "66,7\u00a0%"
    assert percent(1) == "100,0\u00a0%"
    assert percent(None) == "—"


@settings(max_examples=3000, deadline=None)
@given(value=st.one_of(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
                       st.integers(min_value=-10**12, max_value=10**12),
                       st.decimals(min_value=-10**9, max_value=10**9, allow_nan=False, places=5)),
       digits=st.integers(min_value=0, max_value=4), fixed=st.booleans())
def test_a_number_is_written_as_babel_writes_it_for_the_russian_locale(value, digits, fixed):
    decimals = ("0" if fixed else "#") * digits
    assert number(value, digits, fixed) == format_decimal(
        value, format="#,##0" + ("." + decimals if digits else ""), locale="ru")


def test_halves_round_to_even_on_the_number_as_written():
    assert [number(v, 2) for v in (0.005, 0.015, 0.025, 2.675, -0.001)] == ["0", "0,02", "0,02", "2,68", "-0"]
