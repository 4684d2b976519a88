"""The results base's demo: five years of synthetic results of region 66's schools, their passports' imported
facts, and the first school's own facts as its head filled them; then the analysis: the clusters, the flags,
the proposed list of schools with low results for next year, one school's draft recommendation.

A few schools improve year by year, a few decline, the rest wander around
their level: the dynamics find the first two kinds and not the third. A few
are planted for the analysis (``WEAK``, ``INFLATED``, ``JUMP``: every 33rd
school from the third, seventh, seventeenth): far below the schools like
them, ВПР «5» far above their ОГЭ, a sudden rise of ВПР «5» in the last year.
"""
import datetime
import random

from core.results import clusters, definitions, facts, facts_import, importer, low, recommendations
from core.results.model import bank_of

# (procedure, subject, grade) of every demo school's results each year
PROCEDURES = [("ВПР", "Математика", 5), ("ВПР", "Русский язык", 5), ("ВПР", "Математика", 7),
              ("ОГЭ", "Математика", 9), ("ОГЭ", "Русский язык", 9), ("ЕГЭ", "Русский язык", 11)]
HEADER = ["Код ОО", "Процедура", "Предмет", "Класс", "Год", "Число участников", "Средний балл", "Доля «2», %",
          "Доля «3», %", "Доля «4», %", "Доля «5», %"]
YEARS = 5
# n % 33 of the planted schools
WEAK, INFLATED, JUMP = 3, 7, 17


def _schools(region):
    return [school for municipality in region.values() for school in municipality.values()
            if getattr(school, "type_name", None) == "school"]


def result_rows(region, today=None, seed=66):
    """``(line, cells)`` of a results table of the region's schools over the last ``YEARS`` years."""
    rnd = random.Random(seed)
    this_year = (today or datetime.date.today()).year
    years = range(this_year - YEARS + 1, this_year + 1)
    rows = [(1, HEADER)]
    for n, school in enumerate(_schools(region)):
        level = rnd.uniform(-6, 6) - (5 if school.school_type == "small" else 0) - (15 if n % 33 == WEAK else 0)
        # NB: every tenth school improves, every tenth after it declines: the trends the demo shows.
        drift = 2.5 if n % 10 == 0 else -2.0 if n % 10 == 5 else 0.0
        participants = {"urban": 60, "rural": 30, "small": 10}.get(school.school_type, 30)
        for k, year in enumerate(years):
            for procedure, subject, grade in PROCEDURES:
                low = min(60.0, max(0.0, round(14 - level - drift * k + rnd.gauss(0, 2.5), 1)))
                high = 14 + level + drift * k / 2 + rnd.gauss(0, 2.5)
                if procedure == "ВПР" and (n % 33 == INFLATED or (n % 33 == JUMP and k == YEARS - 1)):
                    high += 28
                high = min(100.0 - low, max(0.0, round(high, 1)))
                base = round((100 - low - high) * 0.55, 1)
                mean = (f"{min(100.0, max(30.0, 64 + level + drift * k + rnd.gauss(0, 2))):.1f}"
                        if procedure == "ЕГЭ" else "")
                rows.append((len(rows) + 1, [school.code, procedure, subject, str(grade), str(year),
                                             str(max(5, participants + rnd.randint(-5, 5))), mean, f"{low:g}",
                                             f"{base:g}", f"{round(100 - low - high - base, 1):g}", f"{high:g}"]))
    return rows


def fact_rows(region, today=None, seed=67):
    """``(line, cells)`` of a table of the region's schools' statistics (ОО-1, ОО-2) over the last three years."""
    rnd = random.Random(seed)
    this_year = (today or datetime.date.today()).year
    rows = [(1, ["Код ОО", "Год", "Число обучающихся", "Число классов-комплектов", "Доля обучающихся с ОВЗ",
                 "Численность педагогических работников", "Социально-экономический контекст"])]
    contexts = ("благоприятный", "средний", "неблагоприятный")
    for school in _schools(region):
        pupils = {"urban": 900, "rural": 250, "small": 60}.get(school.school_type, 300) + rnd.randint(-50, 50)
        # NB: the context mostly goes with the type (a few schools otherwise): the clusters the analysis finds.
        usual = {"urban": "благоприятный", "rural": "средний", "small": "неблагоприятный"}.get(school.school_type)
        context = usual if usual and rnd.random() < 0.85 else rnd.choice(contexts)
        for year in range(this_year - 2, this_year + 1):
            pupils += rnd.randint(-20, 25)
            rows.append((len(rows) + 1, [school.code, str(year), str(max(10, pupils)), str(max(1, pupils // 25)),
                                         f"{rnd.uniform(1, 9):.1f}", str(max(3, pupils // 14)), context]))
    return rows


def build(site, host, first):
    """Load the region's demo results and facts, and the first school's own facts of this year."""
    region = first.__parent__.__parent__
    plan = importer.check(host, region, result_rows(region))
    importer.apply(site, plan, "region66", "результаты-демо.xlsx")
    facts_import.apply(site, facts_import.check(host, region, fact_rows(region)), "region66", "оо-1-демо.xlsx")
    own = {"instruction_language": "русский", "non_native_share": "4,5", "teacher_vacancies": "1,5",
           "psychologist": "да", "internet_speed": "100", "rsoko_digital": "да",
           "other_programmes": "«Точка роста», «Школа Минпросвещения России»"}
    # NB: the region's own field is there only when its plugin is installed.
    known = definitions.of(host, region.code).fields
    facts.fill(host, first, datetime.date.today().year, {k: v for k, v in own.items() if k in known}, "head")
    # The analysis: the clusters, the list proposed for next year (not yet accepted), one draft recommendation.
    clustering = clusters.compute(host, region, bank_of(region), "region66")
    listed = low.propose(host, region, clustering.year + 1, "region66")
    schools = {s.code: s for s in _schools(region)}
    for proposed in listed.proposed[:1]:
        recommendations.draft(host, schools[proposed.code], "methodologist")
