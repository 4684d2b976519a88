"""The catalog's own kinds of index: hypatia's field and keyword indexes, moved in place on change.

NB: the classes are stored (by name) in every catalog; ``core.catalog`` imports
them, so the names they were first stored under (``core.catalog.FieldIndex``)
keep resolving.
"""
from hypatia.field import FieldIndex as HypatiaFieldIndex
from hypatia.keyword import KeywordIndex as HypatiaKeywordIndex

# What a discriminator answers for an object without the indexed value.
_MISSING = object()


class FieldIndex(HypatiaFieldIndex):
    """hypatia's field index, moving a document to its new value in place.

    hypatia reindexes by unindexing and indexing again, rewriting the document
    counter too: one more object written by every transition that moves ``due``.
    """

    def reindex_doc(self, docid, obj):
        """Move ``docid`` from its old value to the one ``obj`` has now."""
        value = self.discriminate(obj, _MISSING)
        old = self._rev_index.get(docid, _MISSING)
        if value is _MISSING or old is _MISSING:
            return self.index_doc(docid, obj)
        if old == value:
            return None
        old_set = self._fwd_index[old]
        old_set.remove(docid)
        if not old_set:
            del self._fwd_index[old]
        new_set = self._fwd_index.get(value)
        if new_set is None:
            new_set = self._fwd_index[value] = self.family.IF.TreeSet()
        new_set.insert(docid)
        self._rev_index[docid] = value
        return None


def indexed_value(index, docid, obj):
    """What ``index`` reads from ``obj``; when nothing (``_MISSING``), ``docid`` leaves it, noted as not indexed.

    hypatia's rule, shared by the catalog's own keyword index and the deadlines index.
    """
    value = index.discriminate(obj, _MISSING)
    if value is _MISSING:
        if docid not in index._not_indexed:
            index.unindex_doc(docid)
            index._not_indexed.add(docid)
    elif docid in index._not_indexed:
        index._not_indexed.remove(docid)
    return value


class KeywordIndex(HypatiaKeywordIndex):
    """hypatia's keyword index, keeping a document's keywords as a tuple.

    hypatia keeps them in a persistent set of their own: one more record
    written, and a bucket of references to pickle, every time they change
    (who is awaited changes on nearly every transition). A set stored by an
    older database is read the same way and replaced when the document changes.

    A document whose keywords are an empty list stays indexed, with no
    keywords: a document nobody awaits any more is a change of one tuple,
    where leaving the index would also rewrite the document counter and the
    set of documents not indexed. Only the discriminator's default (the
    object has no such keywords at all) leaves the index.
    """

    def index_doc(self, docid, obj):
        """Index (or reindex) the keywords ``obj`` has now."""
        seq = indexed_value(self, docid, obj)
        if seq is _MISSING:
            return None
        if isinstance(seq, str):
            raise TypeError("seq argument must be a list/tuple of strings")
        new = tuple(sorted(set(self.normalize(seq))))
        old = self._rev_index.get(docid)
        if old is None:
            self._insert_forward(docid, new)
            self._rev_index[docid] = new
            self._num_docs.change(1)
            return None
        old = tuple(old)
        if old == new:
            return None
        for word in set(old) - set(new):
            fwd = self._fwd_index[word]
            fwd.remove(docid)
            if not fwd:
                del self._fwd_index[word]
        self._insert_forward(docid, [word for word in new if word not in old])
        self._rev_index[docid] = new
        return None

    def reindex_doc(self, docid, obj):
        """Bring ``docid``'s keywords up to date."""
        return self.index_doc(docid, obj)
