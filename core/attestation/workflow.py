"""The dossier's workflow: a participant's way through the attestation."""
from core.attestation.model import ATTESTEE, WORKFLOW
from core.workflow import DECIDED, EDITABLE, IN_PROGRESS, OPEN, SUBMITTED, UNDER_REVIEW, WITHDRAWN, Workflow

# Permissions on a dossier besides "view" and "edit".
SIT_TEST = "sit_test"
OPERATORS = ("federal_operator", "regional_operator")
COMMISSION = ("commission_chair", "commission_secretary", "commission_member")
# The domain fires these on the participant's behalf (time out, last score agreed).
SYSTEM = "attestation_system"


def leader_attestation():
    """A participant's dossier in a leader attestation campaign.

    ::

        scheduled ──register──▶ registered ──start──▶ testing ──submit──▶ submitted
            │                       │                               │
            └─────unschedule*───────┴──▶ withdrawn          complete│(last result in)
                                                                    ▼
                                               decided ◀──decide── scored

    ``*`` needs a comment. The regional operator schedules a participant;
    the attestee registers (portfolio and consent), starts the test on or
    after the sitting date and submits it (the domain submits it for them
    once time is up); the last stage result moves the dossier to scored;
    the commission's secretary or chair records the decision. What the
    states mean (``core.workflow.meanings``): scheduled open, registered
    editable, testing in progress, submitted under review (the experts
    score it, within the ``document_review`` period), scored submitted (to
    the commission), decided, withdrawn.
    """
    wf = Workflow(WORKFLOW, "Аттестация руководителя ОО", "scheduled")
    seen = {role: {"view"} for role in OPERATORS + COMMISSION}
    wf.add_state("scheduled", "Включён в график", {**seen, ATTESTEE: {"view", "edit"}}, meaning=OPEN)
    wf.add_state("registered", "Зарегистрирован", {**seen, ATTESTEE: {"view", "edit", SIT_TEST}}, meaning=EDITABLE)
    wf.add_state("testing", "Проходит тестирование", {**seen, ATTESTEE: {"view", SIT_TEST}}, meaning=IN_PROGRESS)
    wf.add_state("submitted", "Ответы сданы, идёт оценивание", {**seen, ATTESTEE: {"view"}}, meaning=UNDER_REVIEW,
                 period="document_review")
    wf.add_state("scored", "Оценён, ожидает решения комиссии", {**seen, ATTESTEE: {"view"}}, meaning=SUBMITTED)
    wf.add_state("decided", "Решение комиссии принято", {**seen, ATTESTEE: {"view"}}, meaning=DECIDED)
    wf.add_state("withdrawn", "Исключён из графика", {**seen, ATTESTEE: {"view"}}, meaning=WITHDRAWN)
    wf.add_transition("register", "Зарегистрироваться", "scheduled", "registered",
                      roles=(ATTESTEE,))
    wf.add_transition("start", "Начать тестирование", "registered", "testing", roles=(ATTESTEE,))
    wf.add_transition("submit", "Завершить тестирование", "testing", "submitted", roles=(ATTESTEE, SYSTEM))
    wf.add_transition("complete", "Все результаты получены", "submitted", "scored", roles=(SYSTEM,))
    wf.add_transition("decide", "Решение комиссии", "scored", "decided",
                      roles=("commission_secretary", "commission_chair"))
    wf.add_transition("unschedule", "Исключить из графика", ("scheduled", "registered"), "withdrawn",
                      roles=("regional_operator",), require_comment=True, expected=False)
    return wf.check()
