"""The catalog: hypatia indexes kept on change, and the queries listings and tasks use.

Every object placed in the tree is indexed when it is added, reindexed when
its state changes and unindexed when removed, so no page ever walks the
tree. Documents are identified by a docid; the ``DocumentMap`` maps docids
to paths and back.
"""
import datetime
import itertools
import random
import re
import types

from BTrees.Length import Length
from BTrees.LOBTree import LOBTree
from BTrees.OLBTree import OLBTree
from hypatia.catalog import Catalog
from hypatia.text.parsetree import ParseError, QueryError
from hypatia.text.stopdict import get_stopdict
from persistent import Persistent

from core.indexes import FieldIndex, KeywordIndex  # noqa: F401
from core.leanindex import AwaitingIndex, DueIndex, LeanKeywordIndex, StateIndex
from core.refused import Refused
from core.resources import CLOSED_SCHOOL, events, path_of, traverse_path, walk
from core.textqueue import DeferredTextIndex

_DIGITS = re.compile(r"\d+")


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
# Makers of the indexes other packages keep in the catalog (search's), registered with ``add_indexes``.
_INDEX_MAKERS = []


def add_indexes(maker):
    """Have every catalog made from now on hold the indexes ``maker()`` returns (``{name: index}``).

    Search registers its indexes this way (``core.search.indexes``); an older
    site gets them from the evolve step that adds missing indexes.
    """
    if maker not in _INDEX_MAKERS:
        _INDEX_MAKERS.append(maker)


def make_catalog():
    """A catalog with the indexes the core needs and those registered with ``add_indexes``."""
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
    for maker in _INDEX_MAKERS:
        catalog.update(maker())
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
# NB: the tree announces its changes (core.resources.events) and imports no catalog: it keeps up here.
events.subscribe(events.ADDED, index_tree)
events.subscribe(events.REMOVING, unindex_tree)
events.subscribe(events.MODIFIED, reindex)

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

    def count_children(self, folder, type_name):
        """How many children of ``folder`` are of ``type_name`` (a region's municipalities, a municipality's schools).

        NB: a folder's other children (a register of acts, a CMM bank, a campaign) are the domains'
        business; the tree's pages count only the tree, and know no domain to subtract.
        """
        children = self.catalog["parent"]._fwd_index.get(path_of(folder))
        if not children:
            return 0
        # NB: the kinds looked up and counted in C: a region's page counts the schools of each municipality.
        return list(map(self.catalog["type_name"]._rev_index.get, children)).count(type_name)

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
        query = c["parent"].eq(path_of(folder)) & c["type_name"].noteq(CLOSED_SCHOOL)
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
        kinds = self.catalog["type_name"]._rev_index
        # NB: a closed school is listed no more (the region's page of organisations names it).
        docids = [d for d in docids if kinds.get(d) != CLOSED_SCHOOL]
        path_for = self.docmap.path_for
        if sort == "code":
            keyed = sorted(((path_for(d), d) for d in docids), reverse=reverse)
        else:
            titles = self.catalog["title"]._rev_index
            keyed = sorted(((titles[d], d) for d in docids if d in titles), reverse=reverse)
        names = (path_for(d).rsplit("/", 1)[-1] for _, d in keyed[offset:offset + limit])
        return [folder.get(name) for name in names], len(docids)

    def awaiting(self, places, limit=200):
        """Objects awaiting an action of a user who holds roles on ``places`` ({role: paths}), by due date.

        One query per role the user holds, not per grant: the objects awaiting
        that role, among those under any of the places it is held in. A
        curator of 4,000 schools asks as many questions as a curator of one.
        """
        if not places:
            return []
        family, awaiting = self.catalog.family, self.catalog["awaiting"]
        sets, checks = [], []
        for role, paths in sorted(places.items()):
            awaited = awaiting.applyAny([role])
            if len(awaited) <= len(paths):
                # NB: more places than objects awaiting the role: each object's own places are looked up
                # among them, and only for the objects the page reaches, in order of their deadlines.
                checks.append((awaited, paths))
            else:
                sets.append(self._under(awaited, paths))
        found = family.IF.multiunion(sets + [awaited for awaited, _ in checks])
        if not checks:
            result = self.catalog["due"].sort(found, limit=limit, raise_unsortable=False)
        else:
            mine = self._awaiting_check(sets, checks)
            # NB: scanned from the soonest deadline, lazily: the page's objects are checked, not all that wait.
            result = itertools.islice(filter(mine, self.catalog["due"].soonest(found)), limit)
        return [obj for obj in map(self.resolve, result) if obj is not None]

    def _under(self, awaited, paths):
        """The docids of ``awaited`` under one of ``paths`` (the objects under each path, joined)."""
        family, fwd = self.catalog.family, self.catalog["ancestors"]._fwd_index
        under = family.IF.multiunion([docids for docids in map(fwd.get, paths) if docids is not None])
        return family.IF.intersection(awaited, under)

    def _awaiting_check(self, sets, checks):
        """Whether a docid is in one of ``sets``, or in one of the ``(awaited, paths)`` of ``checks`` under a path."""
        rev = self.catalog["ancestors"]._rev_index

        def mine(docid):
            if any(docid in found for found in sets):
                return True
            ancestors = rev.get(docid, ())
            return any(docid in awaited and not paths.isdisjoint(ancestors) for awaited, paths in checks)
        return mine

