"""A search: the query's terms, the filters and what the user may see, ranked and paged.

What a person asked comes in as ``core.search.params.SearchParams``.

Every word of the query must occur (in any inflected form); a word ending
in ``*`` matches every term it begins; words in quotes (``"…"`` or ``«…»``)
must stand together, in that order; a word after ``-`` must not occur.
The cheap sets come first — what the user may view, then type, kind,
status, authority and dates — and the query's postings are intersected
with them, so only documents that will be shown in some page are ever
scored (hypatia's cosine measure) or sorted.
"""
import dataclasses
import datetime
import functools
import heapq
import itertools
import re
from operator import itemgetter

import BTrees
from hypatia.text import widcode
from hypatia.text.baseindex import inverse_doc_frequency
from hypatia.text.setops import mass_weightedUnion

from core.search.lexicon import MAX_WORD, WORD, fold, terms
from core.security.roles import AUTHENTICATED

# A prefix ("аттест*") matching more terms than this is too vague to rank.
MAX_EXPANSION = 200
IF = BTrees.family64.IF


@dataclasses.dataclass(frozen=True)
class ParsedQuery:
    """The terms every hit must contain, the prefixes it must contain a term of, the phrases
    (runs of terms) it must hold in order, and the terms it must not contain."""

    terms: tuple
    prefixes: tuple
    phrases: tuple = ()
    excluded: tuple = ()

    def __bool__(self):
        # NB: only what a hit must hold makes a query: "-слово" alone would list everything else.
        return bool(self.terms or self.prefixes)


_PHRASE = re.compile(r'"([^"]*)"?|«([^»]*)»?')


def parse_query(text):
    """The terms, prefixes, phrases and excluded terms of a query (stop words dropped, duplicates merged)."""
    text, phrases = text or "", []
    for match in _PHRASE.finditer(text):
        run = tuple(terms(match.group(1) or match.group(2) or ""))
        # NB: one word in quotes is just that word; stop words are left out of the run, as of the index.
        if len(run) > 1:
            phrases.append(run)
    words, prefixes, excluded = [], [], []
    for token in _PHRASE.sub(lambda m: f" {m.group(1) or m.group(2) or ''} ", text).split():
        core = token.rstrip("*")
        if token.startswith("-"):
            excluded.extend(terms(token[1:]))
        elif token.endswith("*") and 3 <= len(core) <= MAX_WORD and WORD.fullmatch(core):
            # NB: a prefix is taken as typed, not stemmed: «аттест*» must reach «аттестат» too.
            prefixes.append(fold(core))
        else:
            words.extend(terms(token))
    return ParsedQuery(*(tuple(dict.fromkeys(found)) for found in (words, prefixes, phrases, excluded)))


@dataclasses.dataclass
class Hits:
    """One page of a search: the docids to show, how many there are, and what was looked for."""

    query: ParsedQuery
    total: int = 0
    docids: list = dataclasses.field(default_factory=list)
    scores: dict = dataclasses.field(default_factory=dict)


def _docs(index, values):
    """The docids a keyword index files under any of ``values``.

    NB: for one value, the index's own set (never changed here): copying a
    set of 100,000 docids would cost more than the rest of a search.
    """
    sets = [found for found in map(index._fwd_index.get, values) if found]
    if not sets:
        return IF.Set()
    return sets[0] if len(sets) == 1 else IF.multiunion(sets)


def visible(catalog, grants):
    """The docids the holder of ``grants`` ({path: roles}) may view.

    The security policy's rule, as sets: a role granted on the object or
    an ancestor of it that holds "view" in the object's state; or view
    granted to every logged-in user.
    """
    ancestors, roles_index = catalog["ancestors"], catalog["view_roles"]
    parts = [_docs(roles_index, [AUTHENTICATED])]
    for path, roles in grants.items():
        if not roles:
            continue
        viewers = _docs(roles_index, sorted(roles))
        # NB: a grant on the root covers every case object: no subtree to intersect.
        parts.append(viewers if path == "/" else IF.intersection(_docs(ancestors, [path]), viewers))
    parts = [part for part in parts if part]
    if len(parts) <= 1:
        return parts[0] if parts else IF.Set()
    return IF.multiunion(parts)


