"""The catalog indexes of full-text search, and what they read from an object.

An object is searchable when it has ``search_text()``; it then also says
``search_type`` ("act", "document"), ``search_kind`` (the act or document
type code), ``search_status`` (a status code), ``search_date`` (a
``datetime.date`` or None) and has a ``title``. Nothing else is indexed in
these indexes, so the 40,000 schools of a national tree cost nothing here.

Who may see an object is read from ``view_roles``, the roles that hold
"view" in its workflow state (the workflow writes it on every move); the
subtree it lives in comes from the catalog's ``ancestors`` index.

NB: the functions and the class here are stored (by name) in the catalog:
rename or move one only with an evolve step.
"""
import bisect
import hashlib

from BTrees.IIBTree import IIBTree
from BTrees.IOBTree import IOBTree
from BTrees.LFBTree import LFBTree, LFSet
from hypatia.text.cosineindex import CosineIndex

from core.catalog import FieldIndex, KeywordIndex, add_indexes
from core.leanindex import LeanKeywordIndex, MergingDocids
from core.search import leaders as leading
from core.search.leaders import Leaders, best_pairs
from core.search.lexicon import make_lexicon
from core.textqueue import DeferredTextIndex

# search_type -> what a person calls it.
TYPE_TITLES = {"act": "Акт", "document": "Документ"}


def _searchable(obj):
    return callable(getattr(obj, "search_text", None))


def search_text(obj, default):
    """The title and the text of a searchable object."""
    if not _searchable(obj):
        return default
    title = getattr(obj, "title", None) or ""
    return f"{title}\n{obj.search_text() or ''}"


# The facets every searchable object is filed under one value of: one without a value is filed
# under the name alone ("type:"), so that the documents of the other values are all the rest.
PARTITIONED = ("type",)


def search_facets(obj, default):
    """``type:…`` and ``kind:…`` of a searchable object: one keyword index for both filters.

    The status is the catalog's ``state`` index: it changes on every
    transition, and a second index of it would be rewritten each time.
    """
    if not _searchable(obj):
        return default
    facets = []
    for name in ("type", "kind"):
        value = getattr(obj, f"search_{name}", None)
        if value:
            facets.append(f"{name}:{value}")
        elif name in PARTITIONED:
            facets.append(f"{name}:")
    return facets or default


def search_date(obj, default):
    """The date a searchable object is filed under (an act's date, a document's upload day)."""
    if not _searchable(obj):
        return default
    value = getattr(obj, "search_date", None)
    return value if value is not None else default


def view_roles(obj, default):
    """The roles that may view the object in its current state."""
    roles = getattr(obj, "view_roles", None)
    return list(roles) if roles else default


def _digest(text):
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "little", signed=True)


# NB: why the sets search reads have large buckets. A search reads whole sets: the postings of
# its words, who may view, the type filter; at a national scale (1,000,000 documents) a common
# word's postings, the set of a role and that of a type hold up to every document. In buckets of
# 120 (32 for the roles) such a set is thousands of records, each loaded on its own when not
# in the connection's cache (50,000 objects, which these sets alone overflowed), and then
# a search took seconds. In buckets of ~1,000 the sets of the words people search for fit in
# the cache, and a set not in it is a few hundred reads. The price: adding a document rewrites
# a larger bucket of each of its common words (~10 KB, where it was ~1.5 KB).


class Postings(LFBTree):
    """A word's postings ``{docid: weight}`` once past a dict's few documents, in buckets of up to 1,024."""

    max_leaf_size = 1024
    max_internal_size = 512


class SearchDocids(MergingDocids):
    """The docids filed under a role (``view_roles``) or a facet, in buckets of up to 512."""

    max_leaf_size = 512
    max_internal_size = 512


