"""The catalog's own field index and the evolve step that installs it."""
import transaction
from hypatia.field import FieldIndex as HypatiaFieldIndex

from core.catalog import NO_DEADLINE, FieldIndex, TRANSITION_INDEXES
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
        transaction.savepoint()
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
    yield from (index, index._fwd_index, index._rev_index, index._num_docs, index._not_indexed)
    yield from index._fwd_index.values()


def test_confirming_takes_a_document_out_of_every_task_list_without_moving_its_deadline(tree, host):
    from core.catalog import Query, due_day
    from core.cases import fire
    with edit(tree) as site:
        doc = make_document(host, site, "66/m1/s1")
        fire(host, doc, "submit", "head")
        docid = site.services["docmap"].docid_for("/66/m1/s1/doc")
        catalog = site.services["catalog"]
        awaited_due = catalog["due"]._rev_index[docid]
        assert [o.__name__ for o in Query(site).awaiting({"/66/m1/s1": {"curator"}})] == ["doc"]
    with edit(tree) as site:
        doc = site["66"]["m1"]["s1"]["doc"]
        catalog = site.services["catalog"]
        fire(host, doc, "confirm", "curator")
        written = _written(doc._p_jar)
        due, awaiting = catalog["due"], catalog["awaiting"]
        # the deadline index is not touched at all; who is awaited becomes nobody, in place
        assert not any(o is due or o is due._rev_index or o is due._num_docs for o in written)
        assert due._rev_index[docid] == awaited_due
        assert awaiting._rev_index[docid] == () and not awaiting._num_docs._p_changed
        assert not awaiting._not_indexed._p_changed
        # nothing but the document, the state and task indexes' parts (and sets emptied and
        # dropped on the way), and the school, where the Sverdlovsk listener counts confirmations
        parts = {id(o) for name in ("state", "awaiting") for o in _parts(catalog[name])}
        others = [o for o in written if o is not doc and o is not doc.__parent__ and id(o) not in parts]
        assert [type(o).__name__ for o in others if len(o)] == []
        assert Query(site).awaiting({"/66/m1/s1": {"curator", "school_head"}}) == []
    with edit(tree) as site:
        doc = site["66"]["m1"]["s1"]["doc"]
        fire(host, doc, "reopen", "coordinator", "Нужна правка")
        catalog = site.services["catalog"]
        # awaited again: the deadline is the school's own again (none: sorted last)
        assert catalog["due"]._rev_index[docid] == (due_day(doc.due) if doc.due else NO_DEADLINE)
        assert [o.__name__ for o in Query(site).awaiting({"/66/m1/s1": {"school_head"}})] == ["doc"]


def test_every_index_a_transition_changes_says_which_attribute_it_reads():
    from core.catalog import TRANSITION_ATTRIBUTES
    assert tuple(TRANSITION_ATTRIBUTES) == TRANSITION_INDEXES


def test_a_transition_that_leaves_who_may_view_unchanged_does_not_touch_that_index(tree, host):
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
        written = _written(doc._p_jar)
        assert not any(o is viewers._rev_index for o in written) and any(o is state._rev_index for o in written)
