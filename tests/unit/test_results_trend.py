"""The dynamics method on synthetic data: a planted trend is found, none is found in noise (at the stated rate),
and the t-test's p-values are Student's."""
import math
import random

import pytest

from core import numbers
from core.results import trend

YEARS = (2021, 2022, 2023, 2024, 2025)


def series(base, slope, noise, rnd, years=YEARS):
    return {y: base + slope * (y - years[0]) + rnd.gauss(0, noise) for y in years}


@pytest.mark.parametrize("df", [1, 2, 3])
def test_the_p_value_is_students_exactly(df):
    def closed_form(t):
        # NB: Student's T with 1, 2 and 3 degrees of freedom has a closed-form distribution.
        if df == 1:
            return 1 - 2 * math.atan(t) / math.pi
        if df == 2:
            return 1 - t / math.sqrt(2 + t * t)
        return 1 - 2 / math.pi * (t / (math.sqrt(3) * (1 + t * t / 3)) + math.atan(t / math.sqrt(3)))
    for t in (0.0, 0.3, 1.0, 2.5, 4.303, 12.71, 60.0):
        assert trend.two_sided_p(t, df) == pytest.approx(closed_form(t), abs=1e-12)


def test_the_critical_values_of_the_tables_give_five_per_cent():
    for df, critical in ((1, 12.706), (2, 4.303), (3, 3.182), (10, 2.228), (30, 2.042)):
        assert trend.two_sided_p(critical, df) == pytest.approx(0.05, abs=2e-4)


def test_a_planted_trend_is_found_in_nearly_every_school():
    rnd = random.Random(17)
    found = [trend.fit(series(60, 3.0, 1.0, rnd)) for _ in range(4000)]
    up = sum(f.direction == "up" for f in found)
    assert up >= 0.95 * len(found)
    # The slope's estimate is unbiased and its standard error honest: the 95 % interval (t of 3 degrees of
    # freedom, 3.182) holds the true slope 95 times in a hundred, within chance.
    assert sum(f.slope for f in found) / len(found) == pytest.approx(3.0, abs=0.05)
    assert 0.935 < sum(abs(f.slope - 3.0) < 3.182 * f.se for f in found) / len(found) < 0.965


def test_no_trend_is_found_in_noise_but_at_the_stated_rate():
    rnd = random.Random(2026)
    fits = [trend.fit(series(70, 0.0, 5.0, rnd)) for _ in range(4000)]
    rate = sum(f.significant for f in fits) / len(fits)
    # NB: at alpha = 0.05 a twentieth of pure noise looks like a trend; no more, no fewer (within chance).
    assert 0.035 < rate < 0.065
    assert {f.direction for f in fits if not f.significant} == {"flat"}


def test_three_years_need_a_steady_change_and_fewer_tell_nothing():
    assert trend.fit({2024: 50.0, 2025: 60.0}).direction == "unknown"
    assert trend.fit({2023: 50.0, 2024: 53.0, 2025: 56.0}).direction == "up"
    assert trend.fit({2023: 50.0, 2024: 58.0, 2025: 56.0}).direction == "flat"
    assert trend.fit({2023: 70.0, 2024: 70.0, 2025: 70.0}).direction == "flat"
    assert trend.fit({2023: 56.0, 2024: 53.0, 2025: 50.0}).direction == "down"


def test_only_the_last_five_years_count():
    points = {2015 + k: 90.0 - 10 * k for k in range(6)}
    points.update({2021: 10.0, 2022: 10.2, 2023: 9.9, 2024: 10.1, 2025: 10.0})
    fitted = trend.fit(points)
    assert fitted.years == (2021, 2022, 2023, 2024, 2025)
    assert fitted.direction == "flat"


def words(fitted, unit):
    """The trend in words, no-break spaces as spaces."""
    return trend.describe(fitted, unit).replace("\u00a0", " ")


def test_the_trend_is_told_in_russian():
    assert words(trend.fit({2021: 50, 2022: 52, 2023: 54, 2024: 56, 2025: 58}), "п. п.") == \
        "рост на 2,00 п. п. в год (p < 0,001)"
    fitted = trend.fit({2021: 50.0, 2022: 48.0, 2023: 53.0, 2024: 49.0, 2025: 51.0})
    assert words(fitted, "п. п.") == "значимых изменений нет (наклон +0,30 п. п. в год, ± 0,68; p = 0,69)"
    assert words(trend.fit({2025: 3}), "балла") == "недостаточно данных: нужны значения хотя бы за 3 года"
    down = trend.fit({2021: 70.0, 2022: 67.5, 2023: 65.2, 2024: 62.4, 2025: 60.1})
    assert words(down, "балла") == "снижение на 2,49 балла в год (± 0,04; p < 0,001)"
    assert trend.verdict(down) == "bad" and trend.verdict(down, lower_is_better=True) == "good"
    assert trend.number(-2.5) == "−2,5" and trend.number(-0.01) == "0,0"


def test_the_numbers_are_written_as_the_site_writes_them():
    for value in (0.0, 3.0, 12.5, 63.625, 1234.5, 98765.4321, 1e6 + 0.25):
        for digits in (0, 1, 2):
            assert trend.number(value, digits) == numbers.number(value, digits, fixed=True)
            assert trend.number(-value, digits) in ("−" + numbers.number(value, digits, fixed=True),
                                                    numbers.number(0, digits, fixed=True))
