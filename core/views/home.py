"""The home page's parts: the counts of one's tasks, shortcuts to the modules one uses, and the domains' blocks.

Each role lands on «Главная» and sees, before anything else, how many of its
tasks are overdue and due this week (each a link to «Мои задачи» so
filtered), then a shortcut to every module it works in (the places it holds a
role on, and the links the domains and the region's plugins name there,
``oko_node_links``). A domain adds a block of its own with
``add_home_block``: the 500+ project gives an operator its one chart, and a
region's readiness to go live may add its list the same way; a block answers
None for whoever it is not for.
"""
import datetime
from types import SimpleNamespace

from markupsafe import Markup

from core.declension import split_person
from core.resources import traverse_path

# How many places a person's shortcuts name (an expert may hold a role on hundreds of dossiers).
PLACES = 6
WHEN = {"overdue": "просрочено", "week": "срок на этой неделе"}


def add_home_block(config, name, block, order=100):
    """Show ``block(request)`` (Markup, or None for whoever it is not for) on everyone's home page.

    Blocks come after the counts and the shortcuts, by ``order`` then ``name``;
    each in a ``<section class="home-block" id="home-NAME">`` of its own.
    """
    blocks = config.registry.__dict__.setdefault("oko_home_blocks", {})
    blocks[name] = (order, block)


def home_blocks(request):
    """``[(name, html)]``: the blocks that have something for this user, in order."""
    blocks = request.registry.__dict__.get("oko_home_blocks", {})
    out = []
    for name, (_, block) in sorted(blocks.items(), key=lambda item: (item[1][0], item[0])):
        html = block(request)
        if html:
            out.append((name, Markup(html)))
    return out


def week_end(today):
    """The Sunday of ``today``'s week: «this week» ends then."""
    return today + datetime.timedelta(days=6 - today.weekday())


def _this_week(due, today):
    return due is not None and today <= due <= week_end(today)


def is_when(row, when, today):
    """Whether a task row is ``when``: "overdue" (its deadline passed) or "week" (due by Sunday, not overdue)."""
    if when == "overdue":
        return bool(row.overdue)
    if when == "week":
        return _this_week(row.due, today)
    return True


def counts(tasks, today=None):
    """The counts of a person's ``tasks`` (``core.tasks.Task``): ``total``, ``overdue``, ``week`` (due by
    Sunday and not overdue), as ``is_when`` tells them of the tasks' rows."""
    today = today or datetime.date.today()
    return SimpleNamespace(total=len(tasks), overdue=sum(1 for task in tasks if task.overdue(today)),
                           week=sum(1 for task in tasks if _this_week(task.due, today)))


def greeting(title):
    """How the page greets a person: by name and patronymic («Игорь Сергеевич»), else by the name as written."""
    parts = split_person(title or "")
    if parts and parts[2] and not parts[1].endswith("."):
        return f"{parts[1]} {parts[2]}"
    return title or ""


def shortcuts(request, user, site, links_of):
    """The modules a person works in: each place it holds a role on, with the links named there.

    ``[SimpleNamespace(title, url, links=[{"title", "url"}])]``; the
    places of many cases (the dossiers an expert scores) are left to «Мои задачи»; one's own few are shown.
    """
    out = []
    paths = list(user.grants)[:50]
    nodes = [node for node in (traverse_path(site, path) for path in paths) if node is not None]
    # NB: one's own few cases (the head's attestation) are places of work; an expert's many dossiers are tasks.
    few_cases = sum(1 for node in nodes if getattr(node, "is_case", False)) <= 2
    for node in nodes:
        if (getattr(node, "is_case", False) and not few_cases) or not request.has_permission("view", node):
            continue
        links = [] if getattr(node, "is_case", False) else links_of(node, request)
        out.append(SimpleNamespace(title=node.title, url=request.resource_url(node), links=links))
        if len(out) == PLACES:
            break
    return out
