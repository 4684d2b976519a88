"""Test assembly: a blueprint per region, category and school type; seeded draws; exposure limits.

A blueprint (hook ``oko_test_blueprint``) says how many items of each
competence a test has, by part: ``invariant`` (federal items) and
``variant`` (regional and municipal), closed items and cases apart::

    {"strategy": {"invariant": 2, "variant": 1},
     "*": {"variant": 4, "case_invariant": 2, "case_variant": 1}}

``"*"`` is any competence, drawn after the named ones from what they left.
``assemble_test`` draws each row with ``random.Random(seed)`` from the
eligible published items sorted by code, so the same seed, bank and exposure
give the same test; an item that reached the campaign's exposure limit is
not drawn again. When the bank cannot fill a row, ``BlueprintUnsatisfiable``
says which competence and part lack items, and nothing is recorded.
"""
import dataclasses
import datetime
import math
import random

from BTrees.OOBTree import OOBTree
from persistent import Persistent

from core.cmm.bank import ItemRefused, hook_items, published_items, region_node
from core.cmm.federal import read_items
from core.cmm.model import CATEGORIES, COMPETENCES, SCHOOL_TYPES, ItemVersion
from core.cmm.validation import clean_item
from core.refused import Refused
from core.resources.org import SCHOOL_TYPES as SCHOOL_TYPE_TITLES

ANY = "*"
# The columns of a blueprint row: (part, whether cases).
COLUMNS = {"invariant": ("invariant", False), "variant": ("variant", False),
           "case_invariant": ("invariant", True), "case_variant": ("variant", True)}
PART_TITLES = {("invariant", False): "инвариантная часть, тестовые задания",
               ("variant", False): "вариативная часть, тестовые задания",
               ("invariant", True): "инвариантная часть, управленческие кейсы",
               ("variant", True): "вариативная часть, управленческие кейсы"}


class BlueprintUnsatisfiable(Refused):
    """The bank cannot fill a blueprint row (409); the message names the competence and the part."""

    ERROR = "cmm_{code}"

    def __init__(self, competence, part, cases, needed, available, exhausted):
        self.competence, self.part, self.cases = competence, part, cases
        self.needed, self.available, self.exhausted = needed, available, exhausted
        title = "любая компетенция" if competence == ANY else f"компетенция «{COMPETENCES.get(competence, competence)}»"
        extra = f" (ещё {exhausted} исчерпали лимит показов в кампании)" if exhausted else ""
        super().__init__(f"Банк заданий не позволяет собрать тест: {title}, {PART_TITLES[(part, cases)]}: "
                         f"нужно {needed}, доступно {available}{extra}.", "order")


@dataclasses.dataclass(frozen=True)
class Row:
    """One row of a blueprint: ``count`` items of ``competence`` (or any) from ``part``."""

    competence: str
    part: str
    cases: bool
    count: int


@dataclasses.dataclass(frozen=True)
class Blueprint:
    """How a test is assembled: its rows, named competences first, "any competence" last."""

    rows: tuple

    @classmethod
    def from_hook(cls, answer):
        """A Blueprint from the hook's dict ``{competence: {column: count}}``; ValueError when malformed."""
        if not isinstance(answer, dict) or not answer:
            raise ValueError("План теста (blueprint) пуст или задан не словарём.")
        rows = []
        order = list(COMPETENCES) + [ANY]
        for competence in sorted(answer, key=lambda c: order.index(c) if c in order else len(order)):
            if competence not in order:
                raise ValueError(f"В плане теста неизвестная компетенция «{competence}».")
            for column, count in answer[competence].items():
                if column not in COLUMNS or not isinstance(count, int) or count < 0:
                    raise ValueError(f"В плане теста для «{competence}» неверная графа «{column}»: {count!r}.")
                if count:
                    part, cases = COLUMNS[column]
                    rows.append(Row(competence, part, cases, count))
        return cls(tuple(rows))

    @property
    def size(self):
        """How many items a test of this blueprint has."""
        return sum(r.count for r in self.rows)

    def as_dict(self):
        """The hook's form of the blueprint."""
        out = {}
        for r in self.rows:
            column = ("case_" if r.cases else "") + r.part
            out.setdefault(r.competence, {})[column] = r.count
        return out


def blueprint_for(host, region_code, category, school_type):
    """The region's blueprint for ``category`` and ``school_type`` (the most regional plugin's answer)."""
    return Blueprint.from_hook(host.test_blueprint(region_code, category, school_type))


class Exposure(Persistent):
    """How often each item has been given in one campaign, and the limit.

    ``max_count``: tests an item may appear in; ``max_share`` with
    ``expected_tests``: the share of the campaign's planned tests (the limit
    is ``ceil(max_share * expected_tests)``). With both, the smaller holds;
    with neither, there is no limit. Counted by item code: a new version of an
    item is the same task to a participant.
    """

    def __init__(self, max_count=None, max_share=None, expected_tests=None):
        if max_share is not None and not expected_tests:
            raise ValueError("Для доли показов укажите ожидаемое число тестов кампании.")
        if max_share is not None and not 0 < max_share <= 1:
            raise ValueError("Доля показов должна быть больше 0 и не больше 1.")
        self.max_count = max_count
        self.max_share = max_share
        self.expected_tests = expected_tests
        self.counts = OOBTree()
        self.tests = 0

    @property
    def limit(self):
        """Tests one item may appear in (None: no limit)."""
        limits = []
        if self.max_count is not None:
            limits.append(int(self.max_count))
        if self.max_share is not None:
            limits.append(max(1, math.ceil(self.max_share * self.expected_tests)))
        return min(limits) if limits else None

    def count(self, code):
        """Tests ``code`` has appeared in so far."""
        return self.counts.get(code, 0)

    def allows(self, code, limit=None):
        """Whether ``code`` may appear in one more test."""
        limit = self.limit if limit is None else limit
        return limit is None or self.counts.get(code, 0) < limit

    def record(self, codes):
        """Count one more test holding ``codes``."""
        for code in codes:
            self.counts[code] = self.counts.get(code, 0) + 1
        self.tests += 1


