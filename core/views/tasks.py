""""Мои задачи": the objects awaiting the user's transitions, with deadlines (``core.web.tasks``)."""
from pyramid.view import view_config

from core.security.permissions import VIEW_HOME
from core.web.tasks import task_rows


@view_config(route_name="tasks", renderer="templates/tasks.pt", request_method="GET", permission=VIEW_HOME)
def tasks(request):
    """All of the user's tasks."""
    return {"tasks": task_rows(request)}
