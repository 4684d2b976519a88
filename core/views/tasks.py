""""Мои задачи": the objects awaiting the user's transitions, with deadlines."""
import datetime
from types import SimpleNamespace

from pyramid.view import view_config

from core.cases import available_transitions, state_title
from core.catalog import Query
from core.resources import path_of
from core.site import get_site
from core.security.permissions import VIEW_HOME


def task_rows(request, limit=200):
    """The user's tasks as rows for the tasks macro, soonest deadline first."""
    user = request.identity
    if user is None:
        return []
    host = request.registry.oko
    today = datetime.date.today()
    rows = []
    for obj in Query(get_site(request)).awaiting(dict(user.grants.items()), limit=limit):
        actions = available_transitions(host, obj, user.login)
        if not actions:
            continue
        parent = obj.__parent__
        rows.append(SimpleNamespace(
            url=request.resource_url(obj), path=path_of(obj), title=obj.title,
            where=parent.title if parent is not None else "", state=state_title(host, obj),
            due=obj.due, overdue=bool(obj.due and obj.due < today),
            actions=", ".join(t.title for t in actions), transition_names=[t.name for t in actions]))
    return rows


@view_config(route_name="tasks", renderer="templates/tasks.pt", permission=VIEW_HOME)
def tasks(request):
    """All of the user's tasks."""
    return {"tasks": task_rows(request)}
