"""The rows of «Мои задачи» for a request: what awaits the user (``core.tasks``), with deadlines.

The page (``core.views.tasks``) and the API (``GET /api/v1/tasks``) list
the same rows; each links the page of its first step.
"""
import datetime
from types import SimpleNamespace

from core.site import get_site
from core.tasks import tasks_of


def task_rows(request, limit=200):
    """The user's tasks as rows for the tasks macro, soonest deadline first."""
    today = datetime.date.today()
    rows = []
    for task in tasks_of(get_site(request), request.registry.oko, request.identity, limit=limit):
        url = request.resource_url(task.node, task.view) if task.view else request.resource_url(task.node)
        rows.append(SimpleNamespace(url=url, path=task.path, title=task.title, where=task.where, state=task.state,
                                    due=task.due, overdue=task.overdue(today), actions=task.actions,
                                    transition_names=list(task.steps)))
    return rows
