"""Objectivity: flags of results that look unreliable, each by a documented rule and with its evidence.

The results base keeps, for each school, procedure, subject, grade and year,
the participants, the mean score and the shares at four levels; it keeps no
distribution of primary scores. The rules therefore read what it holds
(``RULES`` says each in Russian on the pages):

- ``vpr_above_exams``: a school's share of ВПР «5» exceeds its share of ОГЭ
  «5» (or ЕГЭ 81–100) of the same year by ``VPR_EXAM_MARGIN`` points more than
  the region's own difference does: ВПР is marked at school, the exams by the
  region's commissions, so a school whose ВПР is far better than its exams
  is one whose ВПР marking is to be checked.
- ``jump``: a school's indicator rose in one year by ``JUMP_SHARE`` points (a
  share) or ``JUMP_SCORE`` points (an ЕГЭ mean score) more than the region's
  changed: real improvement comes slower.
- ``no_failures``: no ВПР participant below the base level in a year with at
  least ``NO_FAILURES_PARTICIPANTS`` participants while the region has at
  least ``NO_FAILURES_REGION`` % there. This stands in for the rule of a spike
  at the pass mark in a score distribution (marks pushed over the «2»/«3»
  boundary): with distributions imported, that rule would read them instead.

Each rule needs at least ``MIN_PARTICIPANTS`` participants in every value it
compares, so a small school's one pupil more or less raises no flag. Only a
rise is flagged: a fall is not a sign of inflated marks.
"""
import dataclasses

from core.resources import Municipality, School
from core.results import definitions, trend
from core.results.definitions import Indicator
from core.results.indicators import school_series, series
from core.results.model import REGION_SCOPE

VPR_EXAM_MARGIN = 20.0
JUMP_SHARE = 20.0
JUMP_SCORE = 12.0
NO_FAILURES_PARTICIPANTS = 30
NO_FAILURES_REGION = 8.0
MIN_PARTICIPANTS = 10

RULES = {
    "vpr_above_exams": ("ВПР намного выше экзаменов",
                        f"Доля отметок «5» на ВПР превышает долю высших результатов ОГЭ (ЕГЭ) того же года "
                        f"больше, чем по региону, на {VPR_EXAM_MARGIN:g} п.\u00a0п. и более."),
    "jump": ("Резкий рост за один год",
             f"Показатель вырос за один год больше, чем по региону, на {JUMP_SHARE:g} п.\u00a0п. и более "
             f"(средний балл ЕГЭ — на {JUMP_SCORE:g} балла и более)."),
    "no_failures": ("Нет неудовлетворительных результатов ВПР",
                    f"Ни одного участника ВПР ниже базового уровня при {NO_FAILURES_PARTICIPANTS} участниках и "
                    f"более, тогда как по региону таких не меньше {NO_FAILURES_REGION:g} %. Правило заменяет "
                    "поиск «пика» у порога отметки «3» в распределении баллов: распределения в базу не загружаются."),
}
RULES_NOTE = (f"Каждое правило сравнивает только значения, за которыми стоят не меньше {MIN_PARTICIPANTS} "
              "участников; отмечается только рост. Флаг — повод проверить результаты, а не вывод о "
              "необъективности.")


def _indicator(code, title, measure, procedure):
    return Indicator(code, title, measure, (procedure,), None, None, False, measure == "low_share")


# (code, title, measure, procedure, jump threshold): the series the rules read.
WATCHED = [
    ("vpr_base", "доля участников ВПР на базовом уровне и выше", "base_share", "vpr", JUMP_SHARE),
    ("vpr_high", "доля отметок «5» на ВПР", "high_share", "vpr", JUMP_SHARE),
    ("oge_high", "доля отметок «5» на ОГЭ", "high_share", "oge", JUMP_SHARE),
    ("ege_mean", "средний балл ЕГЭ", "mean_score", "ege", JUMP_SCORE),
]


@dataclasses.dataclass(frozen=True)
class Flag:
    """One flag: the school, the rule, the year, and the evidence in Russian words."""

    school: object
    rule: str
    year: int
    evidence: str

    @property
    def title(self):
        """The rule's Russian title."""
        return RULES[self.rule][0]

    def to_dict(self):
        """Plain data for the API."""
        return {"school": self.school.code, "school_title": self.school.title,
                "municipality": self.school.__parent__.__name__, "rule": self.rule, "title": self.title,
                "year": self.year, "evidence": self.evidence}


def _pct(value):
    return f"{trend.number(value)}\u00a0%"


