""""Мои задачи": the objects awaiting the user's transitions, with deadlines (``core.web.tasks``)."""
import datetime

from pyramid.view import view_config

from core.security.permissions import VIEW_HOME
from core.views.home import WHEN, is_when, week_end
from core.web.paging import requested_page
from core.web.tasks import TASKS_PER_PAGE, task_page, task_rows


@view_config(route_name="tasks", renderer="templates/tasks.pt", request_method="GET", permission=VIEW_HOME)
def tasks(request):
    """The user's tasks a page at a time; ``when=overdue`` or ``when=week`` (due by Sunday) only those, as the
    home page counts them."""
    when = request.GET.get("when", "")
    if when not in WHEN:
        page = requested_page(request, TASKS_PER_PAGE)
        rows, more = task_page(request, page)
        url = request.route_url("tasks")
        return {"tasks": rows, "when": None, "page": page.number,
                "prev_url": f"{url}?page={page.number - 1}" if page.number > 1 else None,
                "next_url": f"{url}?page={page.number + 1}" if more else None}
    rows = task_rows(request)
    today = datetime.date.today()
    title = WHEN[when] if when != "week" else f"срок до {week_end(today).strftime('%d.%m.%Y')}"
    return {"tasks": [r for r in rows if is_when(r, when, today)], "when": title, "page": 1,
            "prev_url": None, "next_url": None}
