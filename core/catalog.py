"""The catalog: hypatia indexes kept on change, and the queries listings and tasks use.

Every object placed in the tree is indexed when it is added, reindexed when
its state changes and unindexed when removed, so no page ever walks the
tree. Documents are identified by a docid; the ``DocumentMap`` maps docids
to paths and back.
"""
import datetime
import random
import re
import types

from BTrees.Length import Length
from BTrees.LOBTree import LOBTree
from BTrees.OLBTree import OLBTree
from hypatia.catalog import Catalog
from hypatia.field import FieldIndex as HypatiaFieldIndex
from hypatia.keyword import KeywordIndex as HypatiaKeywordIndex
from hypatia.text.parsetree import ParseError, QueryError
from hypatia.text.stopdict import get_stopdict
from persistent import Persistent

from core.refused import Refused
from core.resources import path_of, traverse_path, walk
from core.search.indexes import make_indexes as make_search_indexes
from core.textqueue import DeferredTextIndex

_DIGITS = re.compile(r"\d+")
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


class DocumentMap(Persistent):
    """docid <-> path."""

    def __init__(self):
        self.docid_to_path = LOBTree()
        self.path_to_docid = OLBTree()
        self.count = Length()

    def add(self, path):
        """A new docid for ``path`` (or its existing one)."""
        docid = self.path_to_docid.get(path)
        if docid is not None:
            return docid
        # NB: random docids spread inserts over the BTree, so concurrent additions
        # rarely conflict; below 2**31 one pickles in 5 bytes (index buckets hold them), not 10.
        while True:
            docid = random.randrange(1, 2 ** 31)
            if self.docid_to_path.insert(docid, path):
                break
        self.path_to_docid[path] = docid
        self.count.change(1)
        return docid

    def remove(self, path):
        """Forget ``path``; returns its docid or None."""
        docid = self.path_to_docid.pop(path, None)
        if docid is not None:
            del self.docid_to_path[docid]
            self.count.change(-1)
        return docid

    def docid_for(self, path):
        """The docid of ``path``, or None."""
        return self.path_to_docid.get(path)

    def path_for(self, docid):
        """The path of ``docid``, or None."""
        return self.docid_to_path.get(docid)


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


def _parent_path(obj, default):
    parent = getattr(obj, "__parent__", None)
    return path_of(parent) if parent is not None else default


def _ancestors(obj, default):
    # NB: only case objects are looked up by subtree ("Мои задачи",
    # dashboards); leaving the 40,000 org nodes out keeps a national import small.
    if getattr(obj, "workflow_name", None) is None and not getattr(obj, "is_case", False):
        return default
    paths, node = [], obj
    while node is not None:
        paths.append(path_of(node))
        node = node.__parent__
    return paths


def _title_key(obj, default):
    title = getattr(obj, "title", None)
    return natural_key(title) if title else default


def natural_key(text):
    """A sort key that puts "№ 2" before "№ 10", ignoring case."""
    return _DIGITS.sub(lambda m: m.group().zfill(12), text.casefold())


def _title_words(obj, default):
    return getattr(obj, "title", None) or default


def _awaiting(obj, default):
    # NB: nobody awaited is an empty list, not the default: see KeywordIndex.
    roles = getattr(obj, "awaiting_roles", None)
    return list(roles) if roles is not None else default


# What ``due`` holds for a task with no deadline: after every real day.
NO_DEADLINE = datetime.date.max.toordinal() + 1


def _due_day(obj, default):
    # NB: days as numbers: every transition rewrites a bucket of this index,
    # and a bucket of dates pickles several times slower than one of ints.
    # A case with no deadline is still indexed, so "Мои задачи" sorts it last.
    if not hasattr(obj, "due"):
        return default
    return obj.due.toordinal() if obj.due is not None else NO_DEADLINE


def due_day(date):
    """The value the ``due`` index holds for ``date`` (to query it)."""
    return date.toordinal()


def _indicators(obj, default):
    met = getattr(obj, "indicators_met", None)
    return list(met) if met is not None else default


# NB: indexes pickle their discriminators by name: the functions above are
# part of the stored schema; rename one only with an evolve step.
def make_catalog():
    """A catalog with the indexes the core needs."""
    from core.leanindex import AwaitingIndex, DueIndex, LeanKeywordIndex, StateIndex
    catalog = Catalog()
    catalog["type_name"] = FieldIndex("type_name")
    catalog["parent"] = FieldIndex(_parent_path)
    catalog["ancestors"] = KeywordIndex(_ancestors)
    catalog["title"] = FieldIndex(_title_key)
    # NB: written after the commit (core.textqueue): concurrent writers collided on its postings.
    catalog["title_text"] = DeferredTextIndex(_title_words)
    catalog["school_type"] = FieldIndex("school_type")
    # NB: what transitions and steps move between few values has no reverse map (core.leanindex);
    # a workflow document's state and who is awaited in it are one entry of ``state``.
    catalog["state"] = StateIndex("workflow_state")
    catalog["awaiting"] = AwaitingIndex(_awaiting, catalog["state"])
    catalog["due"] = DueIndex(_due_day)
    catalog["year"] = FieldIndex("project_year")
    catalog["indicators"] = LeanKeywordIndex(_indicators)
    # Full-text search (core.search): only objects that have search_text().
    catalog.update(make_search_indexes())
    return catalog


