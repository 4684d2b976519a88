"""The rows of «Мои задачи» for a request: the objects awaiting the user, with deadlines.

The page (``core.views.tasks``) and the API (``GET /api/v1/tasks``) list
the same rows. An object with a workflow awaits the transitions the user
may fire; one without (a school's participation in the 500+ project)
describes its own next steps through ``next_steps_for(host, login)``.
"""
import datetime
from types import SimpleNamespace

from core.cases import available_transitions, state_title
from core.catalog import Query
from core.resources import path_of
from core.site import get_site


def task_rows(request, limit=200):
    """The user's tasks as rows for the tasks macro, soonest deadline first."""
    user = request.identity
    if user is None:
        return []
    host = request.registry.oko
    today = datetime.date.today()
    rows = []
    for obj in Query(get_site(request)).awaiting(dict(user.grants.items()), limit=limit):
        if getattr(obj, "workflow_name", None) is None:
            row = _step_row(request, host, obj, user.login, today)
            if row is not None:
                rows.append(row)
            continue
        actions = available_transitions(host, obj, user.login)
        if not actions:
            continue
        parent = obj.__parent__
        if getattr(parent, "is_case", False):
            # NB: a case inside a case (a school's year in the project): say which place it is in.
            parent = parent.__parent__
        rows.append(SimpleNamespace(
            url=request.resource_url(obj), path=path_of(obj), title=obj.title,
            where=parent.title if parent is not None else "", state=state_title(host, obj),
            due=obj.due, overdue=bool(obj.due and obj.due < today),
            actions=", ".join(t.title for t in actions), transition_names=[t.name for t in actions]))
    return rows


def _step_row(request, host, obj, login, today):
    """The row of an object without a workflow: its next steps that await this user."""
    describe = getattr(obj, "next_steps_for", None)
    mine = describe(host, login) if describe is not None else []
    if not mine:
        return None
    dues = [due for _, _, due, _ in mine if due is not None]
    due = min(dues) if dues else None
    place = obj.__parent__
    # NB: a step's page is a view of the object, or (node, view) elsewhere: an operator assigns
    # a dossier's expert on the region's page, without reading the dossier.
    where = mine[0][3]
    url = (request.resource_url(where[0], f"@@{where[1]}") if isinstance(where, tuple)
           else request.resource_url(obj, where) if where else request.resource_url(obj))
    return SimpleNamespace(
        url=url,
        path=path_of(obj), title=obj.title, where=place.title if place is not None else "",
        state=obj.type_title, due=due, overdue=bool(due and due < today),
        actions=", ".join(title for _, title, _, _ in mine), transition_names=[code for code, _, _, _ in mine])