# The roles whose complement is kept: an operator or a coordinator views nearly every document
# of their place, so the set of what they may view is nearly the whole corpus (see ViewRolesIndex).
COMPLEMENTED = ("federal_operator", "regional_operator", "municipal_coordinator")
# The word a searchable document is filed under when the role after it may not view it.
HIDDEN = "!"


class ViewRolesIndex(LeanKeywordIndex):
    """Who may view (a lean keyword index), its sets in buckets of up to 512 (``SearchDocids``).

    For the roles of ``complemented`` it also files each searchable document
    the role may *not* view, under ``"!" + role`` (``hidden_from``).

    NB: why. A search keeps of its candidates those the user may view. For a
    federal operator that was a merge of the candidates with the operator's
    set: a million docids at national scale, walked (and loaded, cold) for
    every common word, and most of what the slowest searches took. What an
    operator may not view is few documents (often none): taking those out of
    the candidates is a few lookups. Both sets change together in one
    transaction, so the second is as exact as the first.
    """

    large_set = SearchDocids
    # NB: an index stored before it kept complements (until evolve step 25) keeps none.
    complemented = ()

    def __init__(self, discriminator, complemented=COMPLEMENTED):
        super().__init__(discriminator)
        self.complemented = tuple(complemented)

    def _values(self, obj):
        return self._with_hidden(super()._values(obj), obj)

    def index_doc(self, docid, obj, old=None):
        """File ``docid`` as ``LeanKeywordIndex.index_doc`` does; ``old`` may give the roles alone."""
        if old is not None:
            # NB: the old values a transition gives are read from the roles it kept, not from the
            # (searchable) object: what it was hidden from follows from them.
            old = self._with_hidden(set(old), obj)
        return super().index_doc(docid, obj, old)

    def _with_hidden(self, roles, obj):
        """``roles`` and, for a searchable ``obj``, ``"!" + role`` for each complemented role not among them."""
        if self.complemented and _searchable(obj):
            roles |= {HIDDEN + role for role in self.complemented if role not in roles}
        return roles

    def hidden_from(self, role):
        """The searchable documents ``role`` may not view; None when they are not kept for ``role``."""
        if role not in self.complemented:
            return None
        found = self._fwd_index.get(HIDDEN + role)
        return self.family.IF.Set() if found is None else found


class FacetIndex(KeywordIndex):
    """The type and kind filters (a keyword index), its sets in buckets of up to 512 (``SearchDocids``).

    NB: a filter by type keeps the candidates of the nine documents in ten
    that are school documents: merging them with that set walked it whole
    (and loaded it, cold). For the facets of ``partitioned`` the documents
    of the *other* values are the rest of the corpus (``others``), and
    taking those out walks a tenth as much.
    """

    # NB: an index stored before it filed the documents without a type (until evolve step 26) partitions none.
    partitioned = ()

    def __init__(self, discriminator, partitioned=PARTITIONED):
        super().__init__(discriminator)
        self.partitioned = tuple(partitioned)

    def others(self, name, value):
        """The searchable documents filed under another value of ``name`` than ``value``; None when
        ``name`` is not partitioned here (some documents may then be filed under no value of it)."""
        if name not in self.partitioned:
            return None
        prefix = f"{name}:"
        sets = [docids for key, docids in self._fwd_index.items(prefix, prefix + "\uffff") if key != prefix + value]
        if not sets:
            return self.family.IF.Set()
        return sets[0] if len(sets) == 1 else self.family.IF.multiunion(sets)

    def _insert_forward(self, docid, words):
        index = self._fwd_index
        for word in words:
            docids = index.get(word)
            if docids is None:
                docids = index[word] = LFSet()
            docids.insert(docid)
            if isinstance(docids, LFSet) and len(docids) >= self.tree_threshold:
                index[word] = SearchDocids(docids)


def large_buckets(index_sets):
    """Copy every tree of ``index_sets`` (a mapping of sets) into ``SearchDocids`` (an evolve step)."""
    for key, docids in list(index_sets.items()):
        if hasattr(docids, "_firstbucket") and type(docids) is not SearchDocids:
            index_sets[key] = SearchDocids(docids)


