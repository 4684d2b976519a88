"""Schema changes of stored objects, as numbered evolve steps run by `oko evolve`.

A step is a function ``step(site)``; ``STEPS`` lists them in order and a
site remembers the number of the last one it has been through. A new
database is created at ``LATEST`` and needs none.
"""
import logging

log = logging.getLogger(__name__)


def _fill_indexes(site, names):
    from .resources import path_of, walk
    catalog, docmap = site.services["catalog"], site.services["docmap"]
    for region in site.values():
        for node in walk(region):
            docid = docmap.docid_for(path_of(node))
            if docid is not None:
                for name in names:
                    catalog[name].index_doc(docid, node)


def add_missing_indexes(site):
    """Add catalog indexes a newer core defines and index everything into them."""
    from .catalog import make_catalog
    catalog = site.services["catalog"]
    fresh = make_catalog()
    new = [name for name in fresh if name not in catalog]
    for name in new:
        catalog[name] = fresh[name]
    _fill_indexes(site, new)
    return new


def reindex_titles(site):
    """Rebuild the title index: titles now sort in natural order ("№ 2" before "№ 10")."""
    from .catalog import make_catalog
    site.services["catalog"]["title"] = make_catalog()["title"]
    _fill_indexes(site, ["title"])


def drop_unused_indexes(site):
    """Drop catalog indexes the core no longer reads (the per-school "code" index)."""
    from .catalog import make_catalog
    catalog = site.services["catalog"]
    for name in [n for n in catalog if n not in make_catalog()]:
        del catalog[name]


def add_search_indexes(site):
    """Full-text search: who may view each case object now, then the search indexes, filled."""
    from .plugins import Host, make_plugin_manager
    from .resources import path_of, region_code_of, walk
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

    from .catalog import FieldIndex
    catalog = site.services["catalog"]
    for index in catalog.values():
        if type(index) is HypatiaFieldIndex:
            # NB: the same stored data; only the class (and so reindex_doc) changes.
            index.__class__ = FieldIndex
            index._p_changed = True
    if "search_facets" in catalog:
        catalog["search_facets"].reset()
        _fill_indexes(site, ["search_facets"])


def uncatalog_registers(site):
    """Take the registers of acts out of the catalog (their acts stay in it)."""
    from .acts.model import ActRegister
    from .resources import path_of, walk
    catalog, docmap = site.services["catalog"], site.services["docmap"]
    for region in site.values():
        for node in walk(region):
            if isinstance(node, ActRegister):
                docid = docmap.remove(path_of(node))
                if docid is not None:
                    catalog.unindex_doc(docid)


def tuple_keyword_indexes(site):
    """Keyword indexes keep a document's keywords as a tuple, not a set record of their own."""
    from hypatia.keyword import KeywordIndex as HypatiaKeywordIndex

    from .catalog import KeywordIndex
    for index in site.services["catalog"].values():
        if type(index) is HypatiaKeywordIndex:
            # NB: the stored sets are read as they are and replaced as documents change.
            index.__class__ = KeywordIndex
            index._p_changed = True


def reindex_due(site):
    """Rebuild the ``due`` index, which now holds days as numbers."""
    from .catalog import make_catalog
    site.services["catalog"]["due"] = make_catalog()["due"]
    _fill_indexes(site, ["due"])


def lean_transition_indexes(site):
    """The indexes transitions and steps rewrite keep no reverse map, and small buckets (``core.leanindex``).

    NB: a reference to a persistent object names its class too, and the
    catalog's references were never rewritten by steps 6 and 9: a database
    loaded those indexes as hypatia's classes again. Every index gets the
    class the core gives it here, and the catalog is stored anew.
    """
    from .catalog import make_catalog
    from .leanindex import LeanFieldIndex, LeanKeywordIndex
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

    from .leanindex import DocidSet
    for attr in ("_rev_index", "_not_indexed", "_num_docs"):
        index.__dict__.pop(attr, None)
    for value, docids in list(index._fwd_index.items()):
        if isinstance(docids, LFTreeSet) and not isinstance(docids, DocidSet):
            index._fwd_index[value] = DocidSet(docids)


def file_tasks_with_states(site):
    """A workflow document's awaited roles are filed with its state (``core.leanindex.StateIndex``).

    Both indexes are rebuilt from the sets of the old ones: no document is read.
    """
    from .catalog import make_catalog
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


def teachers_by_municipality(site):
    """Each region's teacher deadline index keeps its dossiers by municipality (the coordinators' overdue pages)."""
    from BTrees.OOBTree import OOBTree

    from .teachers.deadlines import SERVICE
    for index in site.services.get(SERVICE, {}).values():
        if index.by_municipality is None:
            index.by_municipality = OOBTree()
            index._file_by_municipality(index.paths.items())


