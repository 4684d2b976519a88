"""The catalog's own field index and the evolve step that installs it."""
import transaction
from hypatia.field import FieldIndex as HypatiaFieldIndex

from core.catalog import NO_DEADLINE, TRANSITION_INDEXES, FieldIndex
from core.evolve import faster_field_indexes
from tests.factories import edit, make_document


class Doc:
    def __init__(self, state):
        self.workflow_state = state


def test_moving_a_document_between_values_keeps_the_counter_untouched():
    index = FieldIndex("workflow_state")
    index.index_doc(1, Doc("draft"))
    index.index_doc(2, Doc("draft"))
    counter = index._num_docs
    index.reindex_doc(1, Doc("submitted"))
    assert index._num_docs is counter and index.indexed_count() == 2
    assert set(index.applyEq("submitted")) == {1} and set(index.applyEq("draft")) == {2}
    index.reindex_doc(2, Doc("submitted"))
    assert "draft" not in index._fwd_index
    index.reindex_doc(2, object())  # no value any more
    assert set(index.applyEq("submitted")) == {1} and index.indexed_count() == 1


def test_a_transition_reindexes_only_what_it_changes(tree, host):
    from core.cases import fire
    with edit(tree) as site:
        doc = make_document(host, site, "66/m1/s1")
        catalog = site.services["catalog"]
        # NB: the block's own transaction, not the thread's: a transaction begun there is left open for later tests.
        site._p_jar.transaction_manager.savepoint()
        untouched = [name for name in catalog if name not in TRANSITION_INDEXES]
        before = {name: catalog[name]._p_serial for name in untouched}
        fire(host, doc, "submit", "head")
        assert set(catalog["state"].applyEq("submitted")) == {site.services["docmap"].docid_for("/66/m1/s1/doc")}
        assert {name: catalog[name]._p_serial for name in untouched} == before


def test_the_evolve_step_gives_old_databases_the_new_field_index(tree):
    with edit(tree) as site:
        catalog = site.services["catalog"]
        catalog["state"].__class__ = HypatiaFieldIndex
    with edit(tree) as site:
        assert type(site.services["catalog"]["state"]) is HypatiaFieldIndex
        faster_field_indexes(site)
    with edit(tree) as site:
        assert type(site.services["catalog"]["state"]) is FieldIndex


def test_keywords_are_kept_as_a_tuple_and_moved_in_place():
    from BTrees.OOBTree import OOSet

    from core.catalog import KeywordIndex

    class Obj:
        def __init__(self, roles):
            self.awaiting_roles = roles
    index = KeywordIndex("awaiting_roles")
    index.index_doc(1, Obj(["school_head"]))
    index.index_doc(2, Obj(["curator", "school_head"]))
    assert index._rev_index[2] == ("curator", "school_head")
    index.reindex_doc(1, Obj(["curator"]))
    assert set(index.applyAny(["curator"])) == {1, 2} and set(index.applyAny(["school_head"])) == {2}
    # a set stored by an older database is read the same way
    index._rev_index[2] = OOSet(["curator", "school_head"])
    index.reindex_doc(2, Obj(["expert"]))
    assert set(index.applyAny(["expert"])) == {2} and "school_head" not in index._fwd_index
    # nobody awaited any more: still indexed, with no keywords, and nothing else rewritten
    index.reindex_doc(2, Obj([]))
    assert set(index.applyAny(["expert"])) == set() and index._rev_index[2] == ()
    assert index.indexed_count() == 2 and 2 not in index.not_indexed()
    assert set(index.applyNotAny(["curator"])) == {2}
    index.reindex_doc(2, Obj(["expert"]))
    assert set(index.applyAny(["expert"])) == {2}
    index.unindex_doc(1)
    index.unindex_doc(2)
    assert index.indexed_count() == 0 and not index._fwd_index


def _written(conn):
    """The persistent objects a transaction has changed so far."""
    return list(conn._registered_objects)


def _parts(index):
    """An index of a small tree and the persistent objects it is made of (one bucket each)."""
    yield from (index, index._fwd_index)
    # NB: the lean indexes (core.leanindex) have only their sets.
    yield from (getattr(index, name) for name in ("_rev_index", "_num_docs", "_not_indexed") if hasattr(index, name))
    yield from index._fwd_index.values()


