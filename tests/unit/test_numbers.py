"""Numbers written as a Russian reader writes them."""
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
