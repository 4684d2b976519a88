"""The workflow engine: states, transitions, guards, comments, history."""
import pytest

from core.project500.workflows import document_review
from core.workflow import Workflow, WorkflowError


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
