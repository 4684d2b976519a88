"""Catalog indexes that transitions move documents in: few values (states, roles) without a reverse map, and deadlines.

hypatia's indexes keep a reverse map (docid -> value) beside the sets of
docids filed under each value, to know where a document was when it moves.
A workflow transition moves a document between two states and between the
roles awaited, and every move rewrote the document's entry in two reverse
maps: two of the records a transition committed, for values the transition
already knew (``core.catalog.transition_values``).

These indexes keep only the sets. A caller that knows a document's old
values gives them (``old=``); otherwise they are read from the sets, which
are few: the states of the workflows, the roles, the indicator codes.
They answer what is filed under a value (``eq``, ``any``, ``all``), not
what is filed under none (the "not" queries), and do not count documents
that hold no value. Their sets have small buckets (``DocidSet``): a
transition rewrites the bucket a document leaves and the one it joins.
The ``StateIndex`` files a workflow document's state and the roles awaited
in it as one value, so that one such move serves both. The ``DueIndex``
(deadlines) keeps its reverse map, to sort tasks, but its sets merge
concurrent moves as the lean indexes' do (``MergingDocids``).

NB: the classes are stored (by name) in the catalog: rename or move one
only with an evolve step.
"""
import functools

from BTrees.LFBTree import LFTreeSet
from ZODB.POSException import ConflictError

from core.indexes import _MISSING, FieldIndex, KeywordIndex, indexed_value


class MergingDocids(LFTreeSet):
    """Docids filed under one value, a set that merges what concurrent transactions did to it.

    BTrees give up when one transaction empties a bucket or takes its first
    docid out while another adds to it; a set small enough to be one bucket
    merges instead (``_p_resolveConflict``): a register's drafts, the acts
    awaiting signature, the documents due on one day are few, and every one
    comes and goes. An index of such sets keeps a value's set once emptied,
    so that a merge never lands in a set it no longer holds.
    """

    def _p_resolveConflict(self, old, committed, new):
        """BTrees' merge; for a set of one bucket, every docid kept, added or removed as either side did."""
        try:
            return super()._p_resolveConflict(old, committed, new)
        except ConflictError:
            states = [_one_bucket(state) for state in (old, committed, new)]
            if None in states:
                raise
            was, theirs, ours = map(set, states)
            merged = (theirs & ours) | (theirs - was) | (ours - was)
            if len(merged) > self.max_leaf_size:
                raise
            return type(self)(merged).__getstate__()


def _one_bucket(state):
    """The docids of a set's pickled state when it is one bucket (or empty), else None."""
    if state is None:
        return ()
    if len(state) == 1 and len(state[0]) == 1:
        return state[0][0][0]
    return None


class DocidSet(MergingDocids):
    """The docids filed under one value of a lean index, in buckets of at most 32 (hypatia's hold 120)."""

    max_leaf_size = 32
    # NB: a small bucket splits more often, and each split rewrites the node above it.
    max_internal_size = 64


class _Lean:
    """What both lean indexes share; ``_values`` says which values an object is filed under."""

    def reset(self):
        """An empty index: the sets, and nothing else."""
        self._fwd_index = self.family.OO.BTree()

    def values_of(self, docid):
        """The values ``docid`` is filed under, read from the sets."""
        return {value for value, docids in self._fwd_index.items() if docid in docids}

    def values_for(self, obj):
        """The values ``obj`` would be filed under (to give as ``old`` when it is about to change)."""
        return self._values(obj)

    def index_doc(self, docid, obj, old=None):
        """File ``docid`` under the values ``obj`` has now; ``old``: the values it was filed under, if known."""
        new = self._values(obj)
        if old is None or any(docid not in self._fwd_index.get(value, ()) for value in old):
            # NB: old values that do not hold the document are not the stored ones: read those.
            old = self.values_of(docid)
        self._unfile(docid, old - new)
        self._file(docid, new - old)

    def reindex_doc(self, docid, obj, old=None):
        """Bring ``docid`` up to date with ``obj``; see ``index_doc``."""
        return self.index_doc(docid, obj, old)

    def unindex_doc(self, docid):
        """Take ``docid`` out of every set."""
        self._unfile(docid, self.values_of(docid))

    def _unfile(self, docid, values):
        # NB: a value's emptied set stays: a transaction filing a docid under it at the same
        # time merges into that set, which must still be the one the index holds.
        for value in values:
            self._fwd_index[value].remove(docid)

    def indexed(self):
        """The docids filed under some value."""
        return self.family.IF.multiunion(list(self._fwd_index.values()))

    def indexed_count(self):
        """How many docids are filed under some value."""
        return len(self.indexed())

    def document_repr(self, docid, default=None):
        """The values of ``docid``, for display."""
        values = self.values_of(docid)
        return repr(sorted(values)) if values else default

    def docids(self):
        """Not known here: the documents filed under no value are not kept (no "not" queries)."""
        raise NotImplementedError(f"{type(self).__name__} answers only what is filed under a value")

    not_indexed = not_indexed_count = docids


class LeanFieldIndex(_Lean, FieldIndex):
    """A field index of few values with no reverse map: the ``state`` of the catalog."""

    def _values(self, obj):
        value = self.discriminate(obj, _MISSING)
        return set() if value is _MISSING else {value}

    def _file(self, docid, values):
        for value in values:
            docids = self._fwd_index.get(value)
            if docids is None:
                docids = self._fwd_index[value] = DocidSet()
            docids.insert(docid)

    def sort(self, *args, **kwargs):
        """Not kept: sorting reads a reverse map."""
        raise NotImplementedError("LeanFieldIndex does not sort")


