"""Schema changes of stored objects, as numbered evolve steps run by `oko evolve`.

A step is a function ``step(site)``. The platform's steps are listed here;
each domain lists its own in ``core/<domain>/evolve.py`` (``STEPS`` of
``(number, title, step)``), found through ``core.DOMAINS``. Numbers are one
sequence over all of them, so a site remembers the number of the last step it
has been through. A new database is created at ``latest()`` and needs none.
"""
import functools
import importlib
import importlib.util
import logging

from core import DOMAINS
from core.catalog import FieldIndex, KeywordIndex, Query, make_catalog
from core.leanindex import DocidSet, DueIndex, LeanFieldIndex, LeanKeywordIndex, MergingDocids
from core.plugins import Host, make_plugin_manager
from core.resources import path_of, region_code_of, walk
from core.search.indexes import COMPLEMENTED, PARTITIONED, FacetIndex, SearchCosineIndex, ViewRolesIndex, large_buckets
from core.security.audit import audit_log
from core.security.directory import rebuild
from core.security.users import email_index, normal_email, users_of
from core.textqueue import DeferredTextIndex, PendingDocids
from core.workflow import History

log = logging.getLogger(__name__)


def _fill_indexes(site, names):
    catalog, docmap = site.services["catalog"], site.services["docmap"]
    for region in site.values():
        for node in walk(region):
            docid = docmap.docid_for(path_of(node))
            if docid is not None:
                for name in names:
                    catalog[name].index_doc(docid, node)


def add_missing_indexes(site):
    """Add catalog indexes a newer core defines and index everything into them."""
    catalog = site.services["catalog"]
    fresh = make_catalog()
    new = [name for name in fresh if name not in catalog]
    for name in new:
        catalog[name] = fresh[name]
    _fill_indexes(site, new)
    return new


def reindex_titles(site):
    """Rebuild the title index: titles now sort in natural order ("№ 2" before "№ 10")."""
    site.services["catalog"]["title"] = make_catalog()["title"]
    _fill_indexes(site, ["title"])


def drop_unused_indexes(site):
    """Drop catalog indexes the core no longer reads (the per-school "code" index)."""
    catalog = site.services["catalog"]
    for name in [n for n in catalog if n not in make_catalog()]:
        del catalog[name]


def add_search_indexes(site):
    """Full-text search: who may view each case object now, then the search indexes, filled."""
    # NB: the workflow writes view_roles on every move; objects that last
    # moved before it did get theirs from the workflows as installed now.
    host = Host(make_plugin_manager())
    changed = []
    for region in site.values():
        for node in walk(region):
            name, state = getattr(node, "workflow_name", None), getattr(node, "workflow_state", None)
            if name is None or state is None or getattr(node, "view_roles", None) is not None:
                continue
            try:
                node.view_roles = host.workflow(region_code_of(node), name).view_roles(state)
            except KeyError:
                log.warning("%s: нет рабочего процесса %s или состояния %s", node.__name__, name, state)
                continue
            changed.append(node)
    add_missing_indexes(site)
    # NB: step 1 may have added the search indexes already, before any view_roles.
    catalog, docmap = site.services["catalog"], site.services["docmap"]
    for node in changed:
        docid = docmap.docid_for(path_of(node))
        if docid is not None:
            catalog["view_roles"].reindex_doc(docid, node)


def faster_field_indexes(site):
    """Field indexes move a document between values in place; the status filter reads ``state``."""
    from hypatia.field import FieldIndex as HypatiaFieldIndex

    catalog = site.services["catalog"]
    for index in catalog.values():
        if type(index) is HypatiaFieldIndex:
            # NB: the same stored data; only the class (and so reindex_doc) changes.
            index.__class__ = FieldIndex
            index._p_changed = True
    if "search_facets" in catalog:
        catalog["search_facets"].reset()
        _fill_indexes(site, ["search_facets"])


def tuple_keyword_indexes(site):
    """Keyword indexes keep a document's keywords as a tuple, not a set record of their own."""
    from hypatia.keyword import KeywordIndex as HypatiaKeywordIndex

    for index in site.services["catalog"].values():
        if type(index) is HypatiaKeywordIndex:
            # NB: the stored sets are read as they are and replaced as documents change.
            index.__class__ = KeywordIndex
            index._p_changed = True


def reindex_due(site):
    """Rebuild the ``due`` index, which now holds days as numbers."""
    site.services["catalog"]["due"] = make_catalog()["due"]
    _fill_indexes(site, ["due"])


def lean_transition_indexes(site):
    """The indexes transitions and steps rewrite keep no reverse map, and small buckets (``core.leanindex``).

    NB: a reference to a persistent object names its class too, and the
    catalog's references were never rewritten by steps 6 and 9: a database
    loaded those indexes as hypatia's classes again. Every index gets the
    class the core gives it here, and the catalog is stored anew.
    """
    catalog, fresh = site.services["catalog"], make_catalog()
    # NB: the classes of this step: step 11 changes these two again, with what they file.
    as_then = {"state": LeanFieldIndex, "awaiting": LeanKeywordIndex}
    for name, index in catalog.items():
        current = type(fresh[name]) if name in fresh else type(index)
        wanted = as_then.get(name, current)
        if type(index) in (wanted, current):
            continue
        index.__class__ = wanted
        if wanted.__module__ == "core.leanindex":
            _make_lean(index)
        index._p_changed = True
    catalog._p_changed = True