# Candidates up to this many are checked one by one against a large set (a lookup in its
# tree each) rather than merged with it: BTrees' intersection walks both sets whole.
FEW = 1000
# NB: more too, while the set is LOOKUP times larger: a lookup costs about as much as
# walking 15 docids of a merge (~0.3 µs and ~20 ns, measured on 1,000,000 docids).
LOOKUP = 15
# Of a search's scores, every SAMPLE-th is looked at to find where the best ones begin.
SAMPLE = 32


def _within(candidates, sets):
    """The docids of ``candidates`` in any of ``sets``: ``candidates`` ∩ (∪ ``sets``)."""
    sets = [found for found in sets if found]
    if not sets or not candidates:
        return IF.Set()
    count = len(candidates)
    if count <= FEW or count * LOOKUP < sum(map(_size, sets)):
        if len(sets) == 1:
            # NB: one set (the usual case) without any() and its generator, which cost more than the lookup.
            found = sets[0]
            return IF.Set([d for d in candidates if d in found])
        return IF.Set([d for d in candidates if any(d in found for found in sets)])
    return IF.intersection(candidates, sets[0] if len(sets) == 1 else IF.multiunion(sets))


def _without(candidates, excluded):
    """The docids of ``candidates`` not in ``excluded``; ``candidates`` themselves when none is."""
    if not excluded or not candidates:
        return candidates
    count = len(candidates)
    if _size(excluded) * LOOKUP < count:
        # NB: few to take out of many: look each up; when none is there (the usual case), nothing is copied.
        excluded = [d for d in excluded if d in candidates]
        if not excluded:
            return candidates
        excluded = IF.Set(excluded)
    elif count <= FEW or count * LOOKUP < _size(excluded):
        return IF.Set([d for d in candidates if d not in excluded])
    return IF.difference(candidates, excluded)


def _viewed_by(roles_index, candidates, roles):
    """The docids of ``candidates`` a holder of any of ``roles`` may view (on their own place).

    When the index keeps what each of the roles may not view (``hidden_from``),
    and that is the smaller side, what all of them may not view is taken out;
    otherwise the candidates are kept within the roles' sets.
    """
    get = roles_index._fwd_index.get
    viewers = [get(role) for role in roles]
    hidden = [roles_index.hidden_from(role) for role in roles] if hasattr(roles_index, "hidden_from") else [None]
    if None not in hidden:
        excluded = functools.reduce(IF.intersection, sorted(hidden, key=_size))
        if _size(excluded) <= sum(_size(found) for found in viewers if found):
            return _without(candidates, excluded)
    return _within(candidates, viewers)


def visible_among(catalog, grants, candidates):
    """The docids of ``candidates`` the holder of ``grants`` may view: ``visible()`` ∩ ``candidates``.

    NB: without building ``visible()``: a regional operator may view a third
    of a national corpus, and that set, built for every search, cost more than
    the rest of it; the few candidates of a query are looked up instead.
    """
    ancestors, roles_index = catalog["ancestors"], catalog["view_roles"]
    parts = [_within(candidates, [roles_index._fwd_index.get(AUTHENTICATED)])]
    for path, roles in grants.items():
        if not roles:
            continue
        # NB: a grant on the root covers every case object: no subtree to check. Else the
        # subtree first: it is smaller than who holds a role (often everything), and what
        # it leaves may be few enough to look up in the role's set rather than walk it.
        within = candidates if path == "/" else _within(candidates, [ancestors._fwd_index.get(path)])
        parts.append(_viewed_by(roles_index, within, sorted(roles)))
    parts = [part for part in parts if part]
    if len(parts) <= 1:
        return parts[0] if parts else IF.Set()
    return IF.multiunion(parts)


def filters(catalog, params):
    """``(sets, excluded)``: the docid sets of the filters in ``params`` (type, kind, status, authority,
    dates) a hit must be in, and those it must not be in (the documents of the other types, when
    fewer than those of the type asked for)."""
    facets, excluded = catalog["search_facets"], []
    sets = [_docs(facets, [f"kind:{params.kind}"])] if params.kind else []
    if params.type:
        found = _docs(facets, [f"type:{params.type}"])
        others = facets.others("type", params.type) if hasattr(facets, "others") else None
        if others is not None and _size(others) < _size(found):
            excluded.append(others)
        else:
            sets.append(found)
    if params.status:
        # NB: a searchable object's status is its workflow state.
        sets.append(catalog["state"].applyEq(params.status))
    if params.authority:
        sets.append(_docs(catalog["ancestors"], [params.authority]))
    if params.date_from or params.date_to:
        sets.append(catalog["search_date"].applyInRange(params.date_from or datetime.date.min,
                                                        params.date_to or datetime.date.max))
    return sets, excluded


