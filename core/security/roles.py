"""Roles of DOMAIN.md and local roles: granted on a node, inherited below it.

Two kinds of role, two ways to hand one out:

- **Tree roles** (``TREE_ROLES``) say where a person works: an operator of a
  region, a municipality's coordinator, a school's head. Whoever manages
  access on a node grants them there (the access page, ``@@roles`` in the
  API), and only when the actor holds a role ranked above the one granted.
- **Step roles** (``STEP_ROLES``) come with a duty in a case: a curator of a
  school in the 500+ project, an expert drawn for a dossier, a member of a
  commission, a school's attestation officer. Only the domain step that
  hands the duty out grants them, because that step checks what the duty
  forbids (an attestee on its own commission, an expert of its own
  municipality); the access page refuses them and says which step to use.

Pseudo-roles (``PSEUDO_ROLES``) are held on one object only, like Plone's
Owner: an attestee on its own dossier, an act's own reader on that act.

Nobody grants or revokes a role of their own, and every change, whichever
way it was made, goes to the audit journal (``core.security.audit``).
"""
import datetime
import functools
from collections.abc import Mapping

from core.refused import StepRefused
from core.resources import find_root, path_of, walk
from core.security import audit, directory
from core.security.titles import (  # noqa: F401  (imported from here by the domains)
    ACT_READER,
    ATTESTEE,
    AUTHENTICATED,
    PSEUDO_ROLES,
    ROLE_TITLES,
    ROLES,
    role_title,
)

# Tree roles by rank: a grant needs a role of a higher rank on the node.
TREE_ROLES = {
    "federal_operator": 4,
    "regional_operator": 3,
    "municipal_coordinator": 2,
    "school_head": 1,
    "teacher": 0,
    "methodologist": 0,
    "cmm_author": 0,
}
# Step roles, and the step (as the refusal names it) that hands each out.
STEP_ROLES = {
    "curator": "назначение куратора школы в проекте «500+»",
    "expert": "назначение экспертов (экспертиза «500+», аттестация руководителей и педагогов)",
    "commission_chair": "состав аттестационной комиссии",
    "commission_secretary": "состав аттестационной комиссии",
    "commission_member": "состав аттестационной комиссии",
    "attestation_officer": "приказ руководителя о назначении ответственного за аттестацию",
}


class RoleError(StepRefused):
    """A grant or revocation was refused; the message is Russian (403 unless said otherwise)."""

    STATUSES = {"forbidden": 403}
    ERROR = "role_refused"

    def __init__(self, message, code="forbidden"):
        super().__init__(message, code)


def local_roles(node):
    """``{login: frozenset(roles)}`` granted on ``node`` itself."""
    return getattr(node, "local_roles", None) or {}


def today():
    """The day grants are checked on: today (a test sets another by replacing this function)."""
    return datetime.date.today()


def checked_day():
    """The day grants are checked on, as ``today`` says now (import this, not ``today``: a test replaces that)."""
    return today()


def in_term(term, day):
    """Whether a grant of ``term`` (``(start, end)``, either None; None: no term) holds on ``day``."""
    if term is None:
        return True
    start, end = term
    return (start is None or start <= day) and (end is None or day <= end)


def _current(node, login, granted, day):
    terms = getattr(node, "role_terms", None)
    if not terms:
        return granted
    return frozenset(r for r in granted if in_term(terms.get((login, r)), day))


def term_of(node, login, role):
    """``(start, end)`` of ``login``'s grant of ``role`` on ``node`` (None: no dates)."""
    return (getattr(node, "role_terms", None) or {}).get((login, role))


def granted_by(node, login, role):
    """``(actor, at)`` of ``login``'s grant of ``role`` on ``node`` as the node keeps it, or None (granted before
    nodes kept it: the audit journal tells)."""
    return (getattr(node, "grant_notes", None) or {}).get((login, role))


def effective_roles(node, login, day=None):
    """The roles ``login`` holds on ``node`` on ``day`` (today): its own plus those of every ancestor.

    A grant with a term (``grant(..., start=, end=)``) counts only from its
    start to its end, both included: an expired grant stops working by
    itself when it is checked, no job has to take it away, and the access
    page shows it as history. A node may block roles from above
    (``blocks_inherited``, Plone's "block inheritance" for chosen roles): a
    leader attestation campaign keeps its own commission and experts, and a
    role of that name held on the region does not reach into it.
    """
    if login is None:
        return frozenset()
    roles = {AUTHENTICATED}
    blocked = frozenset()
    while node is not None:
        granted = local_roles(node).get(login)
        if granted:
            granted = _current(node, login, granted, day or today())
            roles.update(granted - blocked if blocked else granted)
        blocked = blocked | getattr(node, "blocks_inherited", frozenset())
        node = getattr(node, "__parent__", None)
    return frozenset(roles)


