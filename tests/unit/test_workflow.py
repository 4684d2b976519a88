"""The workflow engine: states, transitions, guards, comments, history."""
import pytest
import transaction
from persistent import Persistent
from ZODB import DB
from ZODB.FileStorage import FileStorage
from ZODB.utils import p64, u64

from core.project500.workflows import document_review
from core.workflow import History, Workflow, WorkflowError
from tests.factories import edit, make_document


class Doc:
    file = None
    content = None


@pytest.fixture
def doc():
    d = Doc()
    d.file = object()
    document_review().initialize(d, "head")
    return d


def test_a_new_document_starts_in_draft_with_one_history_line(doc):
    assert doc.workflow_state == "draft"
    assert [e.transition for e in doc.history] == ["create"]
    assert doc.awaiting_roles == {"school_head"}


def test_school_head_submits_and_curator_is_awaited(doc):
    entry = document_review().fire(doc, "submit", "head", {"school_head"})
    assert (entry.from_state, entry.to_state, entry.actor) == ("draft", "submitted", "head")
    assert doc.awaiting_roles == {"curator"}


def test_a_role_that_may_not_fire_a_transition_is_refused_and_nothing_changes(doc):
    with pytest.raises(WorkflowError) as err:
        document_review().fire(doc, "submit", "curator", {"curator"})
    assert err.value.code == "forbidden"
    assert doc.workflow_state == "draft" and len(doc.history) == 1


def test_a_transition_from_the_wrong_state_is_refused(doc):
    with pytest.raises(WorkflowError, match="недоступно"):
        document_review().fire(doc, "confirm", "curator", {"curator"})


def test_a_required_comment_is_enforced(doc):
    wf = document_review()
    wf.fire(doc, "submit", "head", {"school_head"})
    with pytest.raises(WorkflowError, match="нужен комментарий"):
        wf.fire(doc, "return", "curator", {"curator"}, comment="   ")
    wf.fire(doc, "return", "curator", {"curator"}, comment="Нет подписи")
    assert doc.history[-1].comment == "Нет подписи"


def test_a_guard_refuses_an_empty_document():
    d = Doc()
    wf = document_review()
    wf.initialize(d, "head")
    with pytest.raises(WorkflowError, match="Документ пуст"):
        wf.fire(d, "submit", "head", {"school_head"})


def test_history_is_append_only(doc):
    wf = document_review()
    before = doc.history
    wf.fire(doc, "submit", "head", {"school_head"})
    assert doc.history[:len(before)] == before
    with pytest.raises(AttributeError):
        doc.history[0].actor = "someone else"


def test_permissions_follow_the_state(doc):
    wf = document_review()
    assert "edit" in wf.permissions_in("draft")["school_head"]
    assert "edit" not in wf.permissions_in("submitted")["school_head"]


def test_a_copy_can_be_extended_without_touching_the_original():
    original = document_review()
    copy = original.copy()
    copy.add_transition("withdraw", "Отозвать", "submitted", "draft", roles=("school_head",))
    assert "withdraw" in copy.transitions and "withdraw" not in original.transitions


def test_a_transition_to_an_unknown_state_is_caught_when_the_workflow_is_checked():
    wf = Workflow("w", "W", "a").add_state("a", "A")
    wf.add_transition("go", "Go", "a", "nowhere", roles=("x",))
    with pytest.raises(ValueError, match="nowhere"):
        wf.check()


def test_an_exceptional_transition_is_nobodys_task():
    wf = document_review()
    assert wf.awaiting_roles("confirmed") == frozenset()
    assert "reopen" in {t.name for t in wf.outgoing("confirmed")}


def _submit_and_return(wf, doc, times):
    for n in range(times):
        wf.fire(doc, "submit", "head", {"school_head"})
        wf.fire(doc, "return", "curator", {"curator"}, comment=f"Уточните, раз {n + 1}")


def test_a_long_history_reads_as_the_tuple_it_was_in_order_and_whole(doc):
    wf = document_review()
    _submit_and_return(wf, doc, 50)
    history = doc.history
    assert isinstance(history, History) and len(history) == 101
    assert [e.transition for e in history[:3]] == ["create", "submit", "return"]
    assert history[-1].comment == "Уточните, раз 50" and history[-1] is history[100] is list(history)[-1]
    assert list(reversed(history)) == list(history)[::-1] and history == tuple(history)
    with pytest.raises(IndexError):
        history[101]


class StoredDoc(Persistent):
    file = object()
    content = None


def test_a_transition_on_a_long_history_writes_one_bucket_not_the_history(tmp_path):
    """A record the size of the document and of one bucket, whether the history holds 60 or 2,000 entries."""
    db = DB(FileStorage(str(tmp_path / "Data.fs")))
    try:
        conn = db.open()
        wf = document_review()
        doc = StoredDoc()
        doc.file = "programme.pdf"
        wf.initialize(doc, "head")
        conn.root()["doc"] = doc
        transaction.commit()
        sizes = {}
        for length in (30, 1000):
            _submit_and_return(wf, doc, length - len(doc.history) // 2)
            transaction.commit()
            before = db.storage.lastTransaction()
            wf.fire(doc, "submit", "head", {"school_head"})
            transaction.commit()
            txn = next(iter(db.storage.iterator(p64(u64(before) + 1))))
            sizes[length] = sum(len(r.data) for r in txn)
            wf.fire(doc, "return", "curator", {"curator"}, comment="Ещё раз")
            transaction.commit()
        assert len(conn.root()["doc"].history) > 2000
        assert sizes[1000] < sizes[30] * 2 < 6000
    finally:
        transaction.abort()
        db.close()


def test_the_evolve_step_puts_long_tuple_histories_in_buckets_and_leaves_short_ones(tree, host):
    from core.evolve import bucketed_histories
    with edit(tree) as site:
        long_doc, short_doc = make_document(host, site, "66/m1/s1"), make_document(host, site, "66/m1/s2", actor="head2")
        entries = tuple(long_doc.history) * 100
        long_doc.history = entries
    with edit(tree) as site:
        bucketed_histories(site)
    with edit(tree) as site:
        long_doc, short_doc = site["66"]["m1"]["s1"]["doc"], site["66"]["m1"]["s2"]["doc"]
        assert isinstance(long_doc.history, History) and long_doc.history == entries
        assert type(short_doc.history) is tuple and len(short_doc.history) == 1
