"""The journal of a case object: an append-only record of who took which step, and when.

Objects without a workflow of their own (a school's 500+ participation, an
attestation campaign, a teacher's dossier) keep one; a workflow's
transitions are recorded in the object's ``history`` (``core.workflow``).
"""
import dataclasses
import datetime

from core.compact import Compact


def now_or(now=None):
    """``now`` if given (tests, imports of past events), else the current time (UTC)."""
    return now or datetime.datetime.now(datetime.timezone.utc)


@dataclasses.dataclass(frozen=True)
class Event(Compact):
    """One step in a journal: who, when, what, and the comment the step required, if any."""

    step: str
    actor: str
    at: datetime.datetime
    detail: str = ""
    comment: str = ""


class Journaled:
    """A persistent object that keeps a journal of its steps."""

    journal = ()

    def record(self, step, actor, detail="", now=None, *, comment=""):
        """Append a step to the journal (never rewritten) and return it."""
        event = Event(step, actor, now_or(now), detail, comment)
        # NB: a new tuple each time: the object is marked changed, so two concurrent steps conflict.
        self.journal = self.journal + (event,)
        return event

    def done_at(self, step):
        """When ``step`` was last taken, or None."""
        return next((e.at for e in reversed(self.journal) if e.step == step), None)