def find_services(obj):
    """The site services (catalog, docmap, users) of the tree ``obj`` is in, or None."""
    while obj.__parent__ is not None:
        obj = obj.__parent__
    services = getattr(obj, "services", None)
    # NB: a tree built outside a site (unit tests, imports into a scratch
    # root) has no catalog, and needs none.
    return services if services is not None and "catalog" in services else None


def index_tree(obj):
    """Index ``obj`` and everything below it (a move brings a whole subtree)."""
    services = find_services(obj)
    if services is None:
        return
    catalog, docmap = services["catalog"], services["docmap"]
    for node in walk(obj):
        # NB: a container that is no case and no place of its own (a register
        # of acts) is left out, so listings of its parent show only the tree.
        if getattr(node, "catalogued", True):
            catalog.index_doc(docmap.add(path_of(node)), node)


def unindex_tree(obj):
    """Remove ``obj`` and everything below it from the catalog."""
    services = find_services(obj)
    if services is None:
        return
    catalog, docmap = services["catalog"], services["docmap"]
    for node in walk(obj):
        docid = docmap.remove(path_of(node))
        if docid is not None:
            catalog.unindex_doc(docid)


# What a workflow transition or a step changes, by index; a listener that changes more reindexes it.
TRANSITION_ATTRIBUTES = {"state": "workflow_state", "awaiting": "awaiting_roles", "due": "due",
                         "view_roles": "view_roles", "indicators": "indicators_met"}
TRANSITION_INDEXES = tuple(TRANSITION_ATTRIBUTES)


def transition_values(obj):
    """What the transition indexes read from ``obj`` now: keep it to reindex what a change changed."""
    return {name: getattr(obj, attr, None) for name, attr in TRANSITION_ATTRIBUTES.items()}


def reindex_changed(obj, before):
    """Reindex the transition indexes of ``obj`` whose value differs from ``before`` (``transition_values``).

    Who may view a document, and often who is awaited, stay the same across a
    transition: their indexes are not even read then. The indexes without a
    reverse map are told the old values, so they need not look for them.
    """
    changed = {name for name, attr in TRANSITION_ATTRIBUTES.items() if getattr(obj, attr, None) != before.get(name)}
    if "awaiting" in changed:
        # NB: an index kept only while awaited may hold a value from before: awaited again, it is refreshed.
        changed |= AWAITED_ONLY
    if changed:
        reindex(obj, [name for name in TRANSITION_ATTRIBUTES if name in changed], before)


# Indexes read only together with ``awaiting`` ("Мои задачи", `oko remind`):
# an object nobody awaits keeps the value it had when last awaited, so that a
# transition out of everyone's hands (confirming, closing) does not move it
# between two sets of a national index for nothing. Query them with ``awaiting``.
AWAITED_ONLY = frozenset({"due"})


def reindex(obj, names=None, before=None):
    """Bring the catalog up to date with ``obj`` after it changed (only ``names``, if given).

    ``before``: what ``transition_values`` read from ``obj`` before the change, if kept.
    """
    services = find_services(obj)
    if services is None:
        return
    docid = services["docmap"].docid_for(path_of(obj))
    if docid is None:
        return
    catalog = services["catalog"]
    if names is None:
        catalog.reindex_doc(docid, obj)
        return
    # NB: the hot path of every case: the other indexes would rewrite their entries for nothing.
    if "awaiting" in names and "state" not in names and getattr(obj, "workflow_state", None) is not None:
        names = [*names, "state"]  # a workflow document's awaited roles are filed with its state
    awaited = bool(getattr(obj, "awaiting_roles", None))
    old = None
    if before is not None:
        old = types.SimpleNamespace(**{TRANSITION_ATTRIBUTES[name]: value for name, value in before.items()
                                       if value is not None and name in TRANSITION_ATTRIBUTES})
    for name in names:
        index = catalog[name]
        if name in AWAITED_ONLY and not awaited and docid in index._rev_index:
            continue
        if old is not None and hasattr(index, "values_for"):
            index.reindex_doc(docid, obj, old=index.values_for(old))
        else:
            index.reindex_doc(docid, obj)