class LeanKeywordIndex(_Lean, KeywordIndex):
    """A keyword index of few words with no reverse map: who is awaited, who may view, indicators met."""

    def _values(self, obj):
        seq = self.discriminate(obj, _MISSING)
        if seq is _MISSING:
            return set()
        if isinstance(seq, str):
            raise TypeError("seq argument must be a list/tuple of strings")
        return set(self.normalize(seq))

    # The set a word's docids move to once they outgrow one record (a subclass may take larger buckets).
    large_set = DocidSet

    def _file(self, docid, words):
        for word in words:
            docids = self._fwd_index.get(word)
            if docids is None:
                docids = self._fwd_index[word] = self.family.IF.Set()
            docids.insert(docid)
            # NB: as hypatia keeps them, a word's few docids are one record until they outgrow it.
            if not isinstance(docids, self.large_set) and len(docids) >= self.tree_threshold:
                self._fwd_index[word] = self.large_set(docids)

    def has_doc(self, docid):
        """Whether ``docid`` is filed under some word."""
        return bool(self.values_of(docid))


class StateIndex(LeanFieldIndex):
    """Workflow states, each filed with the roles awaited in it: the ``state`` of the catalog.

    A document is filed under ``(state, roles)``, so a transition moves it
    between two sets (the state and the task it leaves, those it joins), where
    a state index and a task index moved it between three or four. Who awaits
    a workflow document is asked here (``awaited_by``); the ``awaiting`` index
    files only what has no workflow state.
    """

    def _values(self, obj):
        state = getattr(obj, "workflow_state", None)
        if state is None:
            return set()
        return {(state, tuple(sorted(getattr(obj, "awaiting_roles", None) or ())))}

    def _union(self, keys):
        sets = [self._fwd_index[key] for key in keys]
        if not sets:
            return self.family.IF.Set()
        # NB: one set is given as it is stored, as hypatia does: callers only read it.
        return sets[0] if len(sets) == 1 else self.family.IF.multiunion(sets)

    def applyAny(self, values):
        """The documents in any of the states ``values``."""
        wanted = set(values)
        return self._union([key for key in self._fwd_index.keys() if key[0] in wanted])

    def applyEq(self, value):
        """The documents in the state ``value``."""
        return self.applyAny((value,))

    def awaited_by(self, roles):
        """The workflow documents awaiting any of ``roles``."""
        wanted = set(roles)
        return self._union([key for key in self._fwd_index.keys() if wanted.intersection(key[1])])


class AwaitingIndex(LeanKeywordIndex):
    """Who is awaited: the ``awaiting`` of the catalog ("Мои задачи", `oko remind`).

    It files what has no workflow state (a participation, a teacher's year);
    for workflow documents it asks the state index they are filed in.
    """

    def __init__(self, discriminator, states, family=None):
        super().__init__(discriminator, family=family)
        self.states = states

    def _values(self, obj):
        if getattr(obj, "workflow_state", None) is not None:
            return set()
        return super()._values(obj)

    def applyAny(self, values):
        """Everything awaiting any of the roles ``values``."""
        values = list(values)
        return self.family.IF.union(super().applyAny(values), self.states.awaited_by(values))

    def applyEq(self, value):
        """Everything awaiting the role ``value``."""
        return self.applyAny([value])

    def applyAll(self, values):
        """Everything awaiting every one of the roles ``values``."""
        sets = [self.applyAny([value]) for value in values]
        return functools.reduce(self.family.IF.intersection, sets) if sets else self.family.IF.Set()


class DueIndex(FieldIndex):
    """The deadlines of awaited cases (the catalog's ``due``), as days: their sets merge concurrent moves.

    It keeps hypatia's reverse map, by which "Мои задачи" are sorted. A case
    sits in its deadline's set while it waits there (a document under review,
    an act awaiting signature): few documents, coming and going at once. The
    sets are ``MergingDocids``, kept once emptied.
    """

    def index_doc(self, docid, obj):
        """File ``docid`` under the day ``obj`` is due now (moving it from the one it was)."""
        value = indexed_value(self, docid, obj)
        if value is _MISSING:
            return
        old = self._rev_index.get(docid, _MISSING)
        if old == value:
            return
        if old is _MISSING:
            self._num_docs.change(1)
        else:
            self._leave(old, docid)
        docids = self._fwd_index.get(value)
        if docids is None:
            docids = self._fwd_index[value] = MergingDocids()
        docids.insert(docid)
        self._rev_index[docid] = value

    def reindex_doc(self, docid, obj):
        """The same as ``index_doc``."""
        return self.index_doc(docid, obj)

    def soonest(self, docids):
        """The docids of ``docids`` filed here, soonest day first, lazily: what «Мои задачи» reads a page of.

        NB: hypatia's ``scan_forward`` copies ``docids`` into a new set and
        tests every docid filed on each day against it in Python; a day's set
        is joined to ``docids`` in C here, in the same order.
        """
        intersection = self.family.IF.intersection
        for filed in self._fwd_index.values():
            yield from intersection(filed, docids)

    def unindex_doc(self, docid):
        """Take ``docid`` out of the index (its day's set stays)."""
        if docid in self._not_indexed:
            self._not_indexed.remove(docid)
        old = self._rev_index.pop(docid, _MISSING)
        if old is not _MISSING:
            self._leave(old, docid)
            self._num_docs.change(-1)

    def _leave(self, value, docid):
        docids = self._fwd_index.get(value)
        if docids is not None and docid in docids:
            docids.remove(docid)