def _posting(index, wid):
    docs = index._wordinfo[wid]
    # NB: hypatia keeps a word of few documents in a dict, of more in a BTree.
    return IF.Bucket(docs) if isinstance(docs, dict) else docs


def _clauses(index, query):
    """``[[wid, ...], ...]``: one list per term or prefix; None when one cannot match."""
    lexicon, known = index.lexicon, index._wordinfo
    clauses = []
    for term in query.terms:
        wid = lexicon.get_wid(term)
        if not wid or wid not in known:
            return None
        clauses.append([wid])
    for prefix in query.prefixes:
        wids = [w for w in lexicon.globToWordIds(prefix + "*")[:MAX_EXPANSION] if w in known]
        if not wids:
            return None
        clauses.append(wids)
    return clauses


def _frequency(index, wid):
    # NB: an index stored before it kept its words' counts (until evolved) counts the postings.
    count = getattr(index, "doc_frequency", None)
    return count(wid) if count is not None else len(index._wordinfo[wid])


def _matching(index, wids):
    """``(docids, weight, size)``: docids holding a term of ``wids``, each weighted
    w(d, t) * idf(t) (hypatia's cosine terms), and how many they are."""
    # NB: the Length, not len(_docweight), which would load every bucket of it.
    n = float(index.indexed_count())
    counts = [_frequency(index, w) for w in wids]
    pairs = [(_posting(index, w), inverse_doc_frequency(count, n)) for w, count in zip(wids, counts)]
    if len(pairs) == 1:
        return (*pairs[0], counts[0])
    union = mass_weightedUnion(pairs)
    return union, 1.0, len(union)


def _size(docids):
    """About how many ``docids`` a set holds, reading a tree's top nodes and first bucket only.

    NB: ``len()`` of a BTree walks every bucket of it, loading each one not
    in the cache: to order the sets of a search (a filter of 300,000
    documents, ~5,000 buckets) that cost more than intersecting them.
    """
    if not hasattr(docids, "_firstbucket"):
        return len(docids)
    state = docids.__getstate__()
    if state is None or len(state) == 1:
        # NB: empty, or one bucket held in the tree's own record.
        return len(docids)
    width, node = 1, docids
    while hasattr(node, "_firstbucket"):
        children = node.__getstate__()[0][::2]
        width *= len(children)
        node = children[0]
    return width * len(node)


def _newest_first(dates, docids, count):
    """Up to ``count`` of ``docids``, newest first; undated ones after the dated."""
    out, values = [], dates._fwd_index
    keys = values.keys()
    for i in range(len(keys) - 1, -1, -1):
        found = IF.intersection(values[keys[i]], docids)
        out.extend(found)
        if len(out) >= count:
            return out[:count]
    # NB: an act not yet dated still belongs in the list: after the dated ones.
    undated = IF.difference(docids, IF.multiunion(list(values.values())))
    out.extend(itertools.islice(undated, count - len(out)))
    return out