class RolesAlong:
    """``effective_roles`` of one login on one day for many nodes, each ancestor read once (``core.tasks``).

    The same answer as ``effective_roles(node, login, day)``, from the
    recurrence it walks: the roles held on a node are those granted on it
    plus those held on its parent less the ones the node blocks. A node's
    answer is kept for the life of this object (one request), so the
    objects under one school or region read that school or region once.
    """

    def __init__(self, login, day=None):
        self.login, self.day = login, day or today()
        self._held = {}

    def __call__(self, node):
        """The roles ``login`` holds on ``node`` (``effective_roles``)."""
        if self.login is None:
            return frozenset()
        return self._along(node) | {AUTHENTICATED}

    def _along(self, node):
        if node is None:
            return frozenset()
        kept = self._held.get(id(node))
        if kept is not None:
            return kept[1]
        above = self._along(getattr(node, "__parent__", None))
        blocks = getattr(node, "blocks_inherited", None)
        granted = local_roles(node).get(self.login)
        held = above - blocks if blocks else above
        if granted:
            held = held | _current(node, self.login, granted, self.day)
        # NB: the node is kept with its answer, so its id is never another node's while the answer lives.
        self._held[id(node)] = (node, held)
        return held


class CurrentGrants(Mapping):
    """``{path: roles}`` of one user's grants that hold on a day, and what «Мои задачи» asks of them, read once.

    ``places``: the paths each role is held on; ``tops``: the first names of
    the paths (the regions reached; "" for the root). Kept on the user between
    requests (``current_grants``), so a curator of 4,000 schools does not go
    over 4,000 grants at every request.
    """

    def __init__(self, grants):
        self._grants = grants

    def __getitem__(self, path):
        return self._grants[path]

    def __iter__(self):
        return iter(self._grants)

    def __len__(self):
        return len(self._grants)

    @functools.cached_property
    def places(self):
        """``{role: frozenset of paths}`` the roles are held on."""
        places = {}
        for path, roles in self._grants.items():
            for role in roles:
                places.setdefault(role, set()).add(path)
        return {role: frozenset(paths) for role, paths in places.items()}

    @functools.cached_property
    def tops(self):
        """The first names of the paths granted on: region codes, "" for the root."""
        return frozenset(path.lstrip("/").partition("/")[0] for path in self._grants)


def current_grants(user, day=None):
    """``CurrentGrants`` of ``user``'s grants that hold on ``day`` (today): what tasks and search read.

    Kept in a volatile attribute of the user with the version of its grants
    (``_changed``): a change in another transaction turns the user into a
    ghost, which forgets it; one in this transaction moves the version.
    """
    day = day or today()
    key = (getattr(user, "grants_version", 0), day)
    kept = getattr(user, "_v_current_grants", None)
    if kept is not None and kept[0] == key:
        return kept[1]
    terms = getattr(user, "grant_terms", None)
    grants = dict(user.grants.items())
    if terms:
        current = {}
        for path, roles in grants.items():
            roles = frozenset(r for r in roles if in_term(terms.get((path, r)), day))
            if roles:
                current[path] = roles
        grants = current
    answer = CurrentGrants(grants)
    user._v_current_grants = (key, answer)
    return answer


def _changed(user):
    # NB: every change of a user's grants or their terms moves this, so what current_grants kept is not read again.
    user.grants_version = getattr(user, "grants_version", 0) + 1


def term_text(term):
    """A term as a person reads it: «с 01.09.2026 по 31.08.2027» ("" for none)."""
    if not term:
        return ""
    start, end = term
    parts = ([f"с {start:%d.%m.%Y}"] if start else []) + ([f"по {end:%d.%m.%Y}"] if end else [])
    return " ".join(parts)


def require_role(node, actor, roles, message, refusal=StepRefused):
    """Refuse with ``message`` (``forbidden``) unless ``actor`` holds one of ``roles`` on ``node``."""
    if not effective_roles(node, actor) & set(roles):
        raise refusal(message, "forbidden")


def rank_of(roles):
    """The highest rank among ``roles`` (-1 when none of them is a tree role)."""
    return max((TREE_ROLES[r] for r in roles if r in TREE_ROLES), default=-1)


def grantable_roles(actor_roles):
    """The tree roles a holder of ``actor_roles`` may grant or revoke on the access page."""
    rank = rank_of(actor_roles)
    return {role for role, needed in TREE_ROLES.items() if needed < rank}


def _check_actor(user, actor):
    if actor is not None and actor == user.login:
        raise RoleError("Свои роли нельзя назначать или снимать самому себе: "
                        "обратитесь к оператору уровнем выше.")


def _set(node, user, roles):
    current = dict(local_roles(node))
    path = path_of(node)
    if roles:
        current[user.login] = frozenset(roles)
        user.grants[path] = frozenset(roles)
    else:
        current.pop(user.login, None)
        user.grants.pop(path, None)
    _changed(user)
    node.local_roles = current
    directory.refresh(find_root(node), user)


