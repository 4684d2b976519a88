"""The 500+ indicators: predicates over a participation, and counters kept on change.

Each indicator is a share of the project's schools. Its numerator at every
level (municipality, region, federation) is a ``BTrees.Length`` counter,
changed by ±1 when a school starts or stops meeting it, so a dashboard
reads a few numbers and never walks the schools. ``recount`` is the one
place that keeps them: every step calls it after changing a participation.

Whether a school meets an indicator is its item's ``predicate``
(``oko_indicators``, ``core.plugin_types.Indicator``) or, for an item that
gives none, the federal predicate of its code (a region may re-title a
federal indicator, in code or in ``lists.toml``). An indicator with
neither could never be counted: ``check_indicators`` stops start-up naming
the plugin and the indicator.
"""
import itertools

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree

from core.plugins import ALL_REGIONS, PluginError
from core.project500.kinds import (
    ANTI_RISK_PROGRAMME,
    CONFIRMING_DOCUMENT,
    DEVELOPMENT_CONCEPT,
    MEDIUM_TERM_PROGRAMME,
    document_name,
)
from core.resources import Municipality, Region, Root
from core.workflow import ACCEPTED, SUBMITTED, means

TOTAL = "_total"


def concept_documents(p):
    """The concept documents the school must have: concept, programme, an anti-risk one per risk.

    Each is looked up by the name it is saved under (``kinds.document_name``),
    so that the others in the participation are not read from the database:
    every transition of a document asks this of its participation.
    """
    needed = [(DEVELOPMENT_CONCEPT, None), (MEDIUM_TERM_PROGRAMME, None)]
    needed += [(ANTI_RISK_PROGRAMME, code) for code in sorted(p.activated_risks)]
    return [p.get(document_name(kind, factor)) for kind, factor in needed]


# The names confirming documents are saved under begin so (``steps.add_confirming_document``).
CONFIRMING_PREFIX = "confirming-"


def confirming_documents(p):
    """The confirming documents of ``p``, found by name: the others are not read from the database."""
    names = itertools.takewhile(lambda name: name.startswith(CONFIRMING_PREFIX), p.keys(start=CONFIRMING_PREFIX))
    return [doc for doc in map(p.get, names) if getattr(doc, "document_type", None) == CONFIRMING_DOCUMENT]


def loaded_first(docs):
    """``docs`` with the missing ones (None) first, then those already in memory, then the rest.

    ``all()`` and ``any()`` over them stop, as often as they can, before the
    others are read from the database: a transition has its own document
    loaded, and its siblings mostly not.
    """
    return sorted(docs, key=lambda d: 0 if d is None else 1 if d._p_changed is not None else 2)


def _concepts_confirmed(p):
    docs = loaded_first(concept_documents(p))
    return bool(p.activated_risks) and all(d is not None and means(d, ACCEPTED) for d in docs)


def _concepts_conform(p):
    docs = loaded_first(concept_documents(p))
    return all(d is not None and d.conforms for d in docs)


def _confirming_conform(p):
    docs = loaded_first(confirming_documents(p))
    return bool(docs) and all(d.conforms for d in docs)


# The stages of positive changes a participation goes through in a year (seed 004: the first in May–June,
# the results on 20 December); ``core.project500.steps.monitoring`` confirms them.
STAGES = {1: "первый этап", 2: "второй этап"}


def positive_stages(p):
    """The stages of positive changes confirmed for ``p``, in order (1 for a participation confirmed before
    stages were kept)."""
    kept = [stage for stage, _, _ in p.positive_stages]
    if p.positive_changes_confirmed and 1 not in kept:
        kept.insert(0, 1)
    return kept


def stage_now(p):
    """The stage of positive changes under way in ``p`` (the last one when every stage is confirmed)."""
    return min(len(positive_stages(p)) + 1, max(STAGES))


def stage_of(doc):
    """The stage a confirming document belongs to (the first for one added before stages were kept)."""
    return getattr(doc, "stage", None) or 1


def covered(p):
    """Whether the monitoring of positive changes covers ``p`` («100 % охват ШНОР мониторингом»): the school
    sent a confirming document to its curator, or a stage of it is confirmed."""
    if positive_stages(p):
        return True
    docs = loaded_first(confirming_documents(p))
    return any(means(d, SUBMITTED) or means(d, ACCEPTED) for d in docs)