class _Reader:
    """The watched series of the region and of each school, read once."""

    def __init__(self, bank, procedures):
        self.bank = bank
        region = bank.scope(REGION_SCOPE)
        wanted = [(code, measure, procedure) for code, _, measure, procedure, _ in WATCHED]
        wanted += [("ege_high", "high_share", "ege"), ("vpr_low", "low_share", "vpr")]
        wanted += [(f"{p}_n", "participants", p) for p in ("vpr", "oge", "ege")]
        self.indicators = {code: _indicator(code, "", measure, procedure)
                           for code, measure, procedure in wanted if procedure in procedures}
        self.region = {code: series(i, region.sums, region.pooled) if region is not None else {}
                       for code, i in self.indicators.items()}

    def school(self, code):
        record = self.bank.schools.get(code)
        return {c: school_series(i, record) for c, i in self.indicators.items()}


def _enough(values, procedure, *years):
    counts = values.get(f"{procedure}_n", {})
    return all(counts.get(y, 0) >= MIN_PARTICIPANTS for y in years)


def school_flags(reader, school):
    """The flags of one ``school`` (read through a ``_Reader``), oldest year first."""
    own, region, found = reader.school(school.code), reader.region, []
    # 1. ВПР far above the exams.
    for exam, exam_title in (("oge", "ОГЭ «5»"), ("ege", "ЕГЭ 81–100 баллов")):
        vpr, other = own.get("vpr_high", {}), own.get(f"{exam}_high", {})
        for year in sorted(set(vpr) & set(other)):
            if not (_enough(own, "vpr", year) and _enough(own, exam, year)):
                continue
            if year not in region.get("vpr_high", {}) or year not in region.get(f"{exam}_high", {}):
                continue
            gap = vpr[year] - other[year]
            region_gap = region["vpr_high"][year] - region[f"{exam}_high"][year]
            if gap - region_gap >= VPR_EXAM_MARGIN:
                found.append(Flag(school, "vpr_above_exams", year, (
                    f"{year}: доля «5» на ВПР {_pct(vpr[year])}, доля {exam_title} {_pct(other[year])} — разница "
                    f"{trend.number(gap)}\u00a0п.\u00a0п. при {trend.number(region_gap)}\u00a0п.\u00a0п. по региону.")))
    # 2. Sharp one-year jumps.
    for code, title, measure, procedure, threshold in WATCHED:
        values = own.get(code, {})
        theirs = region.get(code, {})
        unit = "балла" if measure == "mean_score" else "п.\u00a0п."
        for before, year in zip(sorted(values), sorted(values)[1:]):
            if year != before + 1 or before not in theirs or year not in theirs:
                continue
            if not _enough(own, procedure, before, year):
                continue
            rise = values[year] - values[before]
            region_rise = theirs[year] - theirs[before]
            if rise - region_rise >= threshold:
                shown = _pct if measure.endswith("share") else trend.number
                found.append(Flag(school, "jump", year, (
                    f"{before}–{year}: {title} {shown(values[before])} → {shown(values[year])}, рост на "
                    f"{trend.number(rise)}\u00a0{unit} при изменении по региону на "
                    f"{trend.number(region_rise)}\u00a0{unit}" + ("" if unit.endswith(".") else "."))))
    # 3. No failures where the region has many.
    low, counts, theirs = own.get("vpr_low", {}), own.get("vpr_n", {}), region.get("vpr_low", {})
    for year in sorted(low):
        if low[year] == 0 and counts.get(year, 0) >= NO_FAILURES_PARTICIPANTS \
                and theirs.get(year, 0) >= NO_FAILURES_REGION:
            found.append(Flag(school, "no_failures", year, (
                f"{year}: участников ВПР {counts[year]}, ниже базового уровня — ни одного; по региону "
                f"{_pct(theirs[year])}.")))
    found.sort(key=lambda f: (f.year, f.rule))
    return found


def flags(host, node, bank):
    """The flags of the schools of ``node`` (a municipality, or the region: all of its municipalities).

    ``[(municipality, [Flag])]`` for each municipality with a flag, in the tree's order.
    """
    if bank is None or bank.scope(REGION_SCOPE) is None:
        return []
    found_reader = reader(host, bank)
    municipalities = [node] if isinstance(node, Municipality) else [
        m for m in node.values() if isinstance(m, Municipality)]
    found = []
    for municipality in municipalities:
        mine = []
        for school in municipality.values():
            if isinstance(school, School) and school.code in bank.schools:
                mine.extend(school_flags(found_reader, school))
        if mine:
            found.append((municipality, mine))
    return found


def reader(host, bank):
    """What ``school_flags`` reads the region's and its schools' series through, made once for many schools."""
    return _Reader(bank, definitions.of(host, bank.code).procedures)


def of_school(host, school, bank):
    """The flags of one school, oldest year first."""
    if bank is None or bank.scope(REGION_SCOPE) is None:
        return []
    return school_flags(reader(host, bank), school)
