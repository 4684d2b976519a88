"""Schools with low results, found by indicators: the region's rule proposes, the operator decides, 500+ enrols.

The rule is the region's (``oko_low_results_rule``; the federal default in
``core.results.defaults``): a school is proposed for the next year of the
500+ project when, in each of the last ``years`` years with results, at
least ``min_indicators`` of the rule's indicators are below its cluster's
expectation (``core.results.clusters.expectations``), the cluster's spread
taken as no less than ``MIN_SPREAD``. Each proposed school
keeps its evidence: the indicator, the year, its value and the expectation.

The operator removes a proposed school or adds another, each change with its
reason and its author kept; the accepted list enrols its schools in the 500+
project through the project's own enrolment step
(``core.project500.steps.enrol``), the step a hand-typed list of codes takes.
"""
import dataclasses
import datetime

from BTrees.OOBTree import OOBTree
from persistent import Persistent

from core.project500 import steps as project500
from core.refused import StepRefused
from core.results import access, clusters, definitions, trend
from core.results.model import bank_of

# The least spread a cluster's expectation is given (points of a share or of a score): a cluster of schools that
# all score alike would otherwise send a school a point below them to the list.
MIN_SPREAD = 2.0
SPREAD_NOTE = ("Разброс по кластеру принимается не меньше 2 п.\u00a0п. (балла): иначе в кластере очень похожих "
               "школ в список попала бы школа, отстающая от них на один пункт.")


class LowResultsRefused(StepRefused):
    """The list of schools with low results was not changed; the message says why, in Russian."""

    ERROR = "low_results_{code}"


@dataclasses.dataclass(frozen=True)
class Proposed:
    """A school the rule proposes, with the evidence: one Russian line per indicator and year below expectation."""

    code: str
    title: str
    municipality: str
    cluster: int
    evidence: tuple


@dataclasses.dataclass(frozen=True)
class Change:
    """The operator's change of the proposed list: a school added (``include``) or removed, why, by whom, when."""

    code: str
    include: bool
    reason: str
    actor: str
    at: datetime.datetime


class LowList(Persistent):
    """The list of schools with low results for one year of the 500+ project: proposed, edited, accepted."""

    def __init__(self, year, rule, proposed, actor, at):
        self.year = year
        #: The rule in Russian words, as it was when the list was proposed.
        self.rule = rule
        self.proposed = tuple(proposed)
        self.actor = actor
        self.at = at
        self.changes = ()
        self.accepted_by = None
        self.accepted_at = None
        #: The codes the acceptance enrolled, and those already in the project that year.
        self.enrolled = ()
        self.already = ()

    @property
    def accepted(self):
        """Whether the list is accepted (and its schools enrolled)."""
        return self.accepted_by is not None

    def decision(self, code):
        """The operator's last ``Change`` of ``code``, or None."""
        return next((c for c in reversed(self.changes) if c.code == code), None)

    @property
    def codes(self):
        """The list as it stands: the proposed schools the operator kept, then those added, in order."""
        proposed = [p.code for p in self.proposed]
        kept = [c for c in proposed if (self.decision(c) is None or self.decision(c).include)]
        added = [c.code for c in self.changes if c.include and c.code not in proposed]
        return list(dict.fromkeys(kept + [c for c in added if self.decision(c).include]))


def rule_of(host, region_code):
    """The region's ``LowResultsRule`` (``oko_low_results_rule``)."""
    return host.first("oko_low_results_rule", region_code)


