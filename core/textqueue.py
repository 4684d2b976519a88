"""Full-text indexes written after the commit, by one drainer at a time, so writers never collide on them.

A text index (the catalog's ``title_text``, the search's ``search_text``)
touches, for every document, the postings of each of its words and the
lexicon: two people drafting acts at once write the same postings ("приказ",
the template's boilerplate) and the same new words, and one of them got a
ConflictError. Eight writers in one register lost half their requests so.

Here a writer only notes the docid in the index's ``PendingDocids`` (a small
record that merges concurrent additions: ``_p_resolveConflict``); when its
transaction has committed, an after-commit hook indexes every pending docid
in a transaction of its own (``drain``), one drain at a time per process (a
lock), so the drains of one process never conflict with each other, and
writers never touch the postings at all. A drain reads the objects as
committed and indexes what they hold now, so draining twice, late or out of
order is harmless; it forgets an entry only if no writer noted the docid
again meanwhile.

How fresh search is: the drain runs inside the writer's commit, before its
response is sent, so a change is searchable as soon as the request that made
it has answered. It can be left pending only when the process dies between
its commit and its drain, or a drain loses to other processes' drains
(ZEO, PostgreSQL) ``DRAIN_ATTEMPTS`` times; it is then indexed by the next
drain of any process: the next commit that notes text anywhere, or the
start of an application process (``core.startup``). ``pending_count`` says
how many wait.

Why not let the index buckets resolve conflicts instead (every word's
postings a BTree of its own, word ids from a hash of the word, so that
concurrent additions land on different keys): measured with eight writers
drafting, submitting and approving acts on the demo database (``make bench``,
``concurrent_writers_8``, four server threads), hypatia's indexes as they were
conflicted on text-index records 201 times in 258 requests; such resolving
indexes still 14 to 21 times in about 330, whenever two acts split a bucket
of the same common word's postings (most of an act's text is its template,
shared by every act); the queue, never. Its price is a second, small commit
after each request that changes a text.
"""
import logging
import random
import threading

import transaction
from hypatia.text import TextIndex
from persistent import Persistent
from ZODB.POSException import ConflictError

from core.resources import open_site, traverse_path

log = logging.getLogger(__name__)

DRAIN_ATTEMPTS = 3
_drain_lock = threading.Lock()
_HOOKED = object()  # the key of a transaction's data: the databases whose drain it already hooks
_marker = object()


class PendingDocids(Persistent):
    """Docids whose text is to be (re)indexed, each with the token of the last request for it.

    Concurrent writers each add theirs; a drainer takes what it indexed
    away. A conflict between them is merged (``_p_resolveConflict``): every
    addition is kept, and a docid noted again while it was being drained
    stays pending (its token changed), since the drain may have read it
    before that change.
    """

    def __init__(self):
        self.entries = {}

    def add(self, docid):
        """Note ``docid`` (again): a fresh token tells drains it changed since they read it."""
        # NB: changed in place: a bulk import notes a hundred thousand docids in one transaction.
        self.entries[docid] = random.getrandbits(62)
        self._p_changed = True

    def snapshot(self):
        """The pending ``{docid: token}`` as now."""
        return dict(self.entries)

    def forget(self, drained):
        """Drop the entries of ``drained`` (a snapshot) that were not noted again since."""
        entries = self.entries
        for docid, token in drained.items():
            if entries.get(docid) == token:
                del entries[docid]
        self._p_changed = True

    def __len__(self):
        return len(self.entries)

    def _p_resolveConflict(self, old, committed, new):
        """Merge two transactions' changes to the entries, docid by docid.

        A docid changed by one side only takes that side's value; changed by
        both, a (re)addition wins over a removal, and of two additions either
        token will do (both ask for the same reindexing).
        """
        o, c, n = ((state or {}).get("entries", {}) for state in (old, committed, new))
        merged = {}
        for docid in o.keys() | c.keys() | n.keys():
            was, theirs, ours = o.get(docid), c.get(docid), n.get(docid)
            if theirs == was:
                value = ours
            elif ours == was:
                value = theirs
            else:
                value = max((v for v in (theirs, ours) if v is not None), default=None)
            if value is not None:
                merged[docid] = value
        return {**new, "entries": merged}