def _keep(node, user, role, term, note):
    """Keep ``role``'s term (None: none) and who granted it when on ``node`` and on ``user``."""
    key, path = (user.login, role), path_of(node)
    terms = dict(getattr(node, "role_terms", None) or {})
    user_terms = dict(getattr(user, "grant_terms", None) or {})
    if term is None:
        terms.pop(key, None)
        user_terms.pop((path, role), None)
    else:
        terms[key] = term
        user_terms[(path, role)] = term
    if terms or getattr(node, "role_terms", None):
        node.role_terms = terms
    if user_terms or getattr(user, "grant_terms", None):
        user.grant_terms = user_terms
        _changed(user)
    notes = dict(getattr(node, "grant_notes", None) or {})
    if note is None:
        notes.pop(key, None)
    else:
        notes[key] = note
    if notes or getattr(node, "grant_notes", None):
        node.grant_notes = notes


def check_term(start, end):
    """``(start, end)`` of a grant, or None without dates; RoleError (``invalid``) when it ends before it starts."""
    if start is not None and end is not None and end < start:
        raise RoleError(f"Дата окончания роли ({end:%d.%m.%Y}) раньше даты начала ({start:%d.%m.%Y}): "
                        "исправьте даты.", "invalid")
    return (start, end) if start is not None or end is not None else None


def grant(node, user, role, actor=None, via="", now=None, start=None, end=None):
    """Grant ``role`` to ``user`` on ``node`` as part of a step taken by ``actor`` (None: the system).

    ``start`` and ``end`` (dates, both included) limit the grant to a term: a
    commission for a campaign, a curator for a year. The low-level grant
    every domain step uses: it checks only that the role exists, the term,
    and that nobody grants to themselves, and writes the audit journal. The
    access page and the API use ``grant_on_access``, which also checks the
    kind of role and the actor's rank. Granting a held role again with
    another term changes the term (journaled); with the same, nothing.
    """
    if role not in ROLE_TITLES:
        raise RoleError(f"Нет такой роли: «{role}».", "invalid")
    term = check_term(start, end)
    _check_actor(user, actor)
    held = local_roles(node).get(user.login, frozenset())
    if role in held and term_of(node, user.login, role) == term:
        return
    at = now or datetime.datetime.now(datetime.timezone.utc)
    _set(node, user, held | {role})
    _keep(node, user, role, term, (actor or audit.SYSTEM, at))
    audit.record(find_root(node), actor, "grant", path_of(node), user.login, role, via, at, note=term_text(term))


def revoke(node, user, role, actor=None, via="", now=None):
    """Take ``role`` on ``node`` away from ``user`` (a step of ``actor``; None: the system); journaled."""
    _check_actor(user, actor)
    held = local_roles(node).get(user.login, frozenset())
    if role not in held:
        return
    _set(node, user, held - {role})
    _keep(node, user, role, None, None)
    audit.record(find_root(node), actor, "revoke", path_of(node), user.login, role, via, now)


def _check_on_access(role, actor_roles, verb):
    if role in STEP_ROLES:
        raise RoleError(f"Роль «{role_title(role)}» {verb} только на своём шаге: {STEP_ROLES[role]}.")
    if role not in TREE_ROLES:
        raise RoleError(f"Нет такой роли: «{role}».", "invalid")
    if role not in grantable_roles(actor_roles):
        raise RoleError(f"Вы не можете {'назначать' if verb == 'назначает' else 'снимать'} роль «{role_title(role)}»: "
                        f"её {verb} оператор уровнем выше.")


def grant_on_access(node, user, role, actor, actor_roles, start=None, end=None):
    """Grant a tree role on the access page (or through ``@@roles``): only below the actor's own rank, for the
    term ``start``..``end`` when given."""
    _check_on_access(role, actor_roles, "назначает")
    grant(node, user, role, actor, via="access", start=start, end=end)


def revoke_on_access(node, user, role, actor, actor_roles):
    """Revoke a tree role on the access page: the same rules as granting it."""
    _check_on_access(role, actor_roles, "снимает")
    revoke(node, user, role, actor, via="access")


def rebase_grants(users, moved, old_path):
    """After ``moved`` left ``old_path``, point its users' grants (and their organisation) at the new paths."""
    new_path = path_of(moved)
    for node in walk(moved):
        for login in local_roles(node):
            user = users.get(login)
            if user is None:
                continue
            node_path = path_of(node)
            was = old_path + node_path[len(new_path):]
            roles = user.grants.pop(was, None)
            if roles is not None:
                user.grants[node_path] = roles
                _changed(user)
            terms = getattr(user, "grant_terms", None)
            if terms and any(path == was for path, _ in terms):
                user.grant_terms = {(node_path if path == was else path, role): term
                                    for (path, role), term in terms.items()}
                _changed(user)
            place = user.organisation
            if place == old_path or place.startswith(old_path + "/"):
                user.organisation = new_path + place[len(old_path):]
            directory.refresh(find_root(moved), user)
