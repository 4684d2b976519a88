"""Roles of DOMAIN.md and local roles: granted on a node, inherited below it."""
from core.resources import path_of, walk

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

_SCHOOL_LEVEL = {"curator", "school_head", "attestation_officer", "teacher", "expert",
                 "commission_chair", "commission_secretary", "commission_member",
                 "methodologist", "cmm_author"}
# Which roles a holder of a role may grant (on its own subtree only).
GRANTABLE = {
    "federal_operator": set(ROLES),
    "regional_operator": _SCHOOL_LEVEL | {"municipal_coordinator"},
    "municipal_coordinator": _SCHOOL_LEVEL,
}


class RoleError(Exception):
    """A grant or revocation was refused; the message is Russian."""


def local_roles(node):
    """``{login: frozenset(roles)}`` granted on ``node`` itself."""
    return getattr(node, "local_roles", None) or {}


def effective_roles(node, login):
    """The roles ``login`` holds on ``node``: its own plus those of every ancestor."""
    if login is None:
        return frozenset()
    roles = {AUTHENTICATED}
    while node is not None:
        granted = local_roles(node).get(login)
        if granted:
            roles.update(granted)
        node = getattr(node, "__parent__", None)
    return frozenset(roles)


def grantable_roles(actor_roles):
    """The roles a holder of ``actor_roles`` may grant or revoke."""
    allowed = set()
    for role in actor_roles:
        allowed |= GRANTABLE.get(role, set())
    return allowed


def grant(node, user, role, actor_roles=None):
    """Grant ``role`` to ``user`` on ``node``; ``actor_roles`` limits what may be granted."""
    if role not in ROLES:
        raise RoleError(f"Нет такой роли: «{role}».")
    if actor_roles is not None and role not in grantable_roles(actor_roles):
        raise RoleError(f"Вы не можете назначать роль «{ROLES[role]}».")
    current = local_roles(node)
    roles = current.get(user.login, frozenset()) | {role}
    node.local_roles = {**current, user.login: roles}
    user.grants[path_of(node)] = roles


def revoke(node, user, role, actor_roles=None):
    """Take ``role`` on ``node`` away from ``user``."""
    if actor_roles is not None and role not in grantable_roles(actor_roles):
        raise RoleError(f"Вы не можете снимать роль «{ROLES.get(role, role)}».")
    current = dict(local_roles(node))
    roles = current.get(user.login, frozenset()) - {role}
    path = path_of(node)
    if roles:
        current[user.login] = roles
        user.grants[path] = roles
    else:
        current.pop(user.login, None)
        user.grants.pop(path, None)
    node.local_roles = current


def rebase_grants(users, moved, old_path):
    """After ``moved`` left ``old_path``, point its users' grants at the new paths."""
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
