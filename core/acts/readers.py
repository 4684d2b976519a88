"""An act's own readers: people outside its authority's roles who must read it in every state.

The attestation commission decides, and the regional operator's register
keeps the protocol and the order drafted from those decisions; the chair,
the secretary and the members hold their roles on the campaign, not on the
region, so the act's workflow alone would not show them a draft. They get
the pseudo-role ``act_reader`` on the act itself (like the attestee on its
own dossier): view, nothing else, and on no other act.
"""
from core.defaults.workflows import ACT_READER
from core.resources import path_of


def readers(act):
    """The logins that hold ``act_reader`` on ``act``."""
    return sorted(login for login, roles in (getattr(act, "local_roles", None) or {}).items()
                  if ACT_READER in roles)


def set_readers(act, users, logins):
    """Make exactly ``logins`` the readers of ``act`` (others lose the pseudo-role); ``users`` the site's users.

    Kept in each user's grants too, so the act is among the places and
    search results of its readers.
    """
    wanted = set(logins)
    current = dict(getattr(act, "local_roles", None) or {})
    path = path_of(act)
    for login in set(current) | wanted:
        roles = set(current.get(login, ()))
        roles = roles | {ACT_READER} if login in wanted else roles - {ACT_READER}
        user = users.get(login)
        if roles:
            current[login] = frozenset(roles)
            if user is not None:
                user.grants[path] = frozenset(roles)
        else:
            current.pop(login, None)
            if user is not None:
                user.grants.pop(path, None)
    act.local_roles = current
