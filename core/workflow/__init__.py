"""Workflows and the process engine: what awaits whom, and how an object moves on.

- ``machine``: data-defined workflows (states, transitions, per-state
  permissions, history);
- ``meanings``: what a state means (editable, submitted, accepted...), read by
  core instead of state names;
- ``process``: the protocol every awaiting object answers (``Awaited``:
  which step, from whom, by when, at which page);
- ``engine``: the one ``fire`` for people and for system steps.

``core.tasks`` reads the protocol for «Мои задачи», the API and `oko remind`.
"""
from core.workflow.machine import VIEW, HistoryEntry, State, Transition, Workflow, WorkflowError
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
    "VIEW", "HistoryEntry", "State", "Transition", "Workflow", "WorkflowError",
    "ACCEPTED", "DECIDED", "EDITABLE", "IN_PROGRESS", "MEANINGS", "OPEN", "SUBMITTED", "UNDER_REVIEW", "WITHDRAWN",
    "meaning_of", "means",
]