def test_confirming_takes_a_document_out_of_every_task_list_without_moving_its_deadline(tree, host):
    from core.cases import fire
    from core.catalog import Query, due_day
    with edit(tree) as site:
        doc = make_document(host, site, "66/m1/s1")
        fire(host, doc, "submit", "head")
        docid = site.services["docmap"].docid_for("/66/m1/s1/doc")
        catalog = site.services["catalog"]
        awaited_due = catalog["due"]._rev_index[docid]
        assert [o.__name__ for o in Query(site).awaiting({"curator": {"/66/m1/s1"}})] == ["doc"]
    with edit(tree) as site:
        doc = site["66"]["m1"]["s1"]["doc"]
        catalog = site.services["catalog"]
        fire(host, doc, "confirm", "curator")
        written = _written(doc._p_jar)
        due, awaiting = catalog["due"], catalog["awaiting"]
        # the deadline index is not touched at all; who is awaited becomes nobody, in place
        assert not any(o is due or o is due._rev_index or o is due._num_docs for o in written)
        assert due._rev_index[docid] == awaited_due
        assert awaiting.values_of(docid) == set() and awaiting not in written
        # nothing but the document, the state and task indexes' parts (and sets emptied and
        # dropped on the way), and the school, where the Sverdlovsk listener counts confirmations
        parts = {id(o) for name in ("state", "awaiting") for o in _parts(catalog[name])}
        others = [o for o in written if o is not doc and o is not doc.__parent__ and id(o) not in parts]
        assert [type(o).__name__ for o in others if len(o)] == []
        assert Query(site).awaiting({"curator": {"/66/m1/s1"}, "school_head": {"/66/m1/s1"}}) == []
    with edit(tree) as site:
        doc = site["66"]["m1"]["s1"]["doc"]
        fire(host, doc, "reopen", "coordinator", "Нужна правка")
        catalog = site.services["catalog"]
        # awaited again: the deadline is the school's own again (none: sorted last)
        assert catalog["due"]._rev_index[docid] == (due_day(doc.due) if doc.due else NO_DEADLINE)
        assert [o.__name__ for o in Query(site).awaiting({"school_head": {"/66/m1/s1"}})] == ["doc"]


def test_a_curator_of_more_schools_than_documents_awaiting_sees_the_same_tasks_in_the_same_order(tree, host):
    import datetime

    from core.cases import fire
    from core.catalog import Query, reindex
    heads = {"66/m1/s1": "head", "66/m1/s2": "head2", "66/m1/s3": "head3"}
    with edit(tree) as site:
        for n, school in enumerate(list(heads) * 2):
            doc = make_document(host, site, school, name=f"doc{n}", actor=heads[school])
            fire(host, doc, "submit", heads[school])
            doc.due = datetime.date(2026, 12, 1) + datetime.timedelta(days=(n * 5) % 7)
            reindex(doc)
        query = Query(site)
        few = {"curator": {"/66/m1/s1", "/66/m1/s2"}}  # fewer places than documents awaiting: joined
        many = {"curator": few["curator"] | {f"/66/m2/s{n}" for n in range(1, 11)}}  # more: checked one by one
        assert len(few["curator"]) < len(query.catalog["awaiting"].applyAny(["curator"])) <= len(many["curator"])
        for places in (few, many):
            mine = query.awaiting(places, limit=100)
            assert len(mine) == 4 and {o.__parent__.__name__ for o in mine} == {"s1", "s2"}
            assert [o.due for o in mine] == sorted(o.due for o in mine)
            assert query.awaiting(places, limit=3) == mine[:3]
        assert query.awaiting(many, limit=100) == query.awaiting(few, limit=100)


def test_every_index_a_transition_changes_says_which_attribute_it_reads():
    from core.catalog import TRANSITION_ATTRIBUTES
    assert tuple(TRANSITION_ATTRIBUTES) == TRANSITION_INDEXES