class DeferredTextIndex(TextIndex):
    """hypatia's text index, noting documents in a queue that ``drain`` indexes after the commit.

    An index not yet stored (a catalog being built in this transaction) or
    without a queue (a database not yet evolved) indexes at once, as hypatia does.
    A subclass changes how a text is indexed (``index_text``) or taken out (``unindex_now``).
    """

    def reset(self):
        """Empty the index and its queue."""
        super().reset()
        self._pending = PendingDocids()

    def index_now(self, docid, obj):
        """Index ``obj``'s text under ``docid`` now (an object without text is noted as not indexed)."""
        text = self.discriminate(obj, _marker)
        if text is _marker:
            # NB: not hypatia's index_doc, whose unindex_doc here would note the docid again.
            self.unindex_now(docid)
            self._not_indexed.add(docid)
            return None
        if docid in self._not_indexed:
            self._not_indexed.remove(docid)
        return self.index_text(docid, text)

    def index_text(self, docid, text):
        """Index ``text`` under ``docid`` now."""
        return self.index.index_doc(docid, text)

    def unindex_now(self, docid):
        """Take ``docid`` out of the index now."""
        return super().unindex_doc(docid)

    def _queue(self):
        pending = getattr(self, "_pending", None)
        if pending is None or self._p_jar is None or pending._p_jar is None:
            return None
        return pending

    def index_doc(self, docid, obj):
        """Note ``docid`` for the drain after the commit (or index it now, see the class)."""
        pending = self._queue()
        if pending is None:
            return self.index_now(docid, obj)
        pending.add(docid)
        _hook_drain(self._p_jar)
        return None

    def reindex_doc(self, docid, obj):
        """The same as ``index_doc``: the drain reads the object as committed."""
        return self.index_doc(docid, obj)

    def unindex_doc(self, docid):
        """Note ``docid`` for the drain, which takes it out when no object has it any more."""
        pending = self._queue()
        if pending is None:
            return self.unindex_now(docid)
        pending.add(docid)
        _hook_drain(self._p_jar)
        return None

    def pending_count(self):
        """How many documents wait for the drain."""
        pending = getattr(self, "_pending", None)
        return len(pending) if pending is not None else 0

    def drain_pending(self, resolve):
        """Index every pending docid as ``resolve(docid)`` (its object, or None when gone) finds it."""
        snapshot = self._pending.snapshot()
        for docid in snapshot:
            obj = resolve(docid)
            if obj is None:
                self.unindex_now(docid)
            else:
                self.index_now(docid, obj)
        self._pending.forget(snapshot)
        return len(snapshot)


def _hook_drain(jar):
    txn = jar.transaction_manager.get()
    db = jar.db()
    try:
        hooked = txn.data(_HOOKED)
    except KeyError:
        hooked = set()
        txn.set_data(_HOOKED, hooked)
    if id(db) not in hooked:
        hooked.add(id(db))
        txn.addAfterCommitHook(_after_commit, args=(db,))


def _after_commit(committed, db):
    if committed:
        drain(db)


def drain_site(site):
    """Index what waits in every deferred text index of ``site``'s catalog; returns how many docids."""
    services = getattr(site, "services", None)
    if not services or "catalog" not in services:
        return 0
    docmap, found = services["docmap"], {}

    def resolve(docid):
        if docid not in found:
            path = docmap.path_for(docid)
            found[docid] = traverse_path(site, path) if path is not None else None
        return found[docid]
    return sum(index.drain_pending(resolve) for index in services["catalog"].values()
               if isinstance(index, DeferredTextIndex) and index.pending_count())


def drain(db):
    """Drain the site of ``db`` in a connection of its own (the same for every drain); returns how many docids.

    One drain at a time in this process; a conflict with another process's
    drain is retried (logged at DEBUG), and after ``DRAIN_ATTEMPTS`` the
    docids stay pending for the next drain. Never raises a conflict.
    """
    with _drain_lock:
        tm, conn = _drainer(db)
        try:
            for attempt in range(1, DRAIN_ATTEMPTS + 1):
                try:
                    with tm:
                        site = open_site(conn)
                        return drain_site(site) if site is not None else 0
                except ConflictError as exc:
                    log.debug("Индексация текста: конфликт, попытка %d из %d: %s", attempt, DRAIN_ATTEMPTS, exc)
            log.warning("Индексация текста отложена: конфликт %d раз подряд; её выполнит следующая запись.",
                        DRAIN_ATTEMPTS)
        except Exception:  # noqa: BLE001  (the writer's commit stands; what waits is drained next time)
            log.exception("Индексация текста отложена из-за ошибки; её выполнит следующая запись.")
        return 0


def _drainer(db):
    # NB: one connection per database for every drain of the process, kept open (and kept on the
    # database, which it lives and dies with): the postings it rewrites stay in its cache, where a
    # connection from the pool would load them again. Eight writers' p95: about 168 -> 153 ms (medians).
    found = getattr(db, "_oko_drainer", None)
    if found is None or found[1].opened is None:
        tm = transaction.TransactionManager()
        found = db._oko_drainer = (tm, db.open(transaction_manager=tm))
    return found