def _make_lean(index):
    # NB: a lean index drops what it does without, and keeps its sets in small buckets.
    from BTrees.LFBTree import LFTreeSet

    for attr in ("_rev_index", "_not_indexed", "_num_docs"):
        index.__dict__.pop(attr, None)
    for value, docids in list(index._fwd_index.items()):
        if isinstance(docids, LFTreeSet) and not isinstance(docids, DocidSet):
            index._fwd_index[value] = DocidSet(docids)


def file_tasks_with_states(site):
    """A workflow document's awaited roles are filed with its state (``core.leanindex.StateIndex``).

    Both indexes are rebuilt from the sets of the old ones: no document is read.
    """
    catalog, fresh = site.services["catalog"], make_catalog()
    old_states, old_awaiting = catalog["state"], catalog["awaiting"]
    states, awaiting = fresh["state"], fresh["awaiting"]
    if type(old_states) is type(states) and type(old_awaiting) is type(awaiting):
        return
    roles_of = {}
    for role, docids in old_awaiting._fwd_index.items():
        for docid in docids:
            roles_of.setdefault(docid, []).append(role)
    for state, docids in old_states._fwd_index.items():
        for docid in docids:
            states._file(docid, {(state, tuple(sorted(roles_of.pop(docid, ()))))})
    for docid, roles in roles_of.items():
        awaiting._file(docid, roles)
    catalog["state"], catalog["awaiting"] = states, awaiting


def deferred_text_indexes(site):
    """The text indexes note documents for a drain after the commit (``core.textqueue``).

    NB: as in step 10, the catalog is stored anew, for its references name the index's class.
    """
    catalog = site.services["catalog"]
    for name in ("title_text", "search_text"):
        index = catalog.get(name)
        if index is None:
            continue
        if not isinstance(index, DeferredTextIndex):
            index.__class__ = DeferredTextIndex
        if getattr(index, "_pending", None) is None:
            index._pending = PendingDocids()
        index._p_changed = True
    catalog._p_changed = True


def merging_due_sets(site):
    """The deadlines index's sets merge concurrent moves (``core.leanindex.DueIndex``): copied into such sets."""
    catalog = site.services["catalog"]
    due = catalog["due"]
    if type(due) is DueIndex:
        return
    due.__class__ = DueIndex
    for value, docids in list(due._fwd_index.items()):
        due._fwd_index[value] = MergingDocids(docids)
    due._p_changed = True
    catalog._p_changed = True


def meaning_from_workflow(host, obj):
    """Write on ``obj`` what its state means, as its workflow (in its region) says; an unknown one is logged."""
    try:
        obj.workflow_meaning = host.workflow(region_code_of(obj), obj.workflow_name).states[
            obj.workflow_state].meaning
    except KeyError:
        log.warning("%s: нет рабочего процесса %s или состояния %s", obj.__name__, obj.workflow_name,
                    obj.workflow_state)


def workflow_meanings(site):
    """Each catalogued workflow object keeps what its state means (``workflow_meaning``), as workflows now write it."""
    host = Host(make_plugin_manager())
    query = Query(site)
    # NB: every catalogued workflow object is filed under its state (objects kept out of the catalog: their domain).
    for obj in map(query.resolve, query.catalog["state"].indexed()):
        if obj is not None and getattr(obj, "workflow_state", None) is not None \
                and "workflow_meaning" not in vars(obj):
            meaning_from_workflow(host, obj)


def index_user_emails(site):
    """Every user's e-mail address in the index by address (log-in and a new password by address).

    NB: two accounts of one address (typed by hand before addresses were unique): the first keeps it,
    the other is logged and keeps its address unindexed until its person changes it.
    """
    index = email_index(site)
    for login, user in users_of(site).items():
        email = normal_email(getattr(user, "email", ""))
        if not email:
            continue
        owner = index.setdefault(email, login)
        if owner != login:
            log.warning("Адрес %s указан у двух пользователей: %s и %s; по адресу находится %s.",
                        email, owner, login, owner)


def index_journal_people_and_kinds(site):
    """The audit journal is indexed by the person each entry is about and by its kind (roles, accounts)."""
    audit_log(site).index_people_and_kinds()


def bucketed_histories(site):
    """Every catalogued workflow object whose history is a tuple longer than a bucket keeps it in a ``History``.

    A shorter one stays a tuple (``core.workflow.append_history``); an object kept out of the
    catalog gets its ``History`` at its next transition.
    """
    query = Query(site)
    for obj in map(query.resolve, query.catalog["state"].indexed()):
        history = getattr(obj, "history", None) if obj is not None else None
        if isinstance(history, tuple) and len(history) > History.BUCKET:
            obj.history = History(history)


