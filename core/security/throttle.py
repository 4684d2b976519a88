"""Slowing down repeated failed log-ins, counted in the database so that every process sees them.

A key is what a failure is counted against (``core.security.login`` says
which): ``addr:<client address>``, ``login:<name>`` (tries without a
device cookie of that account) and ``device:<nonce>`` (tries that carry
one). After a key's free attempts every further try must wait twice as long
as the one before, up to ``MAX_DELAY``; a refused try is not counted, so
waiting is all it takes. Nothing is ever locked: a success does not reset
any key either, failures simply age out of the window.

Where the counts live: a ``FailureLog`` under ``site.services`` holds a
fixed set of ``FailureShard`` objects, a key always hashing to the same
shard. Each shard keeps, per key, the times of its recent failures, and
resolves concurrent writes itself (``_p_resolveConflict``: the union of
the failures both writers recorded), so processes on one ZEO or
PostgreSQL database never meet a ConflictError over a failed log-in and
never lose a count. A shard drops failures older than the window and keeps
at most ``KEYS_PER_SHARD`` keys, so an attack on many names cannot make it
grow without bound (past that, the keys that failed longest ago are
forgotten first). On ZEO a process hears of another's commit a moment
after it: a guesser whose tries are spread over the processes may get a
try or two more than the rule says, but no failure goes uncounted.
"""
import secrets
import time
import zlib

import transaction
from persistent import Persistent

from core.resources import open_site

SERVICE = "login_failures"
WINDOW = 15 * 60
MAX_DELAY = 15 * 60
# Free failed attempts per kind of key within the window. An address is
# shared by a whole school behind one NAT, hence more for it; a device
# cookie is one browser of one person.
FREE = {"addr": 20, "login": 5, "device": 5,
        # Links to choose a new password (core.accounts): asked for per address, and per client address.
        "mail": 3, "mailaddr": 20}
SHARDS = 256
# Failures kept per key: past FREE + log2(MAX_DELAY) more change no delay.
KEEP = 32
# Keys a shard keeps (those that failed most recently): 262,144 in all, so
# a write stays small even while many names are being tried.
KEYS_PER_SHARD = 1024


def _prune(failures, now):
    """``failures`` without the keys whose last failure aged out, at most KEYS_PER_SHARD of them."""
    horizon = now - WINDOW
    kept = {key: events for key, events in failures.items() if events[-1][0] > horizon}
    if len(kept) > KEYS_PER_SHARD:
        newest = sorted(kept, key=lambda k: kept[k][-1], reverse=True)[:KEYS_PER_SHARD]
        kept = {key: kept[key] for key in newest}
    return kept


class FailureShard(Persistent):
    """Recent failures of the keys that hash here: key -> ((time, nonce), ...), oldest first.

    A failure is a ``(time, nonce)`` pair, the nonce telling apart two
    failures of one key recorded at the same instant by two processes.
    """

    def __init__(self):
        self.failures = {}

    def record(self, key, now):
        """Count one failure of ``key`` at ``now`` (and forget what has aged out)."""
        failures = dict(self.failures)
        events = failures.get(key, ()) + ((now, secrets.randbits(32)),)
        failures[key] = tuple(e for e in events if e[0] > now - WINDOW)[-KEEP:]
        self.failures = _prune(failures, now)

    def times(self, key):
        """The times of the failures of ``key`` kept here, oldest first."""
        return [t for t, _ in self.failures.get(key, ())]

    def _p_resolveConflict(self, old, saved, new):
        # NB: a writer only ever adds failures (what pruning drops, it would
        # drop again here), so the union of both writers' is the true state.
        merged = {key: tuple(sorted(set(events) | set(new["failures"].get(key, ())))[-KEEP:])
                  for key, events in saved["failures"].items()}
        for key, events in new["failures"].items():
            merged.setdefault(key, events)
        latest = max((events[-1][0] for events in merged.values()), default=0.0)
        return {**saved, "failures": _prune(merged, latest)}


class FailureLog(Persistent):
    """The shards of a site's failed log-ins; made once, never written afterwards."""

    def __init__(self, shards=SHARDS):
        self.shards = tuple(FailureShard() for _ in range(shards))

    def shard(self, key):
        """The shard that counts ``key`` (the same in every process: crc32, not ``hash``)."""
        return self.shards[zlib.crc32(key.encode("utf-8")) % len(self.shards)]


def failure_log(site):
    """The site's FailureLog, made if the site predates it."""
    log = site.services.get(SERVICE)
    if log is None:
        log = site.services[SERVICE] = FailureLog()
    return log


def _free(key):
    return FREE[key.split(":", 1)[0]]


class LoginThrottle:
    """The throttle's rule over a site's FailureLog; ``clock`` gives epoch seconds.

    Failures are written in a transaction of their own, on a connection of
    their own: a refused log-in answers with an error, whose transaction is
    thrown away, and the count must stay.
    """

    def __init__(self, clock=time.time):
        self.clock = clock

    def wait_seconds(self, site, *keys):
        """Seconds to wait before another try for any of ``keys`` (0 when free)."""
        log = site.services.get(SERVICE)
        if log is None:
            return 0.0
        now, wait = self.clock(), 0.0
        for key in keys:
            recent = [t for t in log.shard(key).times(key) if t > now - WINDOW]
            if len(recent) >= _free(key):
                delay = min(2 ** (len(recent) - _free(key)), MAX_DELAY)
                wait = max(wait, recent[-1] + delay - now)
        return max(0.0, wait)

    def failed(self, db, *keys):
        """Count a failed try against every key, committed at once in ``db``."""
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)

        def record():
            log = failure_log(open_site(conn))
            now = self.clock()
            for key in keys:
                log.shard(key).record(key, now)
        try:
            tm.run(record, 5)
        finally:
            conn.close()
