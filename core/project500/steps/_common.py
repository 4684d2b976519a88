"""What every step shares: the refusal, the role check, the recount after a change."""
import datetime

from core.resources import School, region_code_of, walk
from core.security.roles import effective_roles

from .. import indicators
from ..model import LEVELS, participation_name

WORKFLOW = "document_review"
EDITABLE = ("draft", "returned")
LEVEL_ALIASES = {**{k: k for k in LEVELS}, **{v: k for k, v in LEVELS.items()}}


class StepRefused(Exception):
    """A step was refused: ``code`` is forbidden, order or invalid; the message is Russian."""

    def __init__(self, message, code="order", details=None):
        super().__init__(message)
        self.code = code
        self.details = details or []


def now_or(now=None):
    """``now`` if given (tests, imports of past events), else the current time."""
    return now or datetime.datetime.now(datetime.timezone.utc)


def require(node, actor, *roles):
    """Refuse unless ``actor`` holds one of ``roles`` on ``node``."""
    if not effective_roles(node, actor) & set(roles):
        raise StepRefused("Этот шаг выполняет другой участник проекта.", "forbidden")


def participation_of(school, year):
    """The school's participation in ``year``, or None."""
    return school.get(participation_name(year))


def schools_of(region):
    """``{school code: School}`` of a region (a rare, operator-level walk of one region)."""
    return {s.code: s for s in walk(region) if isinstance(s, School)}


def refresh(host, p):
    """After a step: recount ``p``'s indicators and say who must act next, by when."""
    region = region_code_of(p)
    indicators.recount(host, region, p)
    _set_awaiting(host, region, p)


def _set_awaiting(host, region, p):
    # NB: a participation is itself a task for whoever must take its next step.
    deadline = host.deadlines(region, p.project_year).get("concept_documents")
    if p.curator is None:
        roles, due = {"municipal_coordinator"}, None
    elif p.first_visit is None:
        roles, due = {"curator"}, None
    elif not all(d is not None for d in indicators.concept_documents(p)):
        roles, due = {"school_head"}, deadline
    else:
        roles, due = set(), None
    p.awaiting_roles, p.due = frozenset(roles), due


def users_of_tree(node):
    """The users of the site ``node`` belongs to."""
    while node.__parent__ is not None:
        node = node.__parent__
    return node.services["users"]
