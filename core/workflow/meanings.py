"""What a workflow state means: core asks this, never a state's name.

A region may replace a workflow (``oko_workflows``) and name its states as it
likes; indicators, editing rules and the steps of a process read what a state
*means*. Each state declares its meaning (``Workflow.add_state(...,
meaning=...)``) and the workflow writes it on the object with the state, as
``workflow_meaning``, so code that holds only the object (an indicator's
predicate) reads it there. A regional workflow that replaces a federal one
must give every state a meaning and keep the meanings core counts
(``COUNTED``): the plugin host refuses it otherwise.
"""

# Created, awaiting its first step from the one it concerns (a scheduled attestee, an open request).
OPEN = "open"
# Its author prepares it and may change it (a draft, a document returned for rework).
EDITABLE = "editable"
# A timed step is under way (the attestee is sitting the test).
IN_PROGRESS = "in_progress"
# Sent on: awaits the decision of whoever checks, signs or publishes it; its author may not change it.
SUBMITTED = "submitted"
# Being assessed (experts score it) before anyone can decide on it.
UNDER_REVIEW = "under_review"
# Accepted and counted: confirmed by the curator, approved or in force, published, answered.
ACCEPTED = "accepted"
# A final decision is recorded (the commission's), whatever it is.
DECIDED = "decided"
# Out of the process: repealed, retired, taken off the schedule.
WITHDRAWN = "withdrawn"

MEANINGS = {
    OPEN: "открыт", EDITABLE: "редактируется", IN_PROGRESS: "выполняется", SUBMITTED: "отправлен на решение",
    UNDER_REVIEW: "на оценке", ACCEPTED: "принят", DECIDED: "решение принято", WITHDRAWN: "выведен из процесса",
}

# What indicators and reports count: a replacing workflow that lacks one of these silently counts nothing.
COUNTED = frozenset({ACCEPTED, DECIDED})


def meaning_of(obj):
    """What the state of ``obj`` means (None for an object outside any workflow)."""
    return getattr(obj, "workflow_meaning", None)


def means(obj, *meanings):
    """Whether the state of ``obj`` means one of ``meanings``."""
    return getattr(obj, "workflow_meaning", None) in meanings


def replacement_problem(original, replacement):
    """Why ``replacement`` may not replace the workflow ``original`` (Russian), or None.

    Every state of a replacement says what it means, and it keeps each
    meaning of ``COUNTED`` the original has, so the indicators still count.
    """
    unmeant = sorted(name for name, state in replacement.states.items() if state.meaning is None)
    if unmeant:
        return (f"у состояний {', '.join(unmeant)} не указан смысл (meaning): ядро не узнает, "
                f"какие из них считать принятыми")
    lost = sorted((original.meanings() & COUNTED) - replacement.meanings())
    if lost:
        return (f"нет состояния со смыслом {', '.join(MEANINGS[m] for m in lost)} ({', '.join(lost)}), "
                f"которое есть у заменяемого процесса: показатели его не посчитают")
    return None