# The federal indicators: code -> predicate over a participation.
PREDICATES = {
    "surveyed": lambda p: p.surveyed,
    "profile_downloaded": lambda p: bool(p.profile_downloads),
    "seminar_attended": lambda p: p.seminar_attended,
    "curator_visited": lambda p: p.first_visit is not None,
    "risks_activated": lambda p: bool(p.activated_risks),
    "curator_contract_signed": lambda p: p.contract_status == "signed",
    "concept_confirmed": _concepts_confirmed,
    "concept_conforms": _concepts_conform,
    "confirming_conform": _confirming_conform,
    "professional_development": lambda p: p.professional_development,
    "measures_activated": lambda p: p.measures_activated,
    "positive_changes": lambda p: p.positive_changes_confirmed,
    "positive_changes_stage_2": lambda p: 2 in positive_stages(p),
    "monitoring_covered": covered,
    "webinar_participation": lambda p: bool(p.webinars),
}


def predicate_of(item):
    """The predicate that counts the indicator ``item``: its own, else the federal one of its code, else None."""
    return item.get("predicate") or PREDICATES.get(item["code"])


def met_indicators(host, region, p):
    """The codes of the region's indicators that ``p`` meets now."""
    met = set()
    for item in host.indicators(region):
        predicate = predicate_of(item)
        if predicate is not None and predicate(p):
            met.add(item["code"])
    return frozenset(met)


# Asked for the indicators every region gets: no plugin but those serving all regions answers for it.
FEDERAL_ONLY = "00"


def indicator_problems(host):
    """Every indicator some plugin gives that could never be counted, one Russian line each.

    Each plugin is asked for every region it serves by name (a plugin serving
    all regions, for a region no other plugin names), so the line names the
    plugin the indicator comes from, which the merged list no longer knows.
    """
    regions = {FEDERAL_ONLY} | {r for row in host.listing() for r in row["regions"] if r != ALL_REGIONS}
    problems = []
    for impl in host.pm.hook.oko_indicators.get_hookimpls():
        name = host.pm.get_name(impl.plugin)
        seen = set()
        for region in sorted(r for r in regions if host.serves(name, r)):
            for item in impl.function(*[{"region": region}[arg] for arg in impl.argnames]) or ():
                if item.get("withdrawn") or item["code"] in seen:
                    continue
                seen.add(item["code"])
                predicate = predicate_of(item)
                if predicate is None:
                    problems.append(
                        f"Плагин «{name}»: показатель «{item['code']}» ({item.get('title', '')}) не может быть "
                        f"подсчитан: у него нет условия predicate, функции участия школы в проекте, возвращающей "
                        f"True или False (core/plugin_types.py, Indicator), и это не код федерального показателя.")
                elif not callable(predicate):
                    problems.append(f"Плагин «{name}»: у показателя «{item['code']}» predicate не функция: "
                                    f"{predicate!r}.")
    return problems


def check_indicators(host):
    """Raise PluginError listing every indicator that could never be counted (start-up, ``oko plugins``)."""
    problems = indicator_problems(host)
    if problems:
        raise PluginError("\n".join(problems))


def _levels(p):
    node = p.__parent__
    while node is not None:
        if isinstance(node, (Municipality, Region, Root)):
            yield node
        node = node.__parent__


def _counter(node, year, code):
    counts = getattr(node, "indicator_counts", None)
    if counts is None:
        counts = node.indicator_counts = OOBTree()
    key = (year, code)
    counter = counts.get(key)
    if counter is None:
        counter = counts[key] = Length()
    return counter


def counts(node, year):
    """``{indicator code: number of schools meeting it}`` at ``node``, plus ``_total``."""
    stored = getattr(node, "indicator_counts", None)
    if stored is None:
        return {TOTAL: 0}
    result = {code: counter() for (y, code), counter in stored.items((year, ""), (year, "\uffff"))}
    result.setdefault(TOTAL, 0)
    return result


def enter(p):
    """Count a new participation in the totals of its municipality, region and federation."""
    for node in _levels(p):
        _counter(node, p.project_year, TOTAL).change(1)


def recount(host, region, p):
    """Bring ``p``'s indicators and every level's counters up to date after a step."""
    met = met_indicators(host, region, p)
    before = p.indicators_met
    if met != before:
        for node in _levels(p):
            for code in met - before:
                _counter(node, p.project_year, code).change(1)
            for code in before - met:
                _counter(node, p.project_year, code).change(-1)
        p.indicators_met = met
    return met