"""An act's own readers: people outside its authority's roles who must read it in every state.

The attestation commission decides, and the regional operator's register
keeps the protocol and the order drafted from those decisions; the chair,
the secretary and the members hold their roles on the campaign, not on the
region, so the act's workflow alone would not show them a draft. They get
the pseudo-role ``act_reader`` on the act itself (like the attestee on its
own dossier): view, nothing else, and on no other act.
"""
from core.security.roles import ACT_READER, grant, local_roles, revoke


def readers(act):
    """The logins that hold ``act_reader`` on ``act``."""
    return sorted(login for login, roles in local_roles(act).items() if ACT_READER in roles)


def set_readers(act, users, logins):
    """Make exactly ``logins`` the readers of ``act`` (others lose the pseudo-role); ``users`` the site's users.

    Kept in each user's grants too, so the act is among the places and
    search results of its readers. NB: granted by the system, not the step's
    actor: who reads follows from the commission and the decisions, and the
    actor may well be one of the readers.
    """
    wanted = set(logins)
    for login in sorted(set(local_roles(act)) | wanted):
        user = users.get(login)
        if user is None:
            continue
        if login in wanted:
            grant(act, user, ACT_READER, via="act_readers")
        else:
            revoke(act, user, ACT_READER, via="act_readers")
