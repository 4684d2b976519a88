"""The life of an act: transitions, numbering at approval, repeal.

Domain code: it takes the plugin host and plain values, never a request.
"""
import datetime

from core.acts.drafting import ActRefused, add_version, current_template
from core.acts.model import Act
from core.cases import fire
from core.catalog import reindex
from core.resources import find_root, path_of, traverse_path
from core.workflow import ACCEPTED, means

# What the states in which an act has legal effect (it may repeal, and be repealed) mean.
EFFECTIVE = (ACCEPTED,)


def in_effect(act):
    """Whether ``act`` has legal effect now (approved, or in force)."""
    return means(act, *EFFECTIVE)


def _approve(act, actor, today):
    # NB: the counter conflicts under concurrent approvals and the request is
    # retried whole, so the number and the regenerated document commit together.
    act.number = act.register.take_number(today.year)
    act.date = today
    add_version(act, current_template(act), act.current.variables, actor,
                f"Утверждённая редакция: № {act.number} от {today.strftime('%d.%m.%Y')}")


def fire_act(host, act, transition, actor, comment="", now=None):
    """Fire ``transition`` on ``act`` as ``actor``; return the history entry.

    Approving gives the act the next number of its authority's register for
    the year and the date, and regenerates its document with them (from the
    template snapshot the approved text was made with, so only the number
    and the date change). Raises ``core.cases.WorkflowError`` (Russian) when
    the transition is refused; nothing changes then.
    """
    def approve(entry):
        _approve(act, actor, (now or datetime.datetime.now()).date())
    # NB: the number and the date are part of the approval the listeners hear of.
    entry = fire(host, act, transition, actor, comment, now, then=approve if transition == "approve" else None)
    if transition == "approve":
        reindex(act)
    return entry


def repeal(host, act, by, actor, comment="", now=None):
    """Repeal ``act`` by the act ``by`` (an act or its path); link both ways.

    ``by`` must be an approved or in-force act of the same authority. Raises
    ActRefused for a bad link, ``core.cases.WorkflowError`` when the actor may
    not repeal or ``act`` is not in effect; nothing changes then.
    """
    if isinstance(by, str):
        by = traverse_path(find_root(act), by)
    if not isinstance(by, Act):
        raise ActRefused("Отменяющий акт не найден.", "link")
    if by is act:
        raise ActRefused("Акт не может отменить сам себя.", "link")
    if by.register is not act.register:
        raise ActRefused("Отменяющий акт должен быть актом того же органа или организации.", "link")
    if not in_effect(by):
        raise ActRefused(f"Отменяющий акт «{by.title}» ещё не утверждён.", "link")
    act.repealed_by = path_of(by)
    try:
        entry = fire(host, act, "repeal", actor, comment, now)
    except Exception:
        act.repealed_by = None
        raise
    by.repeals = by.repeals + (path_of(act),)
    reindex(by)
    return entry
