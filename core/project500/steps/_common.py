"""What every step shares: the refusal, the role check, the recount after a change."""

from core.catalog import reindex_changed, transition_values
from core.journal import now_or  # noqa: F401  (the steps import it from here)
from core.refusals import StepRefused, require_role  # noqa: F401  (StepRefused: the steps import it from here)
from core.resources import School, region_code_of, walk
from core.workflow import ACCEPTED, means
from core.workflow.process import Awaited

from .. import indicators
from ..model import LEVELS, STEP_VIEWS, participation_name

WORKFLOW = "document_review"
LEVEL_ALIASES = {**{k: k for k in LEVELS}, **{v: k for k, v in LEVELS.items()}}


def require(node, actor, *roles):
    """Refuse unless ``actor`` holds one of ``roles`` on ``node``."""
    require_role(node, actor, roles, "Этот шаг выполняет другой участник проекта.")


def participation_of(school, year):
    """The school's participation in ``year``, or None."""
    return school.get(participation_name(year))


def schools_of(region):
    """``{school code: School}`` of a region (a rare, operator-level walk of one region)."""
    return {s.code: s for s in walk(region) if isinstance(s, School)}


def refresh(host, p, region=None):
    """After a step: recount ``p``'s indicators and say who must act next, by when.

    ``region`` is ``p``'s region code, if the caller knows it already.
    """
    region = region or region_code_of(p)
    # NB: the steps change the rest of ``p``; who is awaited, by when, and the
    # indicators met change only here, and the catalog reads nothing else of it.
    before = transition_values(p)
    _set_awaiting(host, region, p)
    indicators.recount(host, region, p)
    reindex_changed(p, before)


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


def _set_awaiting(host, region, p):
    # NB: a participation is itself a task for whoever must take its next step.
    todo = next_steps(host, region, p)
    dues = [due for _, _, due in todo if due is not None]
    roles, due = frozenset().union(*(roles for _, roles, _ in todo)), min(dues) if dues else None
    # NB: assigning an equal value still marks the participation changed, and a
    # transition of one of its documents would then rewrite its whole journal.
    if p.awaiting_roles != roles:
        p.awaiting_roles = roles
    if p.due != due:
        p.due = due


def users_of_tree(node):
    """The users of the site ``node`` belongs to."""
    while node.__parent__ is not None:
        node = node.__parent__
    return node.services["users"]
