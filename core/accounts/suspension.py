"""Suspending an account and restoring it: the person is out at once, and nothing of theirs is lost.

A suspended account logs in nowhere: its sessions end (the next request of
the person is anonymous, the API's 401), its links stop working, and a new
password cannot be asked for. Its roles, the cases it took part in and its
journal stay, so that restoring it brings the person back as they were.
No account that owns history is ever deleted: suspension is how one ends.
"""
from core.accounts import access, links
from core.accounts.model import AccountRefused
from core.accounts.places import require_runs
from core.resources import find_root, path_of
from core.security import audit, directory

REASON_MAX = 500


def suspend(node, user, actor, reason, now=None):
    """Suspend ``user``'s account from ``node`` (by an actor who runs it there), saying why."""
    access.SUSPEND.require(node, actor)
    require_runs(node, user, actor)
    reason = " ".join((reason or "").split())
    if not reason:
        raise AccountRefused("Укажите причину: она останется в журнале.", "invalid")
    if len(reason) > REASON_MAX:
        raise AccountRefused(f"Причина длиннее {REASON_MAX} знаков.", "invalid")
    if user.suspended:
        raise AccountRefused(f"Учётная запись {user.title} уже приостановлена.", "order")
    site = find_root(node)
    user.suspended = True
    user.revoke_sessions()
    links.retire(site, user.login)
    directory.refresh(site, user)
    audit.record(site, actor, "suspended", path_of(node), user.login, "", now=now, note=reason)


def restore(node, user, actor, now=None):
    """Restore ``user``'s suspended account from ``node``: they log in as before, with their roles."""
    access.RESTORE.require(node, actor)
    require_runs(node, user, actor)
    if not user.suspended:
        raise AccountRefused(f"Учётная запись {user.title} не приостановлена.", "order")
    user.suspended = False
    directory.refresh(find_root(node), user)
    audit.record(find_root(node), actor, "restored", path_of(node), user.login, "", now=now)