class SearchCosineIndex(CosineIndex):
    """hypatia's cosine index, without storing a word's postings again on every add,
    and keeping how many documents hold each word of many (``doc_frequency``).

    NB: cosine rather than Okapi BM25: its postings hold each document's
    weight for the word, normalised when the document is indexed, so a
    query is scored by weighted set operations in C alone; BM25 needs the
    length of every matching document looked up at query time, which is
    most of the time a search over 100,000 documents takes.

    NB: the count of a word's documents (the idf of a query word, the order
    its postings are intersected in) was ``len()`` of its postings: for a
    word of 100,000 documents, a walk over some 2,000 buckets, each loaded
    from the database when not in the cache, to learn one number. Half the
    time of a search over 300,000 documents went there. ``_df`` keeps the
    number for the words whose postings are a BTree (a dict's is free).
    """

    def reset(self):
        """An empty index, with its word counts and its common words' best postings."""
        super().reset()
        self._df = IIBTree()
        self._leaders = IOBTree()

    def doc_frequency(self, wid):
        """How many documents hold the word ``wid``, without reading its postings' buckets."""
        docs = self._wordinfo.get(wid)
        if docs is None:
            return 0
        counts = getattr(self, "_df", None)
        count = counts.get(wid) if counts is not None and type(docs) is not dict else None
        return len(docs) if count is None else count

    def leaders(self, wid):
        """The best postings of the word ``wid`` (``Leaders.pairs``), or None when none are kept (a word of
        fewer than ``LEADERS_FROM`` documents, or an index stored before they were kept)."""
        kept = getattr(self, "_leaders", None)
        found = kept.get(wid) if kept is not None else None
        return found.pairs if found is not None else None

    def keep_leaders(self):
        """Read every common word's best postings from its postings (an evolve step)."""
        self._leaders = kept = IOBTree()
        for wid, docs in self._wordinfo.items():
            if type(docs) is not dict and self.doc_frequency(wid) >= leading.LEADERS_FROM:
                kept[wid] = Leaders(best_pairs(docs))

    def _lead(self, wid, docs, docid, added=True):
        """Put ``docid``, just ``added`` to the postings ``docs`` of a common word (or re-weighted in them),
        among the word's leaders where it ranks."""
        kept = getattr(self, "_leaders", None)
        if kept is None:
            return
        leaders = kept.get(wid)
        if leaders is None:
            # NB: the word has just become common.
            kept[wid] = Leaders(best_pairs(docs))
            return
        pairs = leaders.pairs if added else leaders.without(docid, docs)
        if pairs is None:
            # NB: too few were left without it: read afresh, where it is in its place already.
            return
        key = (-docs[docid], docid)
        # NB: the leaders are never every document of a common word (LEADERS < LEADERS_FROM): it belongs
        # among them when it ranks before the last of them.
        if key < pairs[-1]:
            pairs = list(pairs)
            bisect.insort(pairs, key)
            pairs = pairs[:leading.LEADERS]
        if pairs is not leaders.pairs:
            leaders.pairs = tuple(pairs)

    def _unlead(self, wid, docs, docid, others):
        """Take ``docid`` out of the word's leaders (it left the postings ``docs``, which hold ``others``);
        none are kept once the word is no longer common."""
        kept = getattr(self, "_leaders", None)
        leaders = kept.get(wid) if kept is not None else None
        if leaders is None:
            return
        if others < leading.LEADERS_FROM:
            del kept[wid]
            return
        pairs = leaders.without(docid, docs)
        if pairs is not None and pairs is not leaders.pairs:
            leaders.pairs = pairs

    def count_words(self):
        """Count each word's documents afresh and move its postings into ``Postings`` (an evolve step)."""
        self._df = counts = IIBTree()
        for wid, docs in list(self._wordinfo.items()):
            if type(docs) is not dict:
                if type(docs) is not Postings:
                    self._wordinfo[wid] = docs = Postings(docs)
                counts[wid] = len(docs)

    def _mass_add_wordinfo(self, wid2weight, docid):
        wordinfo, counts, new = self._wordinfo, getattr(self, "_df", None), 0
        for wid, weight in wid2weight.items():
            docs = wordinfo.get(wid)
            if docs is None:
                wordinfo[wid] = {docid: weight}
                new += 1
            elif type(docs) is dict:
                docs[docid] = weight
                # NB: a few documents as a dict (a small pickle), more as a BTree, as hypatia does.
                if len(docs) <= self.DICT_CUTOFF:
                    wordinfo[wid] = docs
                else:
                    wordinfo[wid] = Postings(docs)
                    if counts is not None:
                        counts[wid] = len(docs)
            # NB: a BTree is persistent itself: storing it in _wordinfo again would only
            # mark a bucket of _wordinfo changed.
            elif docs.insert(docid, weight):
                others = counts.get(wid, 0) if counts is not None else len(docs) - 1
                if counts is not None:
                    counts[wid] = others + 1
                # NB: only a common word has leaders: the rest are not looked up (a tenth of indexing a text).
                if others + 1 >= leading.LEADERS_FROM:
                    self._lead(wid, docs, docid)
            else:
                docs[docid] = weight
                if self.doc_frequency(wid) >= leading.LEADERS_FROM:
                    self._lead(wid, docs, docid, added=False)
        if new:
            self.word_count.change(new)

    def _add_wordinfo(self, wid, f, docid):
        # NB: hypatia's reindex_doc adds through here: one way to add, counting as it goes.
        self._mass_add_wordinfo({wid: f}, docid)

    def _del_wordinfo(self, wid, docid):
        docs, counts = self._wordinfo[wid], getattr(self, "_df", None)
        super()._del_wordinfo(wid, docid)
        # NB: the count from before the removal (``_df`` is brought up to date below): 1 when the word is gone.
        before = self.doc_frequency(wid) if wid in self._wordinfo else 1
        if type(docs) is not dict and before >= leading.LEADERS_FROM:
            self._unlead(wid, docs, docid, before - 1)
        if counts is not None and type(docs) is not dict:
            if wid in self._wordinfo:
                counts[wid] = len(docs) if wid not in counts else counts[wid] - 1
            else:
                counts.pop(wid, None)


