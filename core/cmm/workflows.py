"""The workflows of the CMM bank, registered by the federal defaults (``core.federal``)."""
from core.workflow import ACCEPTED, EDITABLE, OPEN, SUBMITTED, WITHDRAWN, Workflow

# Permissions of the bank (beside "view" and "edit").
ADD_ITEM = "cmm_add"
PUBLISH = "cmm_publish"
# The ``oko_deadlines`` period the operator has to publish or return an item sent for review.
REVIEW_PERIOD = "cmm_review"


def cmm_bank():
    """The bank itself: one state, in which CMM authors add and import items.

    ::

        open

    The operators see the bank of their level; the federal operator sees
    every region's too.
    """
    wf = Workflow("cmm_bank", "Банк КИМ", "open")
    wf.add_state("open", "Открыт", {
        "cmm_author": {"view", ADD_ITEM},
        "federal_operator": {"view", PUBLISH},
        "regional_operator": {"view", PUBLISH},
    }, meaning=OPEN)
    return wf.check()


def _item_workflow(name, title, publisher):
    """An item of the bank, published by the operator of its level.

    ::

        draft ──submit──▶ in_review ──publish──▶ published ──retire*──▶ retired
          ▲                  │                      │
          └─────return*──────┘                      │
          ▲                                         │
          └──────────────revise (new version)───────┘

    ``*`` needs a comment. A CMM author writes drafts and sends them for
    review; only the operator of the bank's level publishes, returns and
    retires (the federal operator the invariant bank, the regional operator a
    region's variant bank). ``revise`` is fired by editing a published item:
    the edit is a new version in draft while the published one still serves.
    Draft means editable, in review submitted (the operator has the
    ``cmm_review`` period), published accepted, retired withdrawn.
    """
    others = {"federal_operator": {"view"}} if publisher != "federal_operator" else {}
    wf = Workflow(name, title, "draft")
    wf.add_state("draft", "Черновик", {"cmm_author": {"view", "edit"}, publisher: {"view"}, **others},
                 meaning=EDITABLE)
    wf.add_state("in_review", "На рассмотрении", {"cmm_author": {"view"}, publisher: {"view", PUBLISH}, **others},
                 meaning=SUBMITTED, period=REVIEW_PERIOD)
    # NB: an author may edit a published item: the edit is a new version in draft (``revise``).
    wf.add_state("published", "Опубликовано", {"cmm_author": {"view", "edit"}, publisher: {"view", PUBLISH},
                                               **others}, meaning=ACCEPTED)
    wf.add_state("retired", "Выведено из обращения", {"cmm_author": {"view"}, publisher: {"view"}, **others},
                 meaning=WITHDRAWN)
    wf.add_transition("submit", "Отправить на рассмотрение", "draft", "in_review", roles=("cmm_author",))
    wf.add_transition("publish", "Опубликовать", "in_review", "published", roles=(publisher,))
    wf.add_transition("return", "Вернуть на доработку", "in_review", "draft", roles=(publisher,),
                      require_comment=True)
    wf.add_transition("retire", "Вывести из обращения", "published", "retired", roles=(publisher,),
                      require_comment=True, expected=False)
    wf.add_transition("revise", "Новая версия", "published", "draft", roles=("cmm_author",), expected=False)
    return wf.check()


def cmm_item_federal():
    """An item of the federal (invariant) bank (diagram: ``_item_workflow``)."""
    return _item_workflow("cmm_item_federal", "Задание федерального банка КИМ", "federal_operator")


def cmm_item_regional():
    """An item of a region's (variant) bank (diagram: ``_item_workflow``)."""
    return _item_workflow("cmm_item_regional", "Задание регионального банка КИМ", "regional_operator")


CMM_WORKFLOWS = (cmm_bank, cmm_item_federal, cmm_item_regional)
