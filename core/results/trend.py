"""The dynamics of an indicator over the last 3–5 years: a least-squares slope, its standard error, a t-test.

The method, for the values ``y`` of the years ``x`` (the last five years
with a value, at least three):

- the slope ``b = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²``: the mean change a year, and
  the intercept ``a = ȳ − b·x̄``;
- the standard error of the slope ``SE(b) = s / √Σ(x − x̄)²``, where
  ``s² = Σ(y − a − b·x)² / (n − 2)`` is the residual variance;
- Student's t-test of the slope against zero: ``t = b / SE(b)`` with
  ``n − 2`` degrees of freedom, the two-sided ``p = P(|T| ≥ |t|)``, computed
  exactly from the regularised incomplete beta function
  (``p = I_{ν/(ν+t²)}(ν/2, 1/2)``).

The change is significant when ``p < 0.05``: growth or decline; otherwise it
cannot be told from the year-to-year noise. With three years (one degree of
freedom) only a very steady change passes, as it should: two points on a line
and a third near it prove little. ``METHOD`` says this on the pages.
"""
import dataclasses
import math

from core import numbers

MIN_YEARS, MAX_YEARS = 3, 5
ALPHA = 0.05

METHOD = ("Динамика оценивается по значениям показателя за последние 3–5 лет. Через них методом наименьших "
          "квадратов проводится прямая; её наклон — среднее изменение показателя за год. Стандартная ошибка "
          "наклона показывает его неопределённость, а t-критерий Стьюдента с n − 2 степенями свободы (n — число "
          "лет) проверяет, отличается ли наклон от нуля. Рост или снижение признаются значимыми, если двусторонний "
          "уровень значимости p меньше 0,05; иначе изменения нельзя отличить от колебаний год к году. По трём "
          "годам значимым признаётся только очень устойчивое изменение.")


@dataclasses.dataclass(frozen=True)
class Trend:
    """The fitted line of an indicator's last years; ``slope`` None when there are fewer than three."""

    years: tuple
    slope: float | None = None
    intercept: float | None = None
    se: float | None = None
    t: float | None = None
    df: int = 0
    p: float | None = None

    @property
    def enough(self):
        """Whether there were values of at least ``MIN_YEARS`` years."""
        return self.slope is not None

    @property
    def significant(self):
        """Whether the slope differs from zero at ``ALPHA`` (two-sided)."""
        return self.p is not None and self.p < ALPHA and self.slope != 0

    @property
    def direction(self):
        """``up`` or ``down`` when significant, ``flat`` when not, ``unknown`` without enough years."""
        if not self.enough:
            return "unknown"
        if not self.significant:
            return "flat"
        return "up" if self.slope > 0 else "down"

    def at(self, year):
        """The fitted line's value in ``year``."""
        return self.intercept + self.slope * year


def fit(points, max_years=MAX_YEARS):
    """The ``Trend`` of ``points`` (``{year: value}``, None values left out), over their last ``max_years`` years."""
    years = sorted(y for y, v in points.items() if v is not None)[-max_years:]
    if len(years) < MIN_YEARS:
        return Trend(tuple(years))
    xs = [float(y) for y in years]
    ys = [float(points[y]) for y in years]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    intercept = my - slope * mx
    df = n - 2
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys))
    # NB: a residual at rounding level is a perfect line: its slope is certain (or certainly nil).
    scale = max(1.0, max(abs(y) for y in ys)) ** 2
    if residual <= 1e-20 * scale * n:
        return Trend(tuple(years), slope, intercept, 0.0, None, df, 0.0 if abs(slope) > 1e-12 else 1.0)
    se = math.sqrt(residual / df / sxx)
    t = slope / se
    return Trend(tuple(years), slope, intercept, se, t, df, two_sided_p(t, df))


def two_sided_p(t, df):
    """``P(|T| ≥ |t|)`` for Student's T with ``df`` degrees of freedom."""
    return regularized_beta(df / 2, 0.5, df / (df + t * t))


def regularized_beta(a, b, x):
    """The regularised incomplete beta function ``I_x(a, b)``, by its continued fraction (Lentz's method)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    # NB: the fraction converges fast below (a + 1) / (a + b + 2); above it, the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
    if x < (a + 1) / (a + b + 2):
        return front * _fraction(a, b, x) / a
    return 1.0 - front * _fraction(b, a, 1 - x) / b


def _fraction(a, b, x, steps=300, eps=1e-15, tiny=1e-300):
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, steps + 1):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= c * d
        if abs(c * d - 1.0) < eps:
            break
    return h


def number(value, digits=1):
    """``value`` with exactly ``digits`` decimals in the site's one Russian format (``core.numbers``: a decimal
    comma, groups split by a no-break space), and a true minus sign («−2,5»; nothing left of «−0,0»).

    NB: written here, not through Babel: Babel takes some 40 µs a number, and a municipality's page of 400
    schools writes 1,200 of them (``tests/unit/test_results_trend.py`` holds the two formats the same).
    """
    text = f"{abs(value):,.{digits}f}".replace(",", numbers.NBSP).replace(".", ",")
    return ("−" if value < 0 and text.strip("0,") else "") + text


def describe(trend, unit):
    """The trend in Russian words: «рост на 2,30 п. п. в год (± 0,80; p = 0,02)», or why none can be told.

    NB: no-break spaces keep a number with its unit and «p = 0,02» whole on a phone's narrow line.
    """
    nb = "\u00a0"
    if not trend.enough:
        return f"недостаточно данных: нужны значения хотя бы за{nb}{MIN_YEARS}{nb}года"
    p = f"p{nb}<{nb}0,001" if trend.p < 0.001 else f"p{nb}={nb}{number(trend.p, 3 if trend.p < 0.01 else 2)}"
    error = f"±{nb}{number(trend.se, 2)}; " if trend.se else ""
    if not trend.significant:
        sign = "+" if trend.slope > 0 else ""
        return f"значимых изменений нет (наклон {sign}{number(trend.slope, 2)}{nb}{unit} в год, {error}{p})"
    word = "рост" if trend.slope > 0 else "снижение"
    return f"{word} на {number(abs(trend.slope), 2)}{nb}{unit} в год ({error}{p})"


def verdict(trend, lower_is_better=False):
    """``good``, ``bad`` or ``none``: whether a significant change goes the better way (the pages colour it)."""
    if not trend.significant:
        return "none"
    return "good" if (trend.slope > 0) != lower_is_better else "bad"