class SearchTextIndex(DeferredTextIndex):
    """A text index (cosine ranking over the Russian lexicon) that skips texts it already holds.

    A document is reindexed on every workflow transition, and its text is
    the whole extracted file: a digest of the text per document (8 bytes)
    spares running a long text through the stemmer again when only its
    state has changed. Written after the commit (``core.textqueue``).
    """

    def __init__(self, discriminator):
        lexicon = make_lexicon()
        super().__init__(discriminator, lexicon=lexicon, index=SearchCosineIndex(lexicon))

    def reset(self):
        super().reset()
        self._digests = self.family.II.BTree()

    def index_text(self, docid, text):
        """Index ``text`` now, unless the index already holds that very text."""
        digest = _digest(text)
        if self._digests.get(docid) == digest and self.index.has_doc(docid):
            return None
        self._digests[docid] = digest
        return self.index.index_doc(docid, text)

    def unindex_now(self, docid):
        """Take ``docid`` out of the index now."""
        self._digests.pop(docid, None)
        super().unindex_now(docid)


def make_indexes():
    """The search indexes by catalog name (``ancestors`` is the catalog's own)."""
    return {
        "search_text": SearchTextIndex(search_text),
        "search_facets": FacetIndex(search_facets),
        "search_date": FieldIndex(search_date),
        "view_roles": ViewRolesIndex(view_roles),
    }


# NB: registered on import: every catalog made from now on (and an old one, by evolve) holds them.
add_indexes(make_indexes)
