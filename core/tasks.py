"""What awaits each person: «Мои задачи», the API's tasks and `oko remind` all read it here.

Every object that awaits someone says which steps, from whom, by when and
where (the process protocol, ``core.workflow.process.awaited``). The
catalog finds the objects in the tree that await a role in a person's places
(``awaiting_roles``), or that are due; a process may bring objects the
catalog does not hold (``awaiting`` of ``oko_processes``: CMM items). Of the
steps an object awaits, those awaiting one person make that person's
``Task`` on it.
"""
import datetime
import typing
from typing import Optional

from core.catalog import Query, due_day
from core.resources import Municipality, Region, School, path_of
from core.security.roles import ROLE_TITLES, RolesAlong, current_grants, local_roles
from core.workflow.process import awaited


class Task(typing.NamedTuple):
    """What awaits one person on one object: its steps, by when, and the page of the first.

    NB: a named tuple, not a frozen dataclass: «Мои задачи» makes 50 a page, and a frozen dataclass of ten
    fields is built at three times the cost.
    """

    obj: object
    path: str
    title: str
    where: str
    state: str
    due: Optional[datetime.date]
    steps: tuple        # the steps' codes (a workflow's transition names), in the object's order
    actions: str        # their titles, as a person reads them
    node: object        # the node whose page the first step is taken on
    view: str           # that page's view name ("" the node's own page)

    def overdue(self, today):
        """Whether the task's deadline passed before ``today``."""
        return bool(self.due and self.due < today)


class _Above:
    """What the tasks of one person read of the nodes above their objects, each node read once.

    For a node: the roles the person holds on it (``RolesAlong``), its
    region's code (``region_code_of``) and the organisation it belongs to
    (the nearest school, municipality or region at or above it). Kept for
    one call of ``tasks_of`` or ``overdue``: 200 tasks under 4,000 schools
    read each region and municipality once, not once a task.
    """

    def __init__(self, login):
        self.roles = RolesAlong(login)
        self._places = {}

    def place(self, node):
        """``(region code, organisation)`` of ``node``: both None above the regions."""
        if node is None:
            return None, None
        kept = self._places.get(id(node))
        if kept is None:
            region, org = self.place(node.__parent__)
            if isinstance(node, Region):
                region = node.code
            if isinstance(node, (School, Municipality, Region)):
                org = node      # NB: the nearest organisation, as find_interface would find it from the node up
            kept = self._places[id(node)] = (node, region, org)
        return kept[1], kept[2]


def _where(org):
    # NB: the organisation the object belongs to, never a folder on the way («Акты», «Участники»).
    return org.title if org is not None else "Российская Федерация"


def _state(host, obj, region):
    # NB: an object without a workflow (a 500+ participation, a teacher's dossier) has no state to name:
    # what it awaits is its steps, in the task's actions.
    if getattr(obj, "workflow_name", None) is None:
        return ""
    return host.workflow(region, obj.workflow_name).state_of(obj).title


def task_for(host, obj, login, before=None, above=None):
    """The ``Task`` of ``login`` on ``obj``, or None when no step of it awaits that person.

    ``before``: only the steps due before that day (the overdue ones).
    ``above``: what was read of the nodes above other objects of the same
    person (``_Above``), to read once for many objects.
    """
    above = above or _Above(login)
    region, _ = above.place(obj)
    roles = above.roles(obj)
    mine = [step for step in awaited(host, obj, region) if step.awaits(login, roles)]
    if before is not None:
        mine = [step for step in mine if step.due is not None and step.due < before]
    if not mine:
        return None
    dues = [step.due for step in mine if step.due is not None]
    page = mine[0].view
    # NB: a step taken on another node's page is one of its views (``@@``); one of the object's own is
    # a name under it, as the object's pages have always been linked.
    node, view = (page[0], f"@@{page[1]}" if page[1] else "") if isinstance(page, tuple) else (obj, page)
    _, org = above.place(obj.__parent__)
    return Task(obj, path_of(obj), obj.title, _where(org), _state(host, obj, region), min(dues) if dues else None,
                tuple(step.step for step in mine), ", ".join(step.title for step in mine), node, view)


def _brought(host, site, grants, found):
    """The objects the processes bring (``awaiting``) that are not in ``found`` already."""
    seen = None
    for process in host.processes().values():
        bring = process.get("awaiting")
        for obj in bring(site, grants) if bring is not None else ():
            # NB: the paths of what the catalog found, only when a process brings something.
            seen = {path_of(found_obj) for found_obj in found} if seen is None else seen
            path = path_of(obj)
            if path not in seen:
                seen.add(path)
                yield obj


def _soonest_first(objs):
    # NB: stable: what the catalog sorted by deadline keeps its order.
    return sorted(objs, key=lambda obj: getattr(obj, "due", None) or datetime.date.max)


def tasks_of(site, host, user, limit=200):
    """The tasks of ``user`` (its login and grants), soonest deadline first, at most ``limit``."""
    if user is None:
        return []
    grants = current_grants(user)
    found = Query(site).awaiting(grants.places, limit=limit)
    objs = _soonest_first(found + list(_brought(host, site, grants, found)))
    above = _Above(user.login)
    tasks = (task_for(host, obj, user.login, above=above) for obj in objs)
    return [task for task in tasks if task is not None][:limit]


def _holders(obj, roles):
    """The logins holding one of ``roles`` on ``obj`` or above it (candidates: a block above is checked later)."""
    logins, node = set(), obj
    while node is not None:
        logins.update(login for login, held in local_roles(node).items() if set(held) & roles)
        node = node.__parent__
    return logins


def overdue(site, host, today):
    """``{login: [Task]}``: for each person, the steps awaiting them whose deadline passed before ``today``.

    Who is awaited: the holders, on the object or above it (local roles), of
    the roles a late step awaits, whom the step awaits (``Awaited.awaits``).
    """
    query = Query(site)
    catalog = query.catalog
    # NB: pseudo-roles too: a teacher's own steps await the attestee of the dossier.
    due = catalog["due"].lt(due_day(today)) & catalog["awaiting"].any(sorted(ROLE_TITLES))
    found = [obj for obj in map(query.resolve, due.execute().all(resolve=False)) if obj is not None]
    tasks = {}
    for obj in found + list(_brought(host, site, None, found)):
        late = [step for step in awaited(host, obj) if step.due is not None and step.due < today]
        if not late:
            continue
        for login in sorted(_holders(obj, frozenset().union(*(step.roles for step in late)))):
            task = task_for(host, obj, login, before=today)
            if task is not None:
                tasks.setdefault(login, []).append(task)
    for mine in tasks.values():
        mine.sort(key=lambda task: (task.due, task.path))
    return tasks
