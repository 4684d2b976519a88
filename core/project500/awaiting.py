"""What a 500+ participation awaits now, from whom and by when («Мои задачи», `oko remind`)."""
from core.project500 import indicators
from core.resources import region_code_of
from core.security.roles import effective_roles

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
        if any(d.workflow_state == "confirmed" for d in indicators.loaded_first(docs[2:])):
            todo.append(step("confirming_documents", "school_head"))
        return todo
    programmes = [d for d in docs[2:] if d.workflow_state == "confirmed"]
    if programmes:
        if any(not any(c.programme == prog.__name__ for c in confirming) for prog in programmes):
            todo.append(step("confirming_documents", "school_head"))
        elif all(any(c.programme == prog.__name__ and c.workflow_state == "confirmed" for c in confirming)
                 for prog in programmes) and \
                (not p.sampled or all(c.conforms for c in confirming if c.workflow_state == "confirmed")):
            # NB: the same conditions as ``confirm_positive_changes``.
            todo.append(step("positive_changes", "curator"))
    return todo


def unreviewed(p, reviewer):
    """The confirmed documents of ``p`` that ``reviewer`` has not reviewed yet."""
    return [d for d in p.documents() if d.workflow_state == "confirmed"
            and all(r.reviewer != reviewer for r in d.reviews)]


def steps_awaiting(host, p, login):
    """``[(step, due), ...]``: the next steps of ``p`` that ``login`` is awaited for now.

    A role is not enough where a person is named: the curator's steps are the
    assigned curator's, a review is the assigned reviewers'.
    """
    roles = effective_roles(p, login)
    mine = []
    for step, awaited, due in next_steps(host, region_code_of(p), p):
        if not awaited & roles:
            continue
        if (step in ("first_visit", "positive_changes") and p.curator != login) or \
                (step == "review" and (login not in p.reviewers or not unreviewed(p, login))):
            continue
        mine.append((step, due))
    return mine