def search(catalog, grants, params, offset=0, limit=25):
    """One page of what ``params`` finds among what ``grants`` may view."""
    query = parse_query(params.q)
    hits = Hits(query)
    if not query:
        return hits
    index = catalog["search_text"].index
    clauses = _clauses(index, query)
    if clauses is None:
        return hits
    matching = [_matching(index, wids) for wids in clauses]
    # NB: the smallest set first: every intersection after it is small; what the user
    # may view is checked last, on what the words and the filters left.
    included, excluded = filters(catalog, params)
    sized = [*((_size(found), found) for found in included), *((size, m) for m, _, size in matching)]
    sets = [found for _, found in sorted(sized, key=itemgetter(0))]
    candidates = sets[0]
    for other in sets[1:]:
        if not candidates:
            return hits
        candidates = _within(candidates, [other])
    for other in excluded:
        candidates = _without(candidates, other)
    candidates = visible_among(catalog, grants, candidates)
    candidates = _narrowed(index, candidates, query)
    hits.total = len(candidates)
    if not candidates or offset >= hits.total:
        return hits
    end = offset + limit
    if params.sort == "date":
        hits.docids = _newest_first(catalog["search_date"], candidates, end)[offset:]
        return hits
    if len(matching) == 1:
        # NB: one word: its postings are the scores (each times the word's weight, which orders nothing).
        # The best of them are kept in order (``Leaders``): the first candidates among them are the page.
        # Else, when every document holding it may be shown, its postings are walked, not merged with themselves.
        docs, weight, _ = matching[0]
        best = _leading(index, clauses[0], candidates, end)
        if best is None and docs is candidates:
            best = _best(docs, end)
        if best is not None:
            best = best[offset:]
            hits.docids = [docid for docid, _ in best]
            hits.scores = {docid: score * weight for docid, score in best}
            return hits
    scores = None
    few = len(candidates) <= FEW
    for docs, weight, _ in matching:
        if few:
            # NB: a few candidates' weights looked up, not the whole postings of a common word
            # walked (and loaded); the same C arithmetic below, so the same scores.
            get = docs.get
            docs = IF.Bucket([(docid, get(docid)) for docid in candidates])
        _, scored = IF.weightedIntersection(docs, candidates, weight, 0)
        scores = scored if scores is None else IF.weightedUnion(scores, scored)[1]
    best = _best(scores, end)[offset:]
    hits.docids = [docid for docid, _ in best]
    hits.scores = dict(best)
    return hits


def _leading(index, wids, candidates, count):
    """``[(docid, weight)]``: the ``count`` best of ``candidates`` for one word (``wids`` one term), read
    from its best postings (``SearchCosineIndex.leaders``); None when they cannot tell (none kept, a
    prefix of several terms, or fewer candidates among them than asked)."""
    leaders = getattr(index, "leaders", None)
    pairs = leaders(wids[0]) if leaders is not None and len(wids) == 1 else None
    if pairs is None:
        return None
    best = []
    for negative, docid in pairs:
        if docid in candidates:
            best.append((docid, -negative))
            if len(best) == count:
                return best
    # NB: fewer than asked: the leaders are never every document of the word (LEADERS < LEADERS_FROM), so
    # there may be more below them.
    return None


def _narrowed(index, candidates, query):
    """The candidates without the excluded terms, and holding every phrase, its terms side by side."""
    lexicon, known = index.lexicon, index._wordinfo
    for term in query.excluded:
        wid = lexicon.get_wid(term)
        if wid and wid in known:
            candidates = IF.difference(candidates, _posting(index, wid))
    if not query.phrases or not candidates:
        return candidates
    # NB: every term of a phrase is a term of the query, so the candidates hold them all: what is
    # left to see is their order, in the document's sequence of terms (hypatia's search_phrase).
    codes = [widcode.encode([lexicon.get_wid(term) for term in run]) for run in query.phrases]
    docwords = index._docwords
    return IF.Set(d for d in candidates if all(docwords[d].find(code) >= 0 for code in codes))


def _best(scores, count):
    """The ``count`` best ``(docid, score)`` of a scored bucket, best first (equal scores by docid)."""
    values = list(scores.values())
    if len(values) <= 4 * count:
        return sorted(zip(scores.keys(), values), key=itemgetter(1), reverse=True)[:count]
    # NB: a threshold from every SAMPLE-th score (a little below where the count-th best
    # should be), then the scores that reach it, then where they are (list.index, in C):
    # over 100,000 scores a few ms, where heapq.nlargest, a sort or pairing every docid
    # with its score took several times more.
    sample = values[::SAMPLE]
    threshold = heapq.nlargest(min(len(sample), 2 * (count // SAMPLE) + 8), sample)[-1]
    top = [value for value in values if value >= threshold]
    if len(top) < count:
        threshold = heapq.nlargest(count, values)[-1]
        top = [value for value in values if value >= threshold]
    # NB: the docids as a set, made in C (a bucket's keys() is a list of them all), read by position.
    keys, pairs, at = IF.union(IF.Set(), scores), [], -1
    for value in top:
        # NB: ``top`` keeps the order of ``values``: the next one is the next that reaches the threshold.
        at = values.index(value, at + 1)
        pairs.append((keys[at], value))
    return sorted(pairs, key=itemgetter(1), reverse=True)[:count]