# What the title index takes for a word (hypatia's Splitter); what is typed is split the same way.
_WORD = re.compile(r"\w+")
_STOP_WORDS = frozenset(get_stopdict())


class TextQueryRefused(Refused, ValueError):
    """A listing's title filter (``q``) that cannot be looked for; ``str(exc)`` is the Russian reason."""

    ERROR = "validation"

    def __init__(self, message):
        super().__init__(message, "invalid", [{"field": "q", "message": message}])


def title_query(text):
    """The ``title_text`` query for a listing filter typed as ``text``: every word of it, as a prefix.

    The text is taken literally: brackets, quotes, minus, asterisks and the
    words AND/OR/NOT separate words of a title («МАОУ СОШ № 1 (Екатеринбург)»)
    and are never the index's query syntax, so «СОШ (Екатеринбург)» finds that
    school. Raises TextQueryRefused when the text holds no word at all.
    """
    words = [word.lower() for word in _WORD.findall(text)]
    if not words:
        raise TextQueryRefused(f"В строке поиска «{text}» нет ни одного слова: введите часть названия "
                               f"(буквы или цифры).")
    # NB: the index leaves its stop words out of titles ("a", "and", "of"...): looked for, they would
    # find nothing; they count only when nothing else was typed.
    words = [word for word in words if word not in _STOP_WORDS] or words
    # NB: a word followed by "*" is a prefix, never a key word (AND, OR, NOT) of the parser.
    return " ".join(word + "*" for word in words)


class Query:
    """Catalog queries over one site, resolving docids to objects."""

    def __init__(self, site):
        self.site = site
        self.catalog = site.services["catalog"]
        self.docmap = site.services["docmap"]

    def resolve(self, docid):
        """The object of ``docid`` (None when it vanished)."""
        path = self.docmap.path_for(docid)
        return traverse_path(self.site, path) if path is not None else None

    def children(self, folder, sort="title", reverse=False, school_type=None, text=None,
                 offset=0, limit=25):
        """One page of ``folder``'s children, filtered and sorted, and the total count.

        ``text`` keeps the children with every word of it in their titles
        (``title_query``); TextQueryRefused (Russian) when it cannot.
        """
        c = self.catalog
        text = (text or "").strip()
        if not school_type and not text:
            return self._children_by_parent(folder, sort, reverse, offset, limit)
        query = c["parent"].eq(path_of(folder))
        if school_type:
            query = query & c["school_type"].eq(school_type)
        if text:
            query = query & c["title_text"].contains(title_query(text))
        try:
            result = query.execute()
        except (ParseError, QueryError):
            # NB: title_query leaves the parser nothing to stumble on; should it ever, a refusal, not a 500.
            raise TextQueryRefused(f"Строку поиска «{text}» не удаётся разобрать: введите часть названия "
                                   f"без служебных знаков.") from None
        total = len(result)
        if sort == "code":
            # NB: a child's code is its name, the last part of its path; a
            # folder's children are few enough to sort their paths here, and
            # an index of unique codes would cost a stored set per object.
            ordered = sorted(result.all(resolve=False), key=self.docmap.path_for, reverse=reverse)
        else:
            ordered = result.sort(c["title"], reverse=reverse, limit=offset + limit,
                                  raise_unsortable=False).all(resolve=False)
        docids = list(ordered)[offset:offset + limit]
        # NB: every hit is a child of ``folder``: its name ends its path.
        names = (self.docmap.path_for(d).rsplit("/", 1)[-1] for d in docids)
        return [folder.get(name) for name in names], total

    def _children_by_parent(self, folder, sort, reverse, offset, limit):
        # NB: the unfiltered listing every page of the tree shows: the parent's
        # set and the title index's values read directly, without building
        # a query, a result set and a sort plan for a few dozen children.
        docids = self.catalog["parent"]._fwd_index.get(path_of(folder))
        if not docids:
            return [], 0
        path_for = self.docmap.path_for
        if sort == "code":
            keyed = sorted(((path_for(d), d) for d in docids), reverse=reverse)
        else:
            titles = self.catalog["title"]._rev_index
            keyed = sorted(((titles[d], d) for d in docids if d in titles), reverse=reverse)
        names = (path_for(d).rsplit("/", 1)[-1] for _, d in keyed[offset:offset + limit])
        return [folder.get(name) for name in names], len(docids)

    def awaiting(self, grants, limit=200):
        """Objects awaiting an action of a user with ``grants`` ({path: roles}), by due date."""
        c = self.catalog
        query = None
        for path, roles in grants.items():
            q = c["ancestors"].any([path]) & c["awaiting"].any(list(roles))
            query = q if query is None else query | q
        if query is None:
            return []
        result = query.execute().sort(c["due"], limit=limit, raise_unsortable=False)
        return [obj for obj in map(self.resolve, result.all(resolve=False)) if obj is not None]
