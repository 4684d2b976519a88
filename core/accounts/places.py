"""Where people are administered: the organisations below a node, found by code, and whose account is whose to run.

An account is run from a node of the tree (the federal level, a region, a
municipality, a school) by those who manage access there. A person is
within a node when everything they hold lies under it: every place they
hold a role and the organisation they were invited to. Only an actor whose
rank on the node is above all of the person's roles runs the account: the
regional operator suspends a municipal coordinator of its region, not a
colleague, and never one who also works in another region.
"""
from core.accounts.model import ORGANISATIONS, AccountRefused
from core.resources import Institution, Municipality, Region, School, path_of
from core.security.roles import effective_roles, local_roles, rank_of, role_title

# The organisations a form offers to pick from: the node and its own organisations, at most so many.
PICKED_AT_MOST = 3000


def code_of(node):
    """The code people know an organisation by ("" for the federal level)."""
    return getattr(node, "code", "") or ""


def label(node):
    """An organisation as a list shows it: its title and code."""
    # NB: a municipality's code is the slug of its address, not a code people know it by.
    code = "" if isinstance(node, Municipality) else code_of(node)
    return f"{node.title} ({code})" if code else node.title


def children(node):
    """The organisations directly under ``node`` (a region's municipalities, a municipality's schools)."""
    # NB: a school (or an institution) holds cases, never organisations: its documents are not read to find that out.
    if isinstance(node, (School, Institution)):
        return []
    # NB: a closed school is offered nowhere: no form, list or finder of codes reaches it from above.
    return [child for child in node.values() if isinstance(child, ORGANISATIONS)
            and getattr(child, "is_open", True)]


def pickable(node):
    """The node and the organisations directly under it, as a form offers them (sorted by title after the node)."""
    below = sorted(children(node)[:PICKED_AT_MOST], key=lambda n: n.title)
    return [node, *below]


def people_here(node):
    """``[(login, organisation, roles)]``: who holds roles on ``node`` and on the organisations directly under it
    (a region's operators and its municipalities' coordinators: those its managers invite)."""
    return [(login, org, roles) for org in (node, *children(node)) for login, roles in local_roles(org).items()]


class OrganisationFinder:
    """Finds the organisations of a subtree by their codes, reading no more of the tree than it must.

    The levels are read one at a time (the node, its regions or municipalities,
    then their schools), and reading stops at the first level after which
    every code asked for is known: a list of municipal coordinators reads no
    school. A code found twice on one level (two regions' municipalities
    both called ``m1``) is ambiguous.
    """

    def __init__(self, node):
        self.node = node
        self.found = {}
        self.ambiguous = set()
        self._level = [node]
        self._add(node)

    def _add(self, node):
        code = code_of(node).lower()
        if not code:
            return
        other = self.found.get(code)
        if other is not None and other is not node:
            self.ambiguous.add(code)
        else:
            self.found[code] = node

    def _read_level(self):
        below = [child for node in self._level for child in children(node)]
        for node in below:
            self._add(node)
        self._level = below

    def find(self, codes):
        """``{code: node}`` of ``codes`` (as typed, compared without case) found below the node."""
        wanted = {c.strip().lower() for c in codes if c and c.strip()}
        while self._level and not wanted <= set(self.found):
            self._read_level()
        return {c: self.found[c] for c in wanted if c in self.found}


def _places(user):
    places = set(user.grants.keys())
    if user.organisation:
        places.add(user.organisation)
    return places


def _under(path, top):
    return top == "/" or path == top or path.startswith(top + "/")


def within(node, user):
    """Whether everything ``user`` holds lies under ``node`` (their roles' places and their organisation)."""
    top, places = path_of(node), _places(user)
    return top == "/" or (bool(places) and all(_under(p, top) for p in places))


def works_under(node, user):
    """Whether ``user`` holds anything under ``node``: their card may be seen from there."""
    top = path_of(node)
    return top == "/" or any(_under(p, top) for p in _places(user))


def all_roles(user):
    """Every role ``user`` holds, wherever."""
    return {role for roles in user.grants.values() for role in roles}


def require_runs(node, user, actor):
    """Refuse (``forbidden``, Russian) unless ``actor`` runs ``user``'s account from ``node``."""
    if user.login == actor:
        raise AccountRefused("Своей учётной записью так распорядиться нельзя: обратитесь к оператору уровнем выше.",
                             "forbidden")
    if not within(node, user):
        raise AccountRefused(f"{user.title} работает и за пределами «{node.title}»: этой учётной записью "
                             "распоряжается оператор уровнем выше.", "forbidden")
    held = all_roles(user)
    if rank_of(effective_roles(node, actor)) <= rank_of(held):
        top = max(held, key=lambda r: rank_of({r}))
        raise AccountRefused(f"{user.title} (роль «{role_title(top)}»): этой учётной записью распоряжается "
                             "оператор уровнем выше.", "forbidden")


def level_title(node):
    """The kind of an organisation in the genitive, for a page's heading ("региона", "школы")."""
    for kind, title in ((Region, "региона"), (Municipality, "муниципалитета"), (School, "школы"),
                        (Institution, "учреждения")):
        if isinstance(node, kind):
            return title
    return "федерального уровня"
