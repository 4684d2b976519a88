"""Concurrent writers: conflicts counted, records writers take turns on, what was committed meanwhile.

Two requests that change the same record at once conflict at commit:
pyramid_retry runs the loser again (``retry.attempts`` in the ini), and
``core.views.errors.conflict`` logs each such retry at DEBUG; a conflict that
outlives every attempt is answered 409 «повторите действие». The
``ConflictCounter`` on the registry (``registry.oko_conflicts``) counts both,
by the class of the record that conflicted, for an operator or a benchmark
to read (``snapshot()``).

A record that every writer must change and that cannot merge (a register's
counter: numbers never repeat and never skip) is taken in turns within a
process (``hold_until_end``) and read as last committed
(``last_committed_state``), so the writers of one process do not conflict on it.

Writers of one process take turns (``Turn``, the tween ``take_turns``): the
requests that may change something (POST, PUT, PATCH, DELETE) run one at a
time, in the order they came, each with its whole transaction; reads are never
held. ZODB's concurrency is optimistic: two transactions that overlap and touch
the same record conflict at commit, and the loser is run again from the start.
Within one process they share one interpreter, so running them side by side
gains nothing (one runs while the other waits for the GIL) and every conflict
throws the loser's work away; one after the other, each begins with what the
last committed and never conflicts with them. Measured with eight writers
drafting, submitting and approving acts in one register (``make bench``,
``concurrent_writers_8``, four server threads): see README, "Concurrent
writers". Between processes (ZEO, PostgreSQL) nothing is held: a conflict is
retried as above. A turn is held at most ``TURN_TIMEOUT`` seconds by those who
wait for it (then they go on without, as if there were no turns), and slow work
that touches no shared record lends it to the next writer (``lend_turn``: a
password's Argon2 hash at log-in). ``oko.writers_take_turns = false`` turns it
off (``includeme``).
"""
import collections
import contextlib
import io
import logging
import pickle
import threading

log = logging.getLogger(__name__)


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


# Seconds a writer waits for its turn before going on without it, as if there were no turns (it may then
# conflict and be retried). NB: bounded, so that behind a long write (an import of thousands of teachers)
# the others are not held, and the server's threads not taken, for its whole duration.
TURN_TIMEOUT = 10
# Methods that change nothing (RFC 9110's safe methods): never held.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_turns = threading.local()  # the Turn this thread's request holds, if any


class Turn:
    """One writer at a time, in the order they came: a fair lock with a bounded wait.

    ``take`` waits for the turn; ``give_back`` hands it to the writer who has
    waited longest (directly: a newcomer cannot take it in between), or frees it.
    """

    def __init__(self, timeout=TURN_TIMEOUT):
        self.timeout = timeout
        self._guard = threading.Lock()
        self._waiting = collections.deque()  # an Event per waiting writer, first come first
        self._taken = False

    def take(self):
        """Wait for the turn: True once it is this thread's, False when ``timeout`` passed first."""
        with self._guard:
            if not self._taken:
                self._taken = True
                return True
            ticket = threading.Event()
            self._waiting.append(ticket)
        if ticket.wait(self.timeout):
            return True
        with self._guard:
            if ticket.is_set():  # NB: handed over just as the wait ended: it is ours, give it back properly
                return True
            self._waiting.remove(ticket)
            return False

    def give_back(self):
        """End this thread's turn: the next writer waiting takes it."""
        with self._guard:
            if self._waiting:
                self._waiting.popleft().set()
            else:
                self._taken = False

    @property
    def waiting(self):
        """How many writers wait for the turn now."""
        with self._guard:
            return len(self._waiting)


def take_turns(handler, registry):
    """A tween: the requests that may change something run one at a time (``registry.oko_turn``); reads go on.

    Placed over pyramid_tm's tween: a turn spans the request's whole
    transaction, its commit and the text indexes' drain after it (the next
    writer begins with the index as drained). Each attempt of pyramid_retry
    takes a turn of its own; a subrequest runs in its parent's turn.

    NB: giving the turn back at the commit, so that the next writer runs
    beside the drain, was measured slower (``concurrent_writers_8`` p95 about
    150-280 ms against 120-240 ms on the same loaded machine): the two then
    share one GIL, and each waits for it at every switch.
    """

    def turn_taken(request):
        turn = registry.oko_turn
        if turn is None or request.method in SAFE_METHODS or getattr(_turns, "held", None) is not None:
            return handler(request)  # NB: the last: a subrequest of a writer already holding the turn
        if not turn.take():
            log.warning("Запись выполняется без очереди: очередь не подошла за %s с.", turn.timeout)
            return handler(request)
        _turns.held = turn
        try:
            return handler(request)
        finally:
            held, _turns.held = _turns.held, None
            if held is not None:
                held.give_back()
    return turn_taken


@contextlib.contextmanager
def lend_turn():
    """Let other writers of this process run while the block does slow work that touches no shared record.

    For CPU work inside a write (hashing a password at log-in): one log-in
    would otherwise hold every writer for its duration. The turn is taken
    back (waiting in line) when the block ends; outside a writer's request,
    nothing happens. Work that reads or changes records the others may change
    must not lend the turn: that is what the turn keeps from conflicting.
    """
    turn = getattr(_turns, "held", None)
    if turn is None:
        yield
        return
    _turns.held = None
    turn.give_back()
    try:
        yield
    finally:
        if turn.take():
            _turns.held = turn
        else:
            log.warning("Запись продолжается без очереди: очередь не подошла за %s с.", turn.timeout)


def includeme(config):
    """Give the registry its conflict counter and the writers' turn (``oko.writers_take_turns``, default true)."""
    from core.security.transport import setting_bool
    config.registry.oko_conflicts = ConflictCounter()
    take = setting_bool(config.registry.settings, "oko.writers_take_turns", True)
    config.registry.oko_turn = Turn() if take else None
    config.add_tween("core.conflicts.take_turns", over="pyramid_tm.tm_tween_factory")