def test_a_return_moves_the_document_between_sets_only_and_leaves_who_may_view_untouched(tree, host):
    from core.cases import fire
    with edit(tree) as site:
        doc = make_document(host, site, "66/m1/s1")
        fire(host, doc, "submit", "head")
    with edit(tree) as site:
        doc = site["66"]["m1"]["s1"]["doc"]
        catalog = site.services["catalog"]
        viewers, state = catalog["view_roles"], catalog["state"]
        before = doc.view_roles
        fire(host, doc, "return", "curator", "Уточните")
        assert doc.view_roles == before
        touched = {id(o) for o in _written(doc._p_jar)}
        assert not any(id(o) in touched for o in _parts(viewers)) and any(id(o) in touched for o in _parts(state))
        # the state and task indexes: no reverse map, no counter; only the sets the document left and joined
        for name in ("state", "awaiting"):
            index = catalog[name]
            assert id(index) not in touched and not hasattr(index, "_rev_index") and not hasattr(index, "_num_docs")
        docid = site.services["docmap"].docid_for("/66/m1/s1/doc")
        # who is awaited is filed with the state: the task index files nothing of a workflow document
        assert state.values_of(docid) == {("returned", ("school_head",))} and catalog["awaiting"].values_of(docid) == set()
        assert set(catalog["awaiting"].applyAny(["school_head"])) == {docid} == set(state.applyEq("returned"))
        assert not any(id(o) in touched for o in _parts(catalog["awaiting"]))


# -- the lean indexes: no reverse map -------------------------------------------

class Case:
    def __init__(self, state=None, roles=None):
        if state is not None:
            self.workflow_state = state
        if roles is not None:
            self.awaiting_roles = roles


def test_a_lean_index_moves_a_document_between_states_without_a_reverse_map():
    from core.leanindex import LeanFieldIndex
    index = LeanFieldIndex("workflow_state")
    index.index_doc(1, Case("draft"))
    index.index_doc(2, Case("draft"))
    index.index_doc(3, Case())  # no state: filed nowhere
    assert not hasattr(index, "_rev_index") and index.values_of(1) == {"draft"} and index.values_of(3) == set()
    # the caller who knows the old state gives it; one who does not has it read from the sets
    index.reindex_doc(1, Case("submitted"), old={"draft"})
    index.reindex_doc(2, Case("confirmed"))
    assert set(index.applyEq("submitted")) == {1} and set(index.applyEq("confirmed")) == {2}
    # an emptied value keeps its (empty) set: see _Lean._unfile
    assert not index._fwd_index["draft"] and index.indexed_count() == 2
    # an old state that does not hold the document is not trusted
    index.reindex_doc(1, Case("returned"), old={"confirmed"})
    assert index.values_of(1) == {"returned"} and set(index.applyEq("confirmed")) == {2}
    index.reindex_doc(1, Case("draft"), old={"draft"})
    assert index.values_of(1) == {"draft"} and not index._fwd_index["returned"]
    index.unindex_doc(2)
    assert set(index.indexed()) == {1}


def test_a_lean_index_keeps_a_value_s_many_documents_in_small_buckets():
    from core.leanindex import DocidSet, LeanFieldIndex, LeanKeywordIndex
    states, awaiting = LeanFieldIndex("workflow_state"), LeanKeywordIndex("awaiting_roles")
    for docid in range(1, 1001):
        states.index_doc(docid, Case("submitted"))
        awaiting.index_doc(docid, Case(roles=["curator"]))
    for docids in (states._fwd_index["submitted"], awaiting._fwd_index["curator"]):
        assert type(docids) is DocidSet and len(docids) == 1000
        bucket, sizes = docids._firstbucket, []
        while bucket is not None:
            sizes.append(len(bucket))
            bucket = bucket._next
        assert max(sizes) <= 32


