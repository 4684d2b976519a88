"""Writers of one process take turns: one request that may change something at a time; reads go on.

The requests that may change something (POST, PUT, PATCH, DELETE) run one at a
time, in the order they came, each with its whole transaction; reads are never
held. ZODB's concurrency is optimistic: two transactions that overlap and touch
the same record conflict at commit, and the loser is run again from the start.
Within one process they share one interpreter, so running them side by side
gains nothing (one runs while the other waits for the GIL) and every conflict
throws the loser's work away; one after the other, each begins with what the
last committed and never conflicts with them. Measured with eight writers
drafting, submitting and approving acts in one register (``make bench``,
``concurrent_writers_8``, four server threads): see README, "Concurrent
writers".

Between processes (ZEO, PostgreSQL) nothing is held: a conflict is retried, or
refused with a 409 (``core.conflicts``). A writer waits at most
``TURN_TIMEOUT`` seconds for its turn, then goes on without it, as if there
were no turns. Slow work that touches no shared record lends the turn to the
next writer (``lend_turn``: a password's Argon2 hash at log-in).
``core.conflicts.includeme`` installs the turn, unless
``oko.writers_take_turns = false``.
"""
import collections
import contextlib
import logging
import threading

log = logging.getLogger(__name__)

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

    NB: giving the turn back at the commit instead, so that the next writer
    runs beside the drain, was measured no better (eight alternate runs of
    ``concurrent_writers_8``: p95 medians 110 ms that way, 131 ms this way, within the noise
    of the shared machine) for a tenth more CPU per write, the two threads
    taking the GIL from each other; and it needs the transaction's hooks.
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
