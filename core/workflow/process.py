"""The process protocol: what an object awaits, from whom, by when, at which page.

Objects await people in three shapes: a workflow's state (documents, acts,
CMM items, leader dossiers, consultation requests), the 500+
participation's steps worked out from its flags, and the teacher dossier's
linear steps. Each answers one question, ``awaited(host, obj)``: a list of
``Awaited``, one per step it awaits. A workflow object answers from its
workflow (the transitions expected in its state, ``Workflow.expected``);
an object that keeps its own steps has a method ``awaited(host)``; a
process a plugin declares (``oko_processes``, ``core.plugin_types.Process``)
may answer for its objects instead. ``core.tasks`` turns the answers into
«Мои задачи», the API's tasks and `oko remind`.
"""
import dataclasses
import datetime
from typing import Optional

from core.resources import region_code_of


@dataclasses.dataclass(frozen=True)
class Awaited:
    """One step an object awaits.

    ``roles``: a holder of any of them on the object (or above it, as local
    roles are inherited) is awaited; ``principals``: when the step is a named
    person's (the assigned curator, the experts drawn), only those logins,
    and they must hold one of ``roles`` too. ``due``: the step's deadline.
    ``view``: where the step is taken: ``""`` the object's page, a name a
    page of the object (``"review"``), or ``(node, name)`` the view ``@@name``
    of another node (an operator assigns a dossier's expert on the region's
    page, without reading the dossier).
    """

    step: str
    title: str
    roles: frozenset
    principals: Optional[frozenset] = None
    due: Optional[datetime.date] = None
    view: object = ""

    def awaits(self, login, roles):
        """Whether ``login``, who holds ``roles`` on the object, is awaited for this step."""
        return bool(self.roles & roles) and (self.principals is None or login in self.principals)


# NB: "not said": the region code is looked up on the object (None is a code: above the regions).
LOOK_UP = object()


def workflow_awaited(host, obj, region=LOOK_UP):
    """What a workflow object awaits: each transition expected in its state, due when the object is.

    A step is awaited whatever its guard says now: the guard tells what is
    missing to take it (a consultation's answer is written as it is taken).
    ``region``: the object's region code when the caller knows it already.
    """
    state = getattr(obj, "workflow_state", None)
    if getattr(obj, "workflow_name", None) is None or state is None:
        return []
    workflow = host.workflow(region_code_of(obj) if region is LOOK_UP else region, obj.workflow_name)
    return [Awaited(t.name, t.title, t.roles, None, getattr(obj, "due", None)) for t in workflow.expected(state, obj)]


def awaited(host, obj, region=LOOK_UP):
    """``[Awaited]``: every step ``obj`` awaits now, from whom, by when, where.

    ``region``: the object's region code when the caller knows it already (``core.tasks`` reads it once
    per node for many objects).
    """
    process = host.process_for(getattr(obj, "type_name", None))
    if process is not None and process.get("awaited") is not None:
        return list(process["awaited"](host, obj))
    own = getattr(obj, "awaited", None)
    if callable(own):
        return list(own(host))
    return workflow_awaited(host, obj, region)
