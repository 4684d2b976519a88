"""The audit journal: an append-only record of who changed access, what, where and when.

Every grant and revocation of a role goes here, whether a person made it on
the access page (or ``@@roles`` in the API) or a domain step handed the role
out (a curator assigned, an expert drawn, a commission appointed, a teacher's
account opened); so does the life of every account (``core.accounts``):
created, invited, invitation accepted, suspended and restored, a new
password asked for and set; and so do the changes of the organisation tree
(an import, a school moved, edited, closed). Entries are never rewritten or
removed.

The journal is one site service: entries in a ``LOBTree`` keyed by a number
that grows with time, and two indexes (``OOBTree`` -> ``LLTreeSet`` of keys,
negated so that they iterate newest first): by path, so that a node's access
page reads one page of its own entries (or of its whole subtree) without
scanning the rest, and by the person it is about, which is an account's
history. NB: two concurrent grants add different keys; BTrees resolve such
writes to one bucket without a conflict, so the journal is no hot spot.
"""
import dataclasses
import datetime
import itertools
import random

from BTrees.LLBTree import LLTreeSet, intersection, multiunion
from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from core.compact import Compact

SERVICE = "audit"
# What a person reads for each kind of entry: changes of access, then the life of accounts.
ACCESS_ACTIONS = {"grant": "назначена роль", "revoke": "снята роль"}
ACCOUNT_ACTIONS = {
    "account_created": "создана учётная запись",
    "invited": "выслано приглашение",
    "invitation_accepted": "принято приглашение, задан пароль",
    "suspended": "учётная запись приостановлена",
    "restored": "учётная запись восстановлена",
    "reset_requested": "выслана ссылка для смены пароля",
    "password_reset": "пароль задан заново по ссылке",
    "profile_changed": "изменён профиль",
    "email_changed": "изменён адрес эл. почты",
}
# Changes of the organisation tree (``core.orgimport``, ``core.orgs``): the note says what changed.
ORG_ACTIONS = {
    "orgs_imported": "загружены организации из файла",
    "region_renamed": "регион переименован",
    "municipality_renamed": "муниципалитет переименован",
    "school_moved": "школа перемещена в другой муниципалитет",
    "school_renamed": "школа переименована",
    "org_added": "добавлена организация",
    "org_changed": "изменены сведения об организации",
    "school_closed": "школа закрыта",
    "school_reopened": "школа снова открыта",
}
ACTIONS = {**ACCESS_ACTIONS, **ACCOUNT_ACTIONS, **ORG_ACTIONS}
# The kinds a journal is filtered by (``AuditLog.select``), and how a person reads them.
KINDS = {"access": "роли", "accounts": "учётные записи", "orgs": "организации"}


def kind_of(action):
    """The kind of an action: ``"access"`` (roles), ``"orgs"`` (the tree) or ``"accounts"``."""
    if action in ACCESS_ACTIONS:
        return "access"
    return "orgs" if action in ORG_ACTIONS else "accounts"
SYSTEM = "система"


@dataclasses.dataclass(frozen=True)
class AuditEntry(Compact):
    """One change of access: who (``actor``), what (``action``, ``role``, whose: ``subject``), where, when, how."""

    at: datetime.datetime
    actor: str
    action: str
    path: str
    subject: str
    role: str
    via: str = ""
    # What the actor said (why an account was suspended); entries stored before it load with "".
    note: str = ""

    @property
    def action_title(self):
        """The action as a person reads it."""
        return ACTIONS.get(self.action, self.action)