def find(host, region, bank, year):
    """The ``Proposed`` schools of ``region`` by its rule (its clustering must exist); nothing is written."""
    rule = rule_of(host, bank.code)
    clustering = bank.clustering
    defs = definitions.of(host, bank.code)
    codes = [c for c in rule["indicators"] if c in defs.indicators]
    values, expected = clusters.expectations(host, bank, clustering, codes)
    all_years = sorted({y for per in values.values() for series in per.values() for y in series})
    years = [y for y in all_years if y < year][-rule["years"]:]
    if len(years) < rule["years"]:
        return []
    schools = {s.code: s for s in clusters.schools_of(region, bank)}
    found = []
    for code, per in values.items():
        school = schools.get(code)
        if school is None:
            continue
        number = clustering.labels[code]
        evidence, every_year = [], True
        for y in years:
            below = []
            for indicator_code in codes:
                indicator = defs.indicators[indicator_code]
                value = per[indicator_code].get(y)
                mean_sd = expected[number][indicator_code].get(y)
                if value is None or mean_sd is None:
                    continue
                mean, sd = mean_sd[0], max(mean_sd[1], MIN_SPREAD)
                limit = mean + rule["margin"] * sd if indicator.lower_is_better else mean - rule["margin"] * sd
                if (value > limit) if indicator.lower_is_better else (value < limit):
                    below.append(f"{y}: {indicator.title} — {trend.number(value)} {indicator.value_unit} при "
                                 f"медиане по кластеру {trend.number(mean)} {indicator.value_unit} "
                                 f"(граница {trend.number(limit)})")
            if len(below) < rule["min_indicators"]:
                every_year = False
                break
            evidence.extend(below)
        if every_year:
            found.append(Proposed(code, school.title, school.__parent__.title, number, tuple(evidence)))
    found.sort(key=lambda p: (p.municipality, p.title))
    return found


def _lists(bank):
    if bank.low_lists is None:
        bank.low_lists = OOBTree()
    return bank.low_lists


def list_of(region, year):
    """The region's list for ``year``, or None."""
    bank = bank_of(region)
    lists = bank.low_lists if bank is not None else None
    return lists.get(year) if lists is not None and isinstance(year, int) else None


def propose(host, region, year, actor, now=None):
    """Propose the list of ``year`` by the region's rule (again, while it is not accepted); the ``LowList``."""
    access.PROPOSE_LOW_RESULTS.require(region, actor)
    bank = bank_of(region)
    if bank is None or bank.clustering is None:
        raise LowResultsRefused("Сначала загрузите результаты и рассчитайте кластеры школ: список предлагается "
                                "по сравнению школы с её кластером.", "invalid")
    current = list_of(region, year)
    if current is not None and current.accepted:
        raise LowResultsRefused(f"Список на {year} год уже принят: его школы включены в проект «500+».", "invalid")
    listed = LowList(year, rule_of(host, bank.code)["rule"], find(host, region, bank, year), actor,
                     now or datetime.datetime.now())
    _lists(bank)[year] = listed
    return listed


def change(host, region, year, code, include, reason, actor, now=None):
    """Add the school ``code`` to the list of ``year`` (``include``) or remove it, with the ``reason``."""
    access.DECIDE_LOW_RESULTS.require(region, actor)
    listed = list_of(region, year)
    if listed is None:
        raise LowResultsRefused(f"Списка на {year} год ещё нет: сначала сформируйте его по правилу.", "invalid")
    if listed.accepted:
        raise LowResultsRefused(f"Список на {year} год уже принят и не меняется.", "invalid")
    code, reason = (code or "").strip(), (reason or "").strip()
    problems = []
    if code not in {s.code for s in clusters.region_schools(region)}:
        problems.append(f"в регионе нет школы с кодом «{code}»")
    elif include and code in listed.codes:
        problems.append(f"школа «{code}» уже в списке")
    elif not include and code not in listed.codes:
        problems.append(f"школы «{code}» нет в списке")
    if not reason:
        problems.append("укажите причину изменения списка")
    if problems:
        raise LowResultsRefused("Список не изменён: " + "; ".join(problems) + ".", "invalid", problems)
    listed.changes = listed.changes + (Change(code, bool(include), reason, actor, now or datetime.datetime.now()),)
    return listed


def accept(host, region, year, actor, now=None):
    """Accept the list of ``year``: its schools are enrolled in the 500+ project for ``year``."""
    access.DECIDE_LOW_RESULTS.require(region, actor)
    listed = list_of(region, year)
    if listed is None:
        raise LowResultsRefused(f"Списка на {year} год ещё нет: сначала сформируйте его по правилу.", "invalid")
    if listed.accepted:
        raise LowResultsRefused(f"Список на {year} год уже принят.", "invalid")
    if not listed.codes:
        raise LowResultsRefused("В списке нет ни одной школы: принимать нечего.", "invalid")
    enrolled, already, _ = project500.enrol(host, region, listed.codes, year, actor, now=now)
    listed.enrolled, listed.already = tuple(enrolled), tuple(already)
    listed.accepted_by, listed.accepted_at = actor, now or datetime.datetime.now()
    return listed
