"""Concurrent writers: conflicts counted, records writers take turns on, what was committed meanwhile.

Two requests that change the same record at once conflict at commit:
pyramid_retry runs the loser again (``retry.attempts`` in the ini), and
``core.views.errors.conflict`` logs each such retry at DEBUG; a conflict that
outlives every attempt is answered 409 «повторите действие». The
``ConflictCounter`` on the registry (``registry.oko_conflicts``) counts both,
by the class of the record that conflicted, for an operator or a benchmark
to read (``snapshot()``).

Writers of one process take turns (``core.turns``), so they do not conflict
with each other at all; ``includeme`` installs the turn unless
``oko.writers_take_turns = false``. Without it (or for the writers of several
processes), a record that every writer must change and that cannot merge (a
register's counter: numbers never repeat and never skip) is still taken in
turns within a process (``hold_until_end``) and read as last committed
(``last_committed_state``), so the writers of one process do not conflict on it.
"""
import collections
import io
import pickle
import random
import threading
import time

from core.security.transport import setting_bool
from core.turns import Turn


class ConflictCounter:
    """Conflicts of one process: absorbed by a retry, or refused with a 409; by record class."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts = collections.Counter()

    def count(self, exc, retried):
        """Count the conflict ``exc``: ``retried`` when another attempt follows, else refused."""
        outcome = "retried" if retried else "refused"
        kind = getattr(exc, "class_name", None) or type(exc).__name__
        with self._lock:
            self._counts[outcome] += 1
            self._counts[f"{outcome}:{kind}"] += 1

    def snapshot(self):
        """``{"retried": n, "refused": n, "retried:<class>": n, ...}`` as counted so far."""
        with self._lock:
            return {"retried": 0, "refused": 0, **self._counts}


def last_committed_state(obj):
    """The state of persistent ``obj`` as committed since this transaction began, or None.

    A transaction sees the database as it was when it began; this reads the
    storage's current record instead. None when that is the record the
    transaction sees, for an object not stored yet, or when the storage cannot
    say. Only for records holding no references (a counter).
    """
    jar, oid = obj._p_jar, obj._p_oid
    if jar is None or oid is None:
        return None
    try:
        data, serial = jar.db().storage.load(oid)
    except Exception:  # noqa: BLE001  (a storage that cannot say: the caller keeps what it sees)
        return None
    if serial == obj._p_serial:
        return None
    unpickler = pickle.Unpickler(io.BytesIO(data))
    unpickler.persistent_load = lambda ref: None
    unpickler.load()  # the class
    return unpickler.load()


# Seconds a transaction waits for another of this process to end (``hold_until_end``) before going on
# without: a conflict and a retry then, never a deadlock.
HOLD_TIMEOUT = 10
_holds = {}
_holds_guard = threading.Lock()
_HELD = object()  # the key of a transaction's data: what it holds


class _Release:
    """Releases a hold once, however many of the transaction's hooks call it."""

    def __init__(self, lock):
        self.lock = lock

    def __call__(self, *args):
        lock, self.lock = self.lock, None
        if lock is not None:
            lock.release()


def hold_until_end(obj):
    """Make other transactions of this process that hold ``obj`` wait until the current one has ended.

    For a record every writer changes (a register's counter): where they would
    conflict and be retried whole, they take turns. Together with
    ``last_committed_state`` the next one reads what the last one committed.
    Other processes are not held: their transactions still conflict. A thread
    may hold the same record in two transactions of its own (a re-entrant lock).
    """
    jar, oid = obj._p_jar, obj._p_oid
    if jar is None or oid is None:
        return
    txn = jar.transaction_manager.get()
    try:
        held = txn.data(_HELD)
    except KeyError:
        held = set()
        txn.set_data(_HELD, held)
    key = (id(jar.db()), oid)
    if key in held:
        return
    with _holds_guard:
        lock = _holds.setdefault(key, threading.RLock())
    if not lock.acquire(timeout=HOLD_TIMEOUT):
        return
    held.add(key)
    release = _Release(lock)
    txn.addAfterCommitHook(release)
    txn.addAfterAbortHook(release)


# NB: the first pause's upper bound, in seconds; it doubles at each attempt (10, 20, 40, 80 ms).
RETRY_PAUSE_S = 0.01


def pause_before_retry(event):
    """Wait a random moment before a conflicted request runs again, longer at each attempt.

    Writers of one process take turns; those of two processes do not, and two
    that conflicted and ran again at once would meet again: a random pause
    (jitter) sets them apart. The pause is taken outside the writers' turn.
    """
    attempt = event.environ.get("retry.attempt", 0)
    time.sleep(random.uniform(0, RETRY_PAUSE_S * 2 ** attempt))


def includeme(config):
    """Give the registry its conflict counter and the writers' turn (``oko.writers_take_turns``, default true);
    conflicted requests pause before they run again (``pause_before_retry``)."""
    config.registry.oko_conflicts = ConflictCounter()
    config.add_subscriber(pause_before_retry, "pyramid_retry.IBeforeRetry")
    take = setting_bool(config.registry.settings, "oko.writers_take_turns", True)
    config.registry.oko_turn = Turn() if take else None
    # NB: over pyramid_tm's tween, so a turn spans the whole transaction (core.turns.take_turns).
    config.add_tween("core.turns.take_turns", over="pyramid_tm.tm_tween_factory")
