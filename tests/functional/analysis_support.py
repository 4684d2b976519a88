"""A municipality's three years of results with a known structure, for the tests of the results' analysis.

Municipality 66/m1 gets ``SCHOOLS`` schools, their types cycling urban, rural,
small; each type has its own context (pupils, the share with disabilities,
the socio-economic context): the three planted clusters. Each type has its
level of results, each school wobbles around it, and four schools are
planted:

- ``LOW`` (urban) is far below the other urban schools on every indicator,
  every year: the rule proposes it for the 500+ project;
- ``INFLATED`` (urban) has ВПР «5» far above its ОГЭ «5»: a flag;
- ``JUMP`` (rural) rises sharply on ВПР «5» in the last year: a flag;
- ``RISING`` (urban) improves its ВПР base share by three points a year: a trend.
"""
import datetime
import random

from core.resources import School
from tests.functional.results_support import HEADER, table

YEAR = datetime.date.today().year
YEARS = (YEAR - 2, YEAR - 1, YEAR)
SCHOOLS = 36
KINDS = ("urban", "rural", "small")
LOW, INFLATED, JUMP, RISING = "66-1-4", "66-1-7", "66-1-5", "66-1-10"
# type: (pupils, share with disabilities, socio-economic context, participants, ВПР «2» share, «5» share, ЕГЭ mean)
CONTEXT = {"urban": (950, 2.0, "благоприятный", 60, 8.0, 25.0, 70.0),
           "rural": (260, 6.0, "средний", 30, 14.0, 16.0, 62.0),
           "small": (55, 12.0, "неблагоприятный", 12, 20.0, 10.0, 55.0)}
FACTS_HEADER = ["Код ОО", "Год", "Число обучающихся", "Доля обучающихся с ОВЗ", "Социально-экономический контекст"]


def add_schools(municipality, count=SCHOOLS):
    """Fill ``municipality`` (66/m1) up to ``count`` schools, types cycling urban, rural, small."""
    for s in range(1, count + 1):
        if f"s{s}" not in municipality:
            municipality.add(f"s{s}", School(f"66-1-{s}", f"Школа № {s} (66-1)", KINDS[(s - 1) % 3]))


def kind_of(code):
    """The type of school ``code`` as ``add_schools`` makes it."""
    return KINDS[(int(code.rsplit("-", 1)[1]) - 1) % 3]


def _shares(low, high):
    low, high = max(0.0, min(90.0, low)), max(0.0, min(90.0, high))
    rest = 100 - low - high
    base = round(rest * 0.55, 1)
    return [round(low, 1), base, round(100 - round(low, 1) - base - round(high, 1), 1), round(high, 1)]


def result_rows(count=SCHOOLS, seed=17):
    """The rows (lists of cells under ``HEADER``) of three years of ВПР, ОГЭ and ЕГЭ results of 66/m1."""
    rnd = random.Random(seed)
    found = []
    for s in range(1, count + 1):
        code = f"66-1-{s}"
        _, _, _, participants, low, high, mean = CONTEXT[kind_of(code)]
        level = rnd.uniform(-4, 4)
        for k, year in enumerate(YEARS):
            vpr_low, vpr_high, oge_high, ege = low - level, high + level, high + level, mean + level
            if code == LOW:
                vpr_low, vpr_high, oge_high, ege = vpr_low + 25, vpr_high - 15, oge_high - 15, ege - 18
            if code == INFLATED:
                vpr_high, oge_high = vpr_high + 30, oge_high - 10
            if code == JUMP and k == 2:
                vpr_high += 30
            if code == RISING:
                vpr_low += 6 - 3 * k
            n = participants + rnd.randint(-2, 2)
            for subject in ("Математика", "Русский язык"):
                found.append([code, "ВПР", subject, 5, year, n, "",
                              *_shares(vpr_low + rnd.gauss(0, 0.4), vpr_high + rnd.gauss(0, 0.4))])
            found.append([code, "ОГЭ", "Математика", 9, year, n, "",
                          *_shares(low - level + rnd.gauss(0, 0.4) + (20 if code == LOW else 0),
                                   oge_high + rnd.gauss(0, 0.4))])
            found.append([code, "ЕГЭ", "Русский язык", 11, year, max(5, n // 2),
                          f"{ege + rnd.gauss(0, 0.5):.1f}".replace(".", ","), *_shares(3, 12)])
    return found


def results_table(count=SCHOOLS):
    """The CSV of ``result_rows``."""
    return table(result_rows(count))


def facts_table(count=SCHOOLS, seed=18):
    """The CSV of the schools' context (pupils, disabilities, socio-economic context) of the last year."""
    rnd = random.Random(seed)
    found = []
    for s in range(1, count + 1):
        code = f"66-1-{s}"
        pupils, disabled, socio, *_ = CONTEXT[kind_of(code)]
        found.append([code, YEAR, int(pupils * rnd.uniform(0.9, 1.1)),
                      f"{disabled * rnd.uniform(0.85, 1.15):.1f}".replace(".", ","), socio])
    return table(found, FACTS_HEADER)


__all__ = ["HEADER", "INFLATED", "JUMP", "LOW", "RISING", "YEAR", "YEARS", "add_schools", "facts_table",
           "result_rows", "results_table"]