def test_a_lean_keyword_index_files_who_is_awaited_and_refuses_the_not_queries():
    import pytest

    from core.leanindex import LeanKeywordIndex
    index = LeanKeywordIndex("awaiting_roles")
    index.index_doc(1, Case(roles=["curator"]))
    index.index_doc(2, Case(roles=["curator", "school_head"]))
    index.reindex_doc(1, Case(roles=["school_head"]), old={"curator"})
    assert set(index.applyAny(["curator"])) == {2} and set(index.applyAny(["school_head"])) == {1, 2}
    index.reindex_doc(2, Case(roles=[]))  # nobody awaited: in no set
    assert index.values_of(2) == set() and not index.has_doc(2) and set(index.applyAny(["curator"])) == set()
    with pytest.raises(NotImplementedError):
        index.applyNotAny(["curator"])
    with pytest.raises(TypeError):
        index.index_doc(3, Case(roles="curator"))


def test_a_state_is_filed_with_who_is_awaited_in_it_and_answers_both_questions():
    import pytest

    from core.leanindex import AwaitingIndex, StateIndex
    states = StateIndex("workflow_state")
    awaiting = AwaitingIndex("awaiting_roles", states)
    cases = {1: Case("submitted", ["curator"]), 2: Case("submitted", ["curator", "expert"]),
             3: Case("returned", ["school_head"]), 4: Case("confirmed", []),
             5: Case(roles=["school_head"]),  # no workflow: a participation awaiting its school
             6: Case()}
    for docid, case in cases.items():
        states.index_doc(docid, case)
        awaiting.index_doc(docid, case)
    assert states.values_of(2) == {("submitted", ("curator", "expert"))} and states.values_of(5) == set()
    assert awaiting.values_of(1) == set() and awaiting.values_of(5) == {"school_head"}
    assert set(states.applyEq("submitted")) == {1, 2} and set(states.applyAny(["returned", "confirmed"])) == {3, 4}
    assert set(states.applyEq("draft")) == set()
    assert set(awaiting.applyAny(["school_head"])) == {3, 5} and set(awaiting.applyEq("expert")) == {2}
    assert set(awaiting.applyAll(["curator", "expert"])) == {2} and set(awaiting.applyAny(["commission"])) == set()
    # a transition moves a document from one entry to another: its state and its task at once
    states.reindex_doc(1, Case("confirmed", []), old=states.values_for(cases[1]))
    assert set(states.applyEq("confirmed")) == {1, 4} and set(awaiting.applyAny(["curator"])) == {2}
    # an old value that does not hold the document is not trusted
    states.reindex_doc(3, Case("submitted", ["curator"]), old={("draft", ())})
    assert states.values_of(3) == {("submitted", ("curator",))} and set(awaiting.applyAny(["school_head"])) == {5}
    with pytest.raises(NotImplementedError):
        states.applyNotEq("confirmed")


def test_the_evolve_step_files_each_document_s_awaited_roles_with_its_state(tree, host):
    from core.cases import fire
    from core.catalog import Query
    from core.evolve import file_tasks_with_states
    from core.leanindex import AwaitingIndex, LeanFieldIndex, LeanKeywordIndex, StateIndex
    with edit(tree) as site:
        doc = make_document(host, site, "66/m1/s1")
        fire(host, doc, "submit", "head")
        make_document(host, site, "66/m1/s1", name="draft")
        school = site["66"]["m1"]["s1"]
        school.awaiting_roles = frozenset({"school_head"})  # awaited with no workflow of its own
        catalog, docmap = site.services["catalog"], site.services["docmap"]
        # as step 10 left them: a state index and a task index, each filing its own value
        old_state, old_awaiting = LeanFieldIndex("workflow_state"), LeanKeywordIndex(catalog["awaiting"].discriminator)
        for path in ("/66/m1/s1/doc", "/66/m1/s1/draft", "/66/m1/s1"):
            obj = site["66"]["m1"]["s1"] if path == "/66/m1/s1" else site["66"]["m1"]["s1"][path.rsplit("/", 1)[1]]
            old_state.index_doc(docmap.docid_for(path), obj)
            old_awaiting.index_doc(docmap.docid_for(path), obj)
        catalog["state"], catalog["awaiting"] = old_state, old_awaiting
    with edit(tree) as site:
        file_tasks_with_states(site)
        file_tasks_with_states(site)  # a second run finds nothing to do
    with edit(tree) as site:
        catalog, docmap = site.services["catalog"], site.services["docmap"]
        state, awaiting = catalog["state"], catalog["awaiting"]
        assert type(state) is StateIndex and type(awaiting) is AwaitingIndex and awaiting.states is state
        doc_id, draft_id, school_id = (docmap.docid_for(p) for p in ("/66/m1/s1/doc", "/66/m1/s1/draft", "/66/m1/s1"))
        assert state.values_of(doc_id) == {("submitted", ("curator",))}
        assert state.values_of(draft_id) == {("draft", ("school_head",))} and awaiting.values_of(school_id) == {"school_head"}
        assert set(awaiting.applyAny(["school_head"])) == {draft_id, school_id}
        assert [o.__name__ for o in Query(site).awaiting({"curator": {"/66/m1/s1"}})] == ["doc"]
        fire(host, site["66"]["m1"]["s1"]["doc"], "confirm", "curator")
        assert set(state.applyEq("confirmed")) == {doc_id} and Query(site).awaiting({"curator": {"/66/m1/s1"}}) == []


