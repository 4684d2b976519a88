""""Мои задачи": the objects awaiting the user's transitions, with deadlines (``core.web.tasks``)."""
import datetime

from pyramid.view import view_config

from core.security.permissions import VIEW_HOME
from core.views.home import WHEN, is_when, week_end
from core.web.tasks import task_rows


@view_config(route_name="tasks", renderer="templates/tasks.pt", request_method="GET", permission=VIEW_HOME)
def tasks(request):
    """All of the user's tasks; ``when=overdue`` or ``when=week`` (due by Sunday) only those, as the home page counts them."""
    rows = task_rows(request)
    when = request.GET.get("when", "")
    if when not in WHEN:
        return {"tasks": rows, "when": None}
    today = datetime.date.today()
    title = WHEN[when] if when != "week" else f"срок до {week_end(today).strftime('%d.%m.%Y')}"
    return {"tasks": [r for r in rows if is_when(r, when, today)], "when": title}
