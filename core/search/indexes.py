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
import hashlib

from hypatia.text.cosineindex import CosineIndex

from core.catalog import FieldIndex, KeywordIndex, add_indexes
from core.leanindex import LeanKeywordIndex
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


class SearchCosineIndex(CosineIndex):
    """hypatia's cosine index, without storing a word's postings again on every add.

    NB: cosine rather than Okapi BM25: its postings hold each document's
    weight for the word, normalised when the document is indexed, so a
    query is scored by weighted set operations in C alone; BM25 needs the
    length of every matching document looked up at query time, which is
    most of the time a search over 100,000 documents takes.
    """

    def _mass_add_wordinfo(self, wid2weight, docid):
        wordinfo, new = self._wordinfo, 0
        for wid, weight in wid2weight.items():
            docs = wordinfo.get(wid)
            if docs is None:
                wordinfo[wid] = {docid: weight}
                new += 1
            elif type(docs) is dict:
                docs[docid] = weight
                # NB: a few documents as a dict (a small pickle), more as a BTree, as hypatia does.
                wordinfo[wid] = docs if len(docs) <= self.DICT_CUTOFF else self.family.IF.BTree(docs)
            else:
                # NB: a BTree is persistent itself: storing it in _wordinfo again would only
                # mark a bucket of _wordinfo changed.
                docs[docid] = weight
        if new:
            self.word_count.change(new)


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
        "search_facets": KeywordIndex(search_facets),
        "search_date": FieldIndex(search_date),
        "view_roles": LeanKeywordIndex(view_roles),
    }


# NB: registered on import: every catalog made from now on (and an old one, by evolve) holds them.
add_indexes(make_indexes)