def test_the_evolve_step_makes_the_transition_indexes_lean_and_keeps_what_they_answer(tree, host):
    from hypatia.field import FieldIndex as HypatiaFieldIndex

    from core.cases import fire
    from core.catalog import KeywordIndex
    from core.evolve import lean_transition_indexes
    from core.leanindex import DocidSet, LeanFieldIndex, LeanKeywordIndex
    with edit(tree) as site:
        doc = make_document(host, site, "66/m1/s1")
        fire(host, doc, "submit", "head")
        catalog = site.services["catalog"]
        # as an older database stored them: hypatia's state index, the core's keyword index, reverse maps
        old_state, old_awaiting = HypatiaFieldIndex("workflow_state"), KeywordIndex(catalog["awaiting"].discriminator)
        docid = site.services["docmap"].docid_for("/66/m1/s1/doc")
        old_state.index_doc(docid, doc)
        old_awaiting.index_doc(docid, doc)
        catalog["state"], catalog["awaiting"] = old_state, old_awaiting
    with edit(tree) as site:
        lean_transition_indexes(site)
    with edit(tree) as site:
        catalog = site.services["catalog"]
        state, awaiting = catalog["state"], catalog["awaiting"]
        assert type(state) is LeanFieldIndex and type(awaiting) is LeanKeywordIndex
        assert not hasattr(state, "_rev_index") and not hasattr(awaiting, "_rev_index")
        assert type(state._fwd_index["submitted"]) is DocidSet
        assert set(state.applyEq("submitted")) == {docid} and set(awaiting.applyAny(["curator"])) == {docid}
        fire(host, site["66"]["m1"]["s1"]["doc"], "confirm", "curator")
        assert set(state.applyEq("confirmed")) == {docid} and not awaiting.applyAny(["curator"])


def test_after_the_evolve_step_a_reopened_database_loads_every_index_with_the_core_s_class(tmp_path, host):
    import ZODB
    from hypatia.field import FieldIndex as HypatiaFieldIndex
    from ZODB.FileStorage import FileStorage

    from core.evolve import faster_field_indexes, lean_transition_indexes
    from core.leanindex import StateIndex
    from tests.factories import make_tree
    path = str(tmp_path / "Data.fs")

    def reopened():
        return ZODB.DB(FileStorage(path))
    db = reopened()
    with edit(db) as site:
        make_tree(site, regions=("66",), munis=1, schools=1)
        # as an old database stored it, then as step 6 left it: the class changed, the catalog not rewritten
        site.services["catalog"]["type_name"] = HypatiaFieldIndex("type_name")
    with edit(db) as site:
        faster_field_indexes(site)
    db.close()
    db = reopened()
    with edit(db) as site:
        # a reference names its class: the catalog's still said hypatia's
        assert type(site.services["catalog"]["type_name"]) is HypatiaFieldIndex
        lean_transition_indexes(site)
    db.close()
    db = reopened()
    try:
        with edit(db) as site:
            catalog = site.services["catalog"]
            assert type(catalog["type_name"]) is FieldIndex and type(catalog["state"]) is StateIndex
    finally:
        db.close()


