"""The 500+ school documents' workflow: checked by the school's curator. Its docstring draws the machine."""
from core.security.permissions import view_for
from core.workflow import ACCEPTED, EDITABLE, SUBMITTED, Workflow

# Who oversees a school's documents (they read them in every state).
OVERSEERS = ("federal_operator", "regional_operator", "municipal_coordinator", "curator")
# The ``oko_deadlines`` period the curator has to check a document sent.
REVIEW_PERIOD = "document_review"


def document_has_content(obj):
    """Guard: a document goes for checking only with a file or a filled form."""
    if getattr(obj, "file", None) is None and not getattr(obj, "content", None):
        return "Документ пуст: приложите файл или заполните форму."
    return None


def document_review():
    """A school document checked by its curator.

    ::

        draft ──submit──▶ submitted ──confirm──▶ confirmed
                            ▲    │                  │
                      submit│    │return*           │reopen*
                            │    ▼                  │
                          returned ◀────────────────┘

    ``*`` needs a comment. The school head edits in draft and returned; the
    curator decides; the municipal coordinator may reopen a confirmed one.
    Draft and returned mean editable, submitted means submitted (the curator
    has the ``document_review`` period), confirmed means accepted.
    """
    wf = Workflow("document_review", "Проверка документа школы куратором", "draft")
    editable = {**view_for(OVERSEERS), "school_head": {"view", "edit"}}
    frozen = {**view_for(OVERSEERS), "school_head": {"view"}}
    wf.add_state("draft", "Черновик", editable, meaning=EDITABLE)
    wf.add_state("submitted", "На проверке у куратора", frozen, meaning=SUBMITTED, period=REVIEW_PERIOD)
    wf.add_state("returned", "Возвращён на доработку", editable, meaning=EDITABLE)
    wf.add_state("confirmed", "Подтверждён куратором", frozen, meaning=ACCEPTED)
    wf.add_transition("submit", "Отправить куратору", ("draft", "returned"), "submitted",
                      roles=("school_head",), guard=document_has_content)
    wf.add_transition("confirm", "Подтвердить", "submitted", "confirmed", roles=("curator",))
    wf.add_transition("return", "Вернуть на доработку", "submitted", "returned",
                      roles=("curator",), require_comment=True)
    wf.add_transition("reopen", "Вернуть подтверждённый", "confirmed", "returned",
                      roles=("municipal_coordinator",), require_comment=True, expected=False)
    return wf.check()