def access_by_steps(site):
    """Access as the steps hand it out: the audit journal; a teacher's own dossier held as its attestee;
    the experts once granted on a region put into its pool, and drawn for the dossiers due for review."""
    from .catalog import Query, reindex
    from .resources import path_of
    from .security.audit import audit_log
    from .security.roles import ATTESTEE, local_roles
    from .teachers import experts
    from .teachers.deadlines import awaiting_of
    from .teachers.model import TeacherDossier
    audit_log(site)
    users = site.services["users"]
    for region in site.values():
        for login, roles in local_roles(region).items():
            if "expert" in roles and login in users:
                experts.pool(region, create=True).setdefault(login, 0)
    query = Query(site)
    found = query.catalog["type_name"].eq(TeacherDossier.type_name).execute().all(resolve=False)
    for dossier in filter(None, map(query.resolve, found)):
        held = local_roles(dossier)
        if dossier.login in held and "teacher" in held[dossier.login]:
            roles = (held[dossier.login] - {"teacher"}) | {ATTESTEE}
            dossier.local_roles = {**held, dossier.login: roles}
            if dossier.login in users:
                users[dossier.login].grants[path_of(dossier)] = roles
        if dossier.awaits_expert:
            experts.draw(dossier)
        dossier.awaiting_roles = awaiting_of(dossier.step, dossier)
        reindex(dossier, ("awaiting",))


def deferred_text_indexes(site):
    """The text indexes note documents for a drain after the commit (``core.textqueue``).

    NB: as in step 10, the catalog is stored anew, for its references name the index's class.
    """
    from .textqueue import DeferredTextIndex, PendingDocids
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
    from .leanindex import DueIndex, MergingDocids
    catalog = site.services["catalog"]
    due = catalog["due"]
    if type(due) is DueIndex:
        return
    due.__class__ = DueIndex
    for value, docids in list(due._fwd_index.items()):
        due._fwd_index[value] = MergingDocids(docids)
    due._p_changed = True
    catalog._p_changed = True


def workflow_meanings(site):
    """Each workflow object keeps what its state means (``workflow_meaning``), as the workflow now writes it;
    the states of a stored quarterly monitoring say it too."""
    from .attestation.model import WORKFLOW
    from .attestation_monitoring.quarterly import snapshots
    from .catalog import Query
    from .cmm.model import BANK_NAME
    from .plugins import Host, make_plugin_manager
    from .resources import Region, region_code_of
    host = Host(make_plugin_manager())
    query = Query(site)
    regions = [node for node in site.values() if isinstance(node, Region)]
    # NB: every catalogued workflow object is filed under its state; CMM items are kept by their banks alone.
    found = [query.resolve(docid) for docid in query.catalog["state"].indexed()]
    banks = [bank for bank in [site.get(BANK_NAME)] + [r.get(BANK_NAME) for r in regions] if bank is not None]
    found += [item for bank in banks for item in bank.values()]
    for obj in found:
        if obj is None or getattr(obj, "workflow_state", None) is None or "workflow_meaning" in vars(obj):
            continue
        try:
            obj.workflow_meaning = host.workflow(region_code_of(obj), obj.workflow_name).states[
                obj.workflow_state].meaning
        except KeyError:
            log.warning("%s: нет рабочего процесса %s или состояния %s", obj.__name__, obj.workflow_name,
                        obj.workflow_state)
    for region in regions:
        workflow = host.workflow(region.code, WORKFLOW)
        for snapshot in snapshots(region):
            states = snapshot.figures.get("states", ())
            if all("meaning" in s for s in states):
                continue
            rows = [{**s, "meaning": getattr(workflow.states.get(s["state"]), "meaning", None)} for s in states]
            snapshot.figures = {**snapshot.figures, "states": rows}


def cmm_awaiting_items(site):
    """Each CMM bank keeps the codes of its items that await someone (``Bank.awaiting``): their tasks."""
    from BTrees.OOBTree import OOTreeSet

    from .cmm.tasks import banks_reached
    for bank in banks_reached(site):
        bank.awaiting = OOTreeSet()
        for item in bank.values():
            bank.note(item)


STEPS = [
    (1, "добавить недостающие индексы каталога", add_missing_indexes),
    (2, "естественный порядок названий в каталоге", reindex_titles),
    (3, "удалить неиспользуемые индексы каталога", drop_unused_indexes),
    (4, "индексы проекта 500+ (год, выполненные показатели)", add_missing_indexes),
    (5, "полнотекстовый поиск: права просмотра и поисковые индексы", add_search_indexes),
    (6, "быстрая переиндексация переходов; статус в поиске из индекса состояний", faster_field_indexes),
    (7, "реестры актов вне каталога", uncatalog_registers),
    (8, "сроки в каталоге как номера дней", reindex_due),
    (9, "ключевые индексы без отдельных записей на документ", tuple_keyword_indexes),
    (10, "индексы переходов: без обратных таблиц, малыми блоками", lean_transition_indexes),
    (11, "ожидаемые роли документа хранятся вместе с его состоянием", file_tasks_with_states),
    (12, "просроченные шаги аттестации педагогов по муниципалитетам", teachers_by_municipality),
    (13, "доступ по шагам: журнал аудита, аттестуемый педагог, пул экспертов региона", access_by_steps),
    (14, "полнотекстовые индексы пишутся после фиксации транзакции", deferred_text_indexes),
    (15, "наборы индекса сроков сливают одновременные изменения", merging_due_sets),
    (16, "смысл состояния рабочего процесса хранится в объекте", workflow_meanings),
    (17, "банки КИМ помнят задания, ожидающие решения (Мои задачи)", cmm_awaiting_items),
]
LATEST = STEPS[-1][0]


def pending(site):
    """Steps ``site`` has not been through yet."""
    return [step for step in STEPS if step[0] > getattr(site, "evolve_version", 0)]


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