class AuditLog(Persistent):
    """The site's append-only audit journal."""

    # NB: class defaults: a journal stored before these indexes gets them from an evolve step; until
    # then ``append`` leaves them be, an account's history reads empty and the filter by kind finds nothing.
    by_subject = None
    by_kind = None

    def __init__(self):
        self.entries = LOBTree()
        self.by_path = OOBTree()
        self.by_subject = OOBTree()
        self.by_kind = OOBTree()

    def _new_key(self, at):
        # NB: microseconds since the epoch, then 10 bits: keys sort by time. The first
        # entry of a microsecond takes a random slot in its lower half, so that two
        # processes writing in the same microsecond do not collide; the entries that
        # follow it at the same time (a step passing one ``now``: an account created,
        # its role granted, its invitation sent) take the next keys, in the order they
        # were written, past the microsecond's slots if there are more of them.
        base = int(at.timestamp() * 1_000_000) << 10
        # NB: the last key given for this time, in this process (a volatile attribute): a step that
        # writes ten thousand entries at one time finds the next free key at once, not by walking
        # past all it wrote before.
        last = self._v_last if getattr(self, "_v_base", None) == base else None
        if last is None:
            try:
                last = self.entries.maxKey(base | 1023)
            except ValueError:
                last = None
        key = base | random.getrandbits(9) if last is None or last < base else last + 1
        while key in self.entries:
            key += 1
        self._v_base, self._v_last = base, key
        return key

    def append(self, entry):
        """Add ``entry``; returns its key."""
        key = self._new_key(entry.at)
        self.entries[key] = entry
        _file(self.by_path, entry.path, key)
        self._file_more(key, entry)
        return key

    def _file_more(self, key, entry):
        if self.by_subject is not None and entry.subject:
            _file(self.by_subject, entry.subject, key)
        if self.by_kind is not None:
            _file(self.by_kind, kind_of(entry.action), key)

    def index_people_and_kinds(self):
        """Make the indexes by person and by kind from the entries (an evolve step: journals stored before them)."""
        self.by_subject, self.by_kind = OOBTree(), OOBTree()
        for key, entry in self.entries.items():
            self._file_more(key, entry)

    def for_path(self, path, offset=0, limit=50):
        """``(entries, total)``: the entries about the node at ``path``, newest first, one page."""
        keys = self.by_path.get(path)
        if keys is None:
            return [], 0
        return [self.entries[-key] for key in itertools.islice(keys, offset, offset + limit)], len(keys)

    def for_subject(self, login, offset=0, limit=50):
        """``(entries, total)``: the entries about the person ``login`` (their account's history), newest first."""
        keys = (self.by_subject or {}).get(login)
        if keys is None:
            return [], 0
        return [self.entries[-key] for key in itertools.islice(keys, offset, offset + limit)], len(keys)

    def select(self, path, below=False, kind=None, subject=None, offset=0, limit=50, since=None, until=None):
        """``(entries, total)``: one page of the entries at ``path`` (with ``below``: and under it), newest first.

        ``kind``: only ``"access"`` or ``"accounts"`` entries (``KINDS``);
        ``subject``: only those about that person; ``since``, ``until``
        (aware datetimes): only those written in that time, the key being
        the time. Set operations on the indexes: no entry is read but those
        of the page.
        """
        if below:
            prefix = path.rstrip("/") + "/"
            sets = [self.by_path[p] for p in ([path] if path in self.by_path else [])]
            # NB: paths sort by their text, so a subtree's are one range of the index's keys.
            sets += list(self.by_path.values(prefix, prefix + "\uffff"))
            keys = multiunion(sets) if sets else LLTreeSet()
        else:
            keys = self.by_path.get(path) or LLTreeSet()
        if subject is not None:
            keys = intersection(keys, (self.by_subject or {}).get(subject) or LLTreeSet())
        if kind is not None:
            keys = intersection(keys, (self.by_kind or {}).get(kind) or LLTreeSet())
        if since is not None or until is not None:
            # NB: the sets hold negated keys, newest first: the time range is one range of them.
            low = -((int(until.timestamp() * 1_000_000) << 10) | 1023) if until is not None else None
            high = -(int(since.timestamp() * 1_000_000) << 10) if since is not None else None
            keys = LLTreeSet(keys.keys(low, high))
        return [self.entries[-key] for key in itertools.islice(keys, offset, offset + limit)], len(keys)

    def __len__(self):
        return len(self.entries)


def _file(index, value, key):
    keys = index.get(value)
    if keys is None:
        keys = index[value] = LLTreeSet()
    keys.add(-key)


def audit_log(site):
    """The audit journal of ``site`` (made on first use; an evolve step makes it in older databases)."""
    services = site.services
    log = services.get(SERVICE)
    if log is None:
        log = services[SERVICE] = AuditLog()
    return log


def record(site, actor, action, path, subject, role, via="", now=None, note=""):
    """Append one change of access or of an account to the site's journal and return the entry."""
    at = now or datetime.datetime.now(datetime.timezone.utc)
    entry = AuditEntry(at, actor or SYSTEM, action, path, subject, role, via, note)
    audit_log(site).append(entry)
    return entry