class AssembledTest(Persistent):
    """A participant's test: the item versions in order, and how it was drawn.

    Holds the versions themselves, so a later edit of an item (a new version)
    never changes a test already assembled.
    """

    def __init__(self, items, seed, blueprint, region, category, school_type, now=None):
        self.items = tuple(items)
        self.seed = seed
        self.blueprint = blueprint
        self.region = region
        self.category = category
        self.school_type = school_type
        self.assembled = now or datetime.datetime.now(datetime.timezone.utc)

    @property
    def keys(self):
        """``(code, version)`` of every item, in order."""
        return tuple(v.key for v in self.items)

    @property
    def max_score(self):
        """The most a participant can score."""
        return sum(v.max_score for v in self.items)

    @property
    def closed_max_score(self):
        """The most a participant can score on closed (automatically scored) items."""
        return sum(v.max_score for v in self.items if v.closed)


def _pools(pool):
    grouped = {}
    for v in pool:
        grouped.setdefault((v.competence, v.part, not v.closed), []).append(v)
        grouped.setdefault((ANY, v.part, not v.closed), []).append(v)
    return grouped


def lowest_share(pool, blueprint):
    """Roughly the lowest exposure share at which ``pool`` can go on filling ``blueprint``.

    Each row needs ``count`` of its items in every test, so no item can stay
    under ``count / items`` of the tests; the largest such share over the rows
    (1.0 when a row has no more items than it needs). An estimate: the
    "any competence" rows share items with the named ones.
    """
    grouped = _pools(pool)
    shares = [row.count / max(1, len(grouped.get((row.competence, row.part, row.cases), ())))
              for row in blueprint.rows]
    return min(1.0, max(shares)) if shares else 0.0


def draw(pool, blueprint, seed, exposure=None):
    """The items of one test: ``blueprint`` filled from ``pool`` with ``random.Random(seed)``.

    Pure: nothing is recorded. Raises BlueprintUnsatisfiable for the first row
    that cannot be filled.
    """
    rng = random.Random(seed)
    grouped = _pools(sorted(pool, key=lambda v: v.code))
    limit = exposure.limit if exposure is not None else None
    taken, chosen = set(), []
    for row in blueprint.rows:
        candidates = [v for v in grouped.get((row.competence, row.part, row.cases), ()) if v.code not in taken]
        allowed = candidates if limit is None else [v for v in candidates if exposure.allows(v.code, limit)]
        if len(allowed) < row.count:
            raise BlueprintUnsatisfiable(row.competence, row.part, row.cases, row.count, len(allowed),
                                         len(candidates) - len(allowed))
        picked = rng.sample(allowed, row.count)
        taken.update(v.code for v in picked)
        chosen.extend(picked)
    # NB: closed items first, then the cases: the order a participant works in.
    return tuple(sorted(chosen, key=lambda v: not v.closed))


def assemble_test(host, region, category, school_type, seed, exposure=None, municipality=None, pool=None,
                  now=None):
    """Draw one participant's test in ``region`` (a Region, or a node in it) reproducibly from ``seed``.

    Respects the region's blueprint exactly and the campaign's ``exposure``
    (an ``Exposure``, updated when the test is made). ``pool`` (the
    published items, from ``published_items``) may be passed in when many
    tests are assembled at once. Raises BlueprintUnsatisfiable (Russian,
    naming the competence and part) and records nothing when the bank
    cannot satisfy the blueprint.
    """
    region = region_node(region)
    blueprint = blueprint_for(host, region.code, category, school_type)
    if pool is None:
        pool = published_items(host, region, category, school_type, municipality)
    else:
        pool = [v for v in pool if v.fits(category, school_type, municipality)]
    items = draw(pool, blueprint, seed, exposure)
    if exposure is not None:
        exposure.record(v.code for v in items)
    return AssembledTest(items, seed, blueprint, region.code, category, school_type, now)


def shipped_federal_items():
    """The federal bank shipped with OKO Case (``core/cmm/data/federal_bank.toml``), as published versions."""
    return [ItemVersion(status="published", source="bank", **clean_item(
        {k: v for k, v in item.items() if k != "_where"}, item["_where"])) for item in read_items()]


def blueprint_problems(host, region_code, federal=None):
    """Russian lines: each category and school type whose test the items at hand cannot fill, and why.

    The items at hand are the ``federal`` ones (by default the federal bank
    shipped with OKO Case) and those of the region's plugins and
    ``regional_overrides/``: the federal blueprint asks, beside two federal
    items of each competence, for four regional closed items and one
    regional case of every category and school type. A region's bank in the
    database is not seen here, so start-up warns and ``oko check-plugin``
    reports; the draw of a test says the same when it happens.
    """
    try:
        pool = (shipped_federal_items() if federal is None else list(federal)) + hook_items(host, region_code)
    except ItemRefused as exc:
        return [f"Регион {region_code}: {exc}"]
    problems = []
    for category, category_title in CATEGORIES.items():
        for school_type in SCHOOL_TYPES:
            fitting = [v for v in pool if v.fits(category, school_type)]
            try:
                draw(fitting, blueprint_for(host, region_code, category, school_type), seed=0)
            except BlueprintUnsatisfiable as exc:
                problems.append(f"Регион {region_code}, категория «{category_title}», тип школы "
                                f"«{SCHOOL_TYPE_TITLES[school_type]}»: {exc}")
    return problems
