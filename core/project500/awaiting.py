"""What a 500+ participation awaits now, from whom and by when («Мои задачи», `oko remind`).

The participation answers the process protocol (``core.workflow.process``)
from its flags and documents: ``awaited`` names, for each step it awaits,
the roles and, where the step is a named person's, that person.
"""
from core.project500 import indicators
from core.project500.kinds import STEP_VIEWS
from core.resources import region_code_of
from core.workflow import ACCEPTED, means
from core.workflow.process import Awaited

# The steps a participation itself awaits ("Мои задачи", `oko remind`); a
# document's own steps (submit, confirm) are awaited by its workflow.
NEXT_STEPS = {
    "assign_curator": "назначить куратора",
    "first_visit": "первое посещение",
    "concept_documents": "разместить концептуальные документы",
    "review": "экспертиза документов",
    "confirming_documents": "разместить подтверждающие документы",
    "positive_changes": "подтвердить позитивные изменения",
}


def next_steps(host, region, p):
    """``[(step, roles, due), ...]``: what ``p`` awaits now, from whom and by when.

    Deadlines come from the region's ``oko_deadlines`` under the step's name
    (``concept_documents`` in the federal defaults; a region may add the others).
    """
    deadlines = host.deadlines(region, p.project_year)

    def step(name, *roles):
        return (name, frozenset(roles), deadlines.get(name))
    if p.curator is None:
        return [step("assign_curator", "municipal_coordinator")]
    if p.first_visit is None:
        # NB: the curator verifies a profile: nothing to visit before the survey.
        return [step("first_visit", "curator")] if p.surveyed else []
    docs = indicators.concept_documents(p)
    if any(d is None for d in docs):
        return [step("concept_documents", "school_head")]
    todo = []
    if p.sampled and any(unreviewed(p, login) for login in p.reviewers):
        todo.append(step("review", "expert"))
    if p.positive_changes_confirmed:
        return todo
    confirming = indicators.confirming_documents(p)
    if not confirming:
        # NB: then any confirmed programme awaits them: the programmes in memory are asked first.
        if any(means(d, ACCEPTED) for d in indicators.loaded_first(docs[2:])):
            todo.append(step("confirming_documents", "school_head"))
        return todo
    programmes = [d for d in docs[2:] if means(d, ACCEPTED)]
    if programmes:
        if any(not any(c.programme == prog.__name__ for c in confirming) for prog in programmes):
            todo.append(step("confirming_documents", "school_head"))
        elif all(any(c.programme == prog.__name__ and means(c, ACCEPTED) for c in confirming)
                 for prog in programmes) and \
                (not p.sampled or all(c.conforms for c in confirming if means(c, ACCEPTED))):
            # NB: the same conditions as ``confirm_positive_changes``.
            todo.append(step("positive_changes", "curator"))
    return todo


def unreviewed(p, reviewer):
    """The confirmed documents of ``p`` that ``reviewer`` has not reviewed yet."""
    return [d for d in p.documents() if means(d, ACCEPTED)
            and all(r.reviewer != reviewer for r in d.reviews)]


def awaited(host, p):
    """``[Awaited]``: the steps ``p`` awaits now, from whom, by when, on which page (``core.workflow.process``).

    A role is not enough where a person is named: the curator's steps are the
    assigned curator's, a review is the assigned reviewers' who have
    documents left to review.
    """
    found = []
    for step, roles, due in next_steps(host, region_code_of(p), p):
        principals = None
        if step in ("first_visit", "positive_changes"):
            principals = frozenset({p.curator})
        elif step == "review":
            principals = frozenset(login for login in p.reviewers if unreviewed(p, login))
        found.append(Awaited(step, NEXT_STEPS.get(step, step), roles, principals, due, STEP_VIEWS.get(step, "")))
    return found
