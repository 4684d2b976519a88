"""A common word's best postings, kept in order, so that a one-word search reads its page without a walk.

NB: ``Leaders`` is stored (by module and name): move or rename it only with an evolve step.
"""
import heapq

from persistent import Persistent

# How many of a common word's best postings are kept in order (``Leaders``): a page of results is 25, and a
# filter (a region, a type) keeps a share of them; a word with fewer left (documents taken out) is read afresh.
LEADERS, LEADERS_REFILL = 256, 64
# A word is common from so many documents: below it a walk over its postings costs a few hundred µs, and
# leaders of every word would be a record each (at 1,000,000 documents 116,000 words, 500 MB; these 800, 3.5 MB).
LEADERS_FROM = 4096


class Leaders(Persistent):
    """A word's best postings, ``((-weight, docid), ...)`` in order: the best first, equal weights by docid.

    They are exactly the first of the word's postings in that order: a
    document that ranks among them is put in (the last one then drops out),
    one taken out leaves the rest (still the first ones), and with fewer
    than ``LEADERS_REFILL`` left they are read afresh from the postings. A
    word has them while it holds ``LEADERS_FROM`` documents or more.

    NB: why. A common word's postings hold half a national corpus (700,000
    documents of 1,000,000): its 25 best were a walk over all of them, each
    weight made a Python float (30 ms and more); read here in order, the
    first that the user may view and the filters keep are the page.
    """

    def __init__(self, pairs=()):
        self.pairs = tuple(pairs)

    def without(self, docid, docs):
        """The pairs without ``docid`` (the same tuple when it is not among them), or None when fewer than
        ``LEADERS_REFILL`` were left: then they are read afresh from the postings ``docs`` here."""
        if all(pair[1] != docid for pair in self.pairs):
            return self.pairs
        pairs = tuple(pair for pair in self.pairs if pair[1] != docid)
        if len(pairs) >= LEADERS_REFILL:
            return pairs
        # NB: a scan of the postings, once in some LEADERS - LEADERS_REFILL documents taken out of the best.
        self.pairs = tuple(best_pairs(docs))
        return None


def best_pairs(docs, count=None):
    """The ``count`` (``LEADERS``) best ``(-weight, docid)`` of postings ``docs``, in order (a scan of them all)."""
    return heapq.nsmallest(count or LEADERS, ((-weight, docid) for docid, weight in docs.items()))
