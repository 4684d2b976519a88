"""What every step shares: the refusal, the recount after a change."""

from core.catalog import reindex_changed, transition_values
from core.journal import now_or  # noqa: F401  (the steps import it from here)
from core.project500 import indicators
from core.project500.awaiting import next_steps
from core.project500.kinds import LEVELS, participation_name
from core.refused import StepRefused  # noqa: F401  (the steps import it from here)
from core.resources import School, region_code_of, walk

WORKFLOW = "document_review"
LEVEL_ALIASES = {**{k: k for k in LEVELS}, **{v: k for k, v in LEVELS.items()}}


def participation_of(school, year):
    """The school's participation in ``year``, or None."""
    return school.get(participation_name(year))


def schools_of(region):
    """``{school code: School}`` of a region's open schools (a rare, operator-level walk of one region): a closed
    school is enrolled no more."""
    return {s.code: s for s in walk(region) if isinstance(s, School) and s.is_open}


def closed_schools_of(region, codes):
    """The codes among ``codes`` of the region's closed schools (a walk of the region, when a list is refused)."""
    wanted = set(codes)
    return sorted(s.code for s in walk(region) if isinstance(s, School) and not s.is_open and s.code in wanted)


def refresh(host, p, region=None):
    """After a step: recount ``p``'s indicators and say who must act next, by when.

    ``region`` is ``p``'s region code, if the caller knows it already.
    """
    region = region or region_code_of(p)
    # NB: the steps change the rest of ``p``; who is awaited, by when, and the
    # indicators met change only here, and the catalog reads nothing else of it.
    before = transition_values(p)
    _set_awaiting(host, region, p)
    indicators.recount(host, region, p)
    reindex_changed(p, before)


def _set_awaiting(host, region, p):
    # NB: a participation is itself a task for whoever must take its next step.
    todo = next_steps(host, region, p)
    dues = [due for _, _, due in todo if due is not None]
    roles, due = frozenset().union(*(roles for _, roles, _ in todo)), min(dues) if dues else None
    # NB: assigning an equal value still marks the participation changed, and a
    # transition of one of its documents would then rewrite its whole journal.
    if p.awaiting_roles != roles:
        p.awaiting_roles = roles
    if p.due != due:
        p.due = due


def users_of_tree(node):
    """The users of the site ``node`` belongs to."""
    while node.__parent__ is not None:
        node = node.__parent__
    return node.services["users"]
