"""The rows of «Мои задачи» for a request: what awaits the user (``core.tasks``), with deadlines.

The page (``core.views.tasks``) and the API (``GET /api/v1/tasks``) list
the same rows, a page at a time; each links the page of its first step.
"""
import datetime
from types import SimpleNamespace

from core.resources import path_of
from core.site import get_site
from core.tasks import tasks_of
from core.web.routes import path_url

# NB: a page of «Мои задачи»: a curator of 4,000 schools has thousands waiting, and each row costs its steps,
# state and link; 50 soonest is what one reads before acting (and a phone shows without tiring).
TASKS_PER_PAGE = 50


def rows_of(request, tasks):
    """``tasks`` (``core.tasks.Task``) as rows for the tasks macro, each with the link of its first step."""
    today, application_url = datetime.date.today(), request.application_url
    # NB: most steps are taken on the object's own page, whose path the task has already.
    return [SimpleNamespace(url=path_url(application_url, task.path if task.node is task.obj else path_of(task.node),
                                         task.view),
                            path=task.path, title=task.title, where=task.where, state=task.state, due=task.due,
                            overdue=task.overdue(today), actions=task.actions, transition_names=list(task.steps))
            for task in tasks]


def task_rows(request, limit=200, offset=0):
    """The user's tasks as rows for the tasks macro, soonest deadline first: ``limit`` of them after ``offset``."""
    return rows_of(request, tasks_of(get_site(request), request.registry.oko, request.identity,
                                     limit=offset + limit)[offset:])


def task_page(request, page):
    """``(rows, more)``: the rows of ``page`` (a ``core.web.paging.Page``) and whether a page after it has any."""
    rows = task_rows(request, limit=page.size + 1, offset=page.offset)
    return rows[:page.size], len(rows) > page.size
