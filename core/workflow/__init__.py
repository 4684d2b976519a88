"""Workflows and the process engine: what awaits whom, and how an object moves on.

- ``machine``: data-defined workflows (states, transitions, per-state
  permissions, history);
- ``meanings``: what a state means (editable, submitted, accepted...), read by
  core instead of state names;
- ``process``: the protocol every awaiting object answers (``Awaited``:
  which step, from whom, by when, at which page).

The one ``fire``, for people and for the process's own steps, is
``core.cases.fire`` (it reindexes and tells the listeners, above this
package); ``core.tasks`` reads the protocol for «Мои задачи», the API and
`oko remind`.
"""
from core.workflow.machine import (
    VIEW,
    History,
    HistoryEntry,
    State,
    Transition,
    Workflow,
    WorkflowError,
    append_history,
)
from core.workflow.meanings import (
    ACCEPTED,
    DECIDED,
    EDITABLE,
    IN_PROGRESS,
    MEANINGS,
    OPEN,
    SUBMITTED,
    UNDER_REVIEW,
    WITHDRAWN,
    meaning_of,
    means,
)

__all__ = [
    "VIEW", "History", "HistoryEntry", "State", "Transition", "Workflow", "WorkflowError", "append_history",
    "ACCEPTED", "DECIDED", "EDITABLE", "IN_PROGRESS", "MEANINGS", "OPEN", "SUBMITTED", "UNDER_REVIEW", "WITHDRAWN",
    "meaning_of", "means",
]
