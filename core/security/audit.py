"""The audit journal: an append-only record of who changed access, what, where and when.

Every grant and revocation of a role goes here, whether a person made it on
the access page (or ``@@roles`` in the API) or a domain step handed the role
out (a curator assigned, an expert drawn, a commission appointed, a teacher's
account opened). Entries are never rewritten or removed.

The journal is one site service: entries in a ``LOBTree`` keyed by a number
that grows with time, and a path index (``OOBTree`` path -> ``LLTreeSet`` of
keys, negated so that they iterate newest first) so that a node's access
page reads one page of its own entries without scanning the rest. NB: two concurrent grants add different keys; BTrees resolve such
writes to one bucket without a conflict, so the journal is no hot spot.
"""
import dataclasses
import datetime
import itertools
import random

from BTrees.LLBTree import LLTreeSet
from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from core.compact import Compact

SERVICE = "audit"
# What a person reads for each kind of entry.
ACTIONS = {"grant": "назначена роль", "revoke": "снята роль"}
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

    @property
    def action_title(self):
        """The action as a person reads it."""
        return ACTIONS.get(self.action, self.action)


class AuditLog(Persistent):
    """The site's append-only audit journal."""

    def __init__(self):
        self.entries = LOBTree()
        self.by_path = OOBTree()

    def _new_key(self, at):
        # NB: microseconds since the epoch, then 10 random bits: keys sort by time,
        # and two processes writing in the same microsecond do not collide. Many
        # entries of one given time (a bulk step passing one ``now``) fill its 1,024
        # slots: then the next free key after the last one is taken.
        base = int(at.timestamp() * 1_000_000) << 10
        for _ in range(8):
            key = base | random.getrandbits(10)
            if key not in self.entries:
                return key
        return max(base, self.entries.maxKey()) + 1

    def append(self, entry):
        """Add ``entry``; returns its key."""
        key = self._new_key(entry.at)
        self.entries[key] = entry
        keys = self.by_path.get(entry.path)
        if keys is None:
            keys = self.by_path[entry.path] = LLTreeSet()
        keys.add(-key)
        return key

    def for_path(self, path, offset=0, limit=50):
        """``(entries, total)``: the entries about the node at ``path``, newest first, one page."""
        keys = self.by_path.get(path)
        if keys is None:
            return [], 0
        return [self.entries[-key] for key in itertools.islice(keys, offset, offset + limit)], len(keys)

    def __len__(self):
        return len(self.entries)


def audit_log(site):
    """The audit journal of ``site`` (made on first use; an evolve step makes it in older databases)."""
    services = site.services
    log = services.get(SERVICE)
    if log is None:
        log = services[SERVICE] = AuditLog()
    return log


def record(site, actor, action, path, subject, role, via="", now=None):
    """Append one access change to the site's journal and return the entry."""
    at = now or datetime.datetime.now(datetime.timezone.utc)
    entry = AuditEntry(at, actor or SYSTEM, action, path, subject, role, via)
    audit_log(site).append(entry)
    return entry