def search_sets(catalog):
    """The search's sets in large buckets, and the text index's count of each word's documents.

    NB: as in step 10, the catalog is stored anew, for its references name the indexes' classes.
    """
    index = catalog.get("search_text")
    if index is not None and isinstance(index.index, SearchCosineIndex):
        index.index.count_words()
    for name, cls in (("view_roles", ViewRolesIndex), ("search_facets", FacetIndex)):
        index = catalog.get(name)
        if index is not None:
            index.__class__ = cls
            large_buckets(index._fwd_index)
            index._p_changed = True
    catalog._p_changed = True


def large_search_sets(site):
    """Step 24: ``search_sets`` of the site's catalog."""
    search_sets(site.services["catalog"])


def complement_view_roles(site):
    """Step 25: who may view files, for operators and coordinators, the searchable documents they may not view."""
    index = site.services["catalog"].get("view_roles")
    if isinstance(index, ViewRolesIndex):
        index.complemented = COMPLEMENTED
        _fill_indexes(site, ["view_roles"])


def partition_types(site):
    """Step 26: a searchable object without a type is filed under "type:", so the types partition the search."""
    index = site.services["catalog"].get("search_facets")
    if isinstance(index, FacetIndex):
        index.partitioned = PARTITIONED
        _fill_indexes(site, ["search_facets"])


def best_postings(site):
    """Step 27: the best postings of each common word, in order (``core.search.indexes.Leaders``)."""
    index = site.services["catalog"].get("search_text")
    if index is not None and isinstance(index.index, SearchCosineIndex):
        index.index.keep_leaders()


def index_people(site):
    """The people directory the pickers search (``core.security.directory``), made from every account."""
    rebuild(site)


PLATFORM_STEPS = [
    (1, "добавить недостающие индексы каталога", add_missing_indexes),
    (2, "естественный порядок названий в каталоге", reindex_titles),
    (3, "удалить неиспользуемые индексы каталога", drop_unused_indexes),
    (4, "индексы проекта 500+ (год, выполненные показатели)", add_missing_indexes),
    (5, "полнотекстовый поиск: права просмотра и поисковые индексы", add_search_indexes),
    (6, "быстрая переиндексация переходов; статус в поиске из индекса состояний", faster_field_indexes),
    (8, "сроки в каталоге как номера дней", reindex_due),
    (9, "ключевые индексы без отдельных записей на документ", tuple_keyword_indexes),
    (10, "индексы переходов: без обратных таблиц, малыми блоками", lean_transition_indexes),
    (11, "ожидаемые роли документа хранятся вместе с его состоянием", file_tasks_with_states),
    (14, "полнотекстовые индексы пишутся после фиксации транзакции", deferred_text_indexes),
    (15, "наборы индекса сроков сливают одновременные изменения", merging_due_sets),
    (16, "смысл состояния рабочего процесса хранится в объекте", workflow_meanings),
    (19, "указатель адресов эл. почты пользователей", index_user_emails),
    (20, "журнал доступа: указатели по людям и видам записей", index_journal_people_and_kinds),
    (21, "справочник людей для выбора по имени, организации и роли", index_people),
    (22, "длинная история объекта хранится блоками: переход пишет только последний", bucketed_histories),
    (24, "поиск: наборы крупными блоками, число документов частого слова хранится", large_search_sets),
    (25, "поиск: для операторов и координаторов хранится, каких документов им не видно", complement_view_roles),
    (26, "поиск: документ без типа учтён, фильтр по типу исключает документы других типов", partition_types),
    (27, "поиск: лучшие документы частого слова хранятся по порядку", best_postings),
]


@functools.cache
def steps():
    """Every step, the platform's and the domains', in order of number.

    NB: read when first asked, not on import: a domain's evolve steps import
    its model, and the site (which imports this module) is below the domains.
    """
    steps = list(PLATFORM_STEPS)
    for domain in DOMAINS:
        if importlib.util.find_spec(f"{domain}.evolve") is not None:
            steps.extend(importlib.import_module(f"{domain}.evolve").STEPS)
    numbers = [number for number, _, _ in steps]
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"Evolve steps are not one sequence 1..n: {sorted(numbers)}")
    return tuple(sorted(steps, key=lambda step: step[0]))


def latest():
    """The number of the last step: a new database starts there."""
    return steps()[-1][0]


def pending(site):
    """Steps ``site`` has not been through yet."""
    return [step for step in steps() if step[0] > getattr(site, "evolve_version", 0)]


def evolve(site, commit=None, echo=print):
    """Run every pending step in order; ``commit()`` after each one keeps progress."""
    done = []
    for number, title, step in pending(site):
        echo(f"Шаг {number}: {title}")
        step(site)
        site.evolve_version = number
        if commit is not None:
            commit()
        done.append(number)
    return done
