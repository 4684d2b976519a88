"""The rows of «Мои задачи» for a request: what awaits the user (``core.tasks``), with deadlines.

The page (``core.views.tasks``) and the API (``GET /api/v1/tasks``) list
the same rows, a page at a time; each links the page of its first step.
"""
import datetime
from types import SimpleNamespace

from core.site import get_site
from core.tasks import tasks_of

# NB: a page of «Мои задачи»: a curator of 4,000 schools has thousands waiting, and each row costs its steps,
# state and link; 50 soonest is what one reads before acting (and a phone shows without tiring).
TASKS_PER_PAGE = 50


def task_rows(request, limit=200, offset=0):
    """The user's tasks as rows for the tasks macro, soonest deadline first: ``limit`` of them after ``offset``."""
    today = datetime.date.today()
    rows = []
    for task in tasks_of(get_site(request), request.registry.oko, request.identity, limit=offset + limit)[offset:]:
        url = request.resource_url(task.node, task.view) if task.view else request.resource_url(task.node)
        rows.append(SimpleNamespace(url=url, path=task.path, title=task.title, where=task.where, state=task.state,
                                    due=task.due, overdue=task.overdue(today), actions=task.actions,
                                    transition_names=list(task.steps)))
    return rows


def task_page(request, page):
    """``(rows, more)``: the rows of ``page`` (a ``core.web.paging.Page``) and whether a page after it has any."""
    rows = task_rows(request, limit=page.size + 1, offset=page.offset)
    return rows[:page.size], len(rows) > page.size