def test_a_new_docid_pickles_in_five_bytes():
    from core.catalog import DocumentMap
    docmap = DocumentMap()
    docids = [docmap.add(f"/66/m1/s1/doc-{n}") for n in range(500)]
    assert len(set(docids)) == 500 and all(0 < d < 2 ** 31 for d in docids)


def test_a_few_docids_merge_when_one_transaction_empties_their_set_and_another_adds_to_it(db):
    from core.leanindex import DocidSet
    with edit(db) as site:
        site.services["drafts"] = DocidSet([7])
    tm1, tm2 = transaction.TransactionManager(), transaction.TransactionManager()
    c1, c2 = db.open(transaction_manager=tm1), db.open(transaction_manager=tm2)
    try:
        c1.root()["oko"].services["drafts"].remove(7)  # the only draft is sent for signature
        c2.root()["oko"].services["drafts"].insert(8)  # while another act is drafted
        tm1.commit()
        tm2.commit()  # BTrees refuse to merge into a bucket another transaction emptied
    finally:
        tm2.abort()
        c1.close()
        c2.close()
    with edit(db) as site:
        assert list(site.services["drafts"]) == [8]


class Due:
    def __init__(self, day):
        self.due = day


def test_a_case_leaving_its_deadline_day_while_another_arrives_on_it_merges(db):
    import datetime

    from core.catalog import make_catalog
    day = datetime.date(2026, 5, 20)
    with edit(db) as site:
        due = site.services["due"] = make_catalog()["due"]
        due.index_doc(1, Due(day))
    tm1, tm2 = transaction.TransactionManager(), transaction.TransactionManager()
    c1, c2 = db.open(transaction_manager=tm1), db.open(transaction_manager=tm2)
    try:
        c1.root()["oko"].services["due"].index_doc(1, Due(None))  # act 1 is signed: nobody's deadline that day
        c2.root()["oko"].services["due"].index_doc(2, Due(day))  # act 2 is sent for signature
        tm1.commit()
        tm2.commit()  # hypatia dropped the emptied day's set, where act 2 is filed
    finally:
        tm2.abort()
        c1.close()
        c2.close()
    with edit(db) as site:
        due = site.services["due"]
        assert list(due.applyEq(day.toordinal())) == [2] and list(due.sort([1, 2])) == [2, 1]


def test_the_evolve_step_gives_the_deadlines_index_merging_sets(tree, host):
    import datetime

    from core.evolve import merging_due_sets
    from core.leanindex import DueIndex, MergingDocids
    day = datetime.date(2026, 5, 20)
    with edit(tree) as site:
        catalog = site.services["catalog"]
        old = catalog["due"] = FieldIndex(catalog["due"].discriminator)  # as stored before
        old.index_doc(1, Due(day))
        old.index_doc(2, Due(None))
    with edit(tree) as site:
        merging_due_sets(site)
    with edit(tree) as site:
        due = site.services["catalog"]["due"]
        assert type(due) is DueIndex and all(type(s) is MergingDocids for s in due._fwd_index.values())
        assert list(due.applyEq(day.toordinal())) == [1] and list(due.sort([2, 1])) == [1, 2]


def test_the_soonest_deadlines_come_first_among_the_docids_asked_as_hypatias_scan_gives_them():
    """«Мои задачи» reads a page of what awaits by deadline (``DueIndex.soonest``): day by day, only the asked."""
    import itertools
    from types import SimpleNamespace

    from BTrees.LFBTree import LFTreeSet

    from core.leanindex import DueIndex
    due = DueIndex("day")
    days = {1: 30, 2: 10, 3: 20, 4: 10, 5: 30, 6: 20, 7: 5}
    for docid, day in days.items():
        due.index_doc(docid, SimpleNamespace(day=day))
    due.index_doc(7, SimpleNamespace(day=40))     # moved: its old day's set stays, emptied
    asked = LFTreeSet([1, 2, 3, 4, 6, 7, 99])
    assert list(due.soonest(asked)) == [2, 4, 3, 6, 1, 7] == list(due.scan_forward(asked, None, False))
    assert list(itertools.islice(due.soonest(asked), 3)) == [2, 4, 3]
    assert list(due.soonest(LFTreeSet())) == []
