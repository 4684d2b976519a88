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
from core.refused import StepRefused
from core.resources import find_root, path_of, walk
from core.security import audit

ROLES = {
    "federal_operator": "Федеральный оператор",
    "regional_operator": "Региональный оператор",
    "municipal_coordinator": "Муниципальный координатор",
    "curator": "Куратор ОО",
    "school_head": "Руководитель ОО",
    "attestation_officer": "Ответственный за аттестацию в ОО",
    "teacher": "Педагог",
    "expert": "Эксперт",
    "commission_chair": "Председатель аттестационной комиссии",
    "commission_secretary": "Секретарь аттестационной комиссии",
    "commission_member": "Член аттестационной комиссии",
    "methodologist": "Методист",
    "cmm_author": "Эксперт-разработчик КИМ",
}

# Every logged-in user holds this pseudo-role everywhere.
AUTHENTICATED = "authenticated"
# The pseudo-role a participant holds on its own attestation dossier (a school
# leader in a campaign, a teacher in the school's year).
ATTESTEE = "attestee"
# The pseudo-role of an act's own readers (``core.acts.readers``).
ACT_READER = "act_reader"
PSEUDO_ROLES = {ATTESTEE: "Аттестуемый", ACT_READER: "Читатель акта"}
ROLE_TITLES = {**ROLES, **PSEUDO_ROLES}

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


def role_title(role):
    """A role (or pseudo-role) as a person reads it."""
    return ROLE_TITLES.get(role, role)


def local_roles(node):
    """``{login: frozenset(roles)}`` granted on ``node`` itself."""
    return getattr(node, "local_roles", None) or {}


def effective_roles(node, login):
    """The roles ``login`` holds on ``node``: its own plus those of every ancestor.

    A node may block roles from above (``blocks_inherited``, Plone's "block
    inheritance" for chosen roles): a leader attestation campaign keeps its
    own commission and experts, and a role of that name held on the region
    does not reach into it.
    """
    if login is None:
        return frozenset()
    roles = {AUTHENTICATED}
    blocked = frozenset()
    while node is not None:
        granted = local_roles(node).get(login)
        if granted:
            roles.update(granted - blocked if blocked else granted)
        blocked = blocked | getattr(node, "blocks_inherited", frozenset())
        node = getattr(node, "__parent__", None)
    return frozenset(roles)


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
    node.local_roles = current


def grant(node, user, role, actor=None, via="", now=None):
    """Grant ``role`` to ``user`` on ``node`` as part of a step taken by ``actor`` (None: the system).

    The low-level grant every domain step uses: it checks only that the role
    exists and that nobody grants to themselves, and writes the audit journal.
    The access page and the API use ``grant_on_access``, which also checks
    the kind of role and the actor's rank.
    """
    if role not in ROLE_TITLES:
        raise RoleError(f"Нет такой роли: «{role}».", "invalid")
    _check_actor(user, actor)
    held = local_roles(node).get(user.login, frozenset())
    if role in held:
        return
    _set(node, user, held | {role})
    audit.record(find_root(node), actor, "grant", path_of(node), user.login, role, via, now)


def revoke(node, user, role, actor=None, via="", now=None):
    """Take ``role`` on ``node`` away from ``user`` (a step of ``actor``; None: the system); journaled."""
    _check_actor(user, actor)
    held = local_roles(node).get(user.login, frozenset())
    if role not in held:
        return
    _set(node, user, held - {role})
    audit.record(find_root(node), actor, "revoke", path_of(node), user.login, role, via, now)


def _check_on_access(role, actor_roles, verb):
    if role in STEP_ROLES:
        raise RoleError(f"Роль «{role_title(role)}» {verb} только на своём шаге: {STEP_ROLES[role]}.")
    if role not in TREE_ROLES:
        raise RoleError(f"Нет такой роли: «{role}».", "invalid")
    if role not in grantable_roles(actor_roles):
        raise RoleError(f"Вы не можете {'назначать' if verb == 'назначает' else 'снимать'} роль «{role_title(role)}»: "
                        f"её {verb} оператор уровнем выше.")


def grant_on_access(node, user, role, actor, actor_roles):
    """Grant a tree role on the access page (or through ``@@roles``): only below the actor's own rank."""
    _check_on_access(role, actor_roles, "назначает")
    grant(node, user, role, actor, via="access")


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
            roles = user.grants.pop(old_path + node_path[len(new_path):], None)
            if roles is not None:
                user.grants[node_path] = roles
            place = user.organisation
            if place == old_path or place.startswith(old_path + "/"):
                user.organisation = new_path + place[len(old_path):]
