"""The one ``fire``: a step of a workflow taken by a person or by the process itself.

Every transition of every workflow object goes through here: the workflow
checks and moves the object, the caller's ``then`` records what the step
decided (the commission's decision, an act's number), the object gets the
deadline of whoever is awaited next, the catalog follows, and only then are
the region's listeners told (``oko_on_transition``), so they see the step
whole. Domain code: it takes the plugin host and plain values, never a request.
"""
from core.catalog import reindex_changed, transition_values
from core.resources import region_code_of
from core.security.roles import effective_roles
from core.workflow.machine import WorkflowError


def due_after(host, region, obj, state, when):
    """The deadline of whoever is awaited once ``obj`` is in ``state`` (entered at ``when``).

    The state's ``period`` (an ``oko_deadlines`` timedelta) counts from
    ``when``: a reviewer's or a signatory's time. Without one, the object's
    own ``deadline``, if any (its author's).
    """
    period = host.deadlines(region, when.year).get(state.period) if state.period else None
    if period is None:
        return getattr(obj, "deadline", None)
    return (when + period).date()


def fire(host, obj, transition, actor, comment="", now=None, system=False, then=None):
    """Fire ``transition`` on ``obj`` as ``actor``; return the history entry.

    ``system``: the process takes the step (a test handed in when time is
    up, the last score agreed, a bank loaded from a file), not a person: the
    transition's roles are not asked of ``actor``; its state, comment and
    guard are. ``then(entry)`` runs once the object has moved, before its
    deadline and indexes are brought up to date and before the listeners
    are told: what it sets is part of the step they see.

    Raises WorkflowError (Russian message) when the step is refused; nothing
    changes then.
    """
    region = region_code_of(obj)
    workflow = host.workflow(region, obj.workflow_name)
    if system:
        step = workflow.transitions.get(transition)
        roles = step.roles if step is not None else frozenset()
    else:
        roles = effective_roles(obj, actor)
    before = transition_values(obj)
    entry = workflow.fire(obj, transition, actor, roles, comment, now)
    if then is not None:
        then(entry)
    obj.due = due_after(host, region, obj, workflow.states[entry.to_state], entry.at)
    reindex_changed(obj, before)
    host.on_transition(region, obj, entry, actor)
    return entry


__all__ = ["WorkflowError", "due_after", "fire"]
