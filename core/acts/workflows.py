"""The normative acts' workflows, one per level of authority. ``_act_workflow``'s docstring draws the machine."""
from core.security.permissions import view_for
from core.security.roles import ACT_READER
from core.workflow import ACCEPTED, EDITABLE, SUBMITTED, WITHDRAWN, Workflow

# The ``oko_deadlines`` period of whoever signs what was sent.
REVIEW_PERIOD = "document_review"

# Who drafts acts (where they hold the role); the approver of each level drafts too.
ACT_DRAFTERS = ("methodologist", "regional_operator", "municipal_coordinator", "school_head",
                "attestation_officer")
# An approved act is a public act of its authority: every role there may read it.
ACT_READERS = ("federal_operator", "regional_operator", "municipal_coordinator", "curator", "school_head",
               "attestation_officer", "teacher", "expert", "commission_chair", "commission_secretary",
               "commission_member", "methodologist", "cmm_author")
# ACT_READER, a pseudo-role held on one act alone, never on a node of the tree: the people whose
# work the act records read it in every state, its drafts included (the attestation commission reads
# the protocol and the order drafted from its decisions). Granted by ``core.acts.set_readers``.
# The head of each level of authority: only this role signs (approves) its acts.
ACT_APPROVERS = {"region": "regional_operator", "municipality": "municipal_coordinator",
                 "school": "school_head"}


def act_has_version(obj):
    """Guard: an act goes for signature only with a generated document."""
    return None if getattr(obj, "versions", ()) else "У акта нет ни одной редакции документа."


def act_has_repealing_act(obj):
    """Guard: an act is repealed only by a named repealing act (set by core.acts.repeal)."""
    return None if getattr(obj, "repealed_by", None) else "Укажите акт, которым отменяется этот акт."


def _act_workflow(level, title):
    """A normative act of a region, a municipality or a school.

    ::

        draft ──submit──▶ submitted ──approve──▶ approved ──enact──▶ in_force
          ▲                   │                     │                   │
          └─────return*───────┘                     └──repeal†──┐ ┌─repeal†┘
                                                                 ▼ ▼
                                                              repealed

    Drafters (methodologist, regional operator, municipal coordinator,
    school head, attestation officer, wherever they hold the role) write
    drafts and send them for signature; editing makes a new version and is
    open in draft only. Only the head role of the act's own level approves,
    returns (``*`` needs a comment), enacts and repeals: the regional
    operator for a region's acts, the municipal coordinator for a
    municipality's, the school head for a school's. So an inherited role
    (a regional operator on a school) never signs another authority's act.
    Approval takes the next number of the authority's register
    (``core.acts.fire_act``). ``†`` repeal is not a task: it is offered only
    once a repealing act is named (``core.acts.repeal``), and links both ways.
    Drafts are seen by the drafters and the approver; approved acts by
    every role of the authority; an act's own readers (``ACT_READER``, held
    on that act only) see it in every state. Draft means editable,
    submitted submitted (the approver has the ``document_review`` period),
    approved and in force accepted, repealed withdrawn.
    """
    approver = ACT_APPROVERS[level]
    wf = Workflow(f"act_{level}", title, "draft")
    drafting = {**view_for(("federal_operator", approver, ACT_READER)),
                **{role: {"view", "edit"} for role in ACT_DRAFTERS}}
    signing = {**view_for(("federal_operator", approver, ACT_READER) + ACT_DRAFTERS)}
    public = view_for(ACT_READERS, ACT_READER)
    wf.add_state("draft", "Черновик", drafting, meaning=EDITABLE)
    wf.add_state("submitted", "На подписи", signing, meaning=SUBMITTED, period=REVIEW_PERIOD)
    # NB: both have legal effect (``core.acts.EFFECTIVE``): an approved act may repeal, and be repealed.
    wf.add_state("approved", "Утверждён", public, meaning=ACCEPTED)
    wf.add_state("in_force", "Действует", public, meaning=ACCEPTED)
    wf.add_state("repealed", "Отменён", public, meaning=WITHDRAWN)
    wf.add_transition("submit", "Отправить на подпись", "draft", "submitted",
                      roles=ACT_DRAFTERS, guard=act_has_version)
    wf.add_transition("return", "Вернуть на доработку", "submitted", "draft",
                      roles=(approver,), require_comment=True)
    wf.add_transition("approve", "Утвердить (присвоить номер)", "submitted", "approved", roles=(approver,))
    wf.add_transition("enact", "Ввести в действие", "approved", "in_force", roles=(approver,))
    wf.add_transition("repeal", "Отменить", ("approved", "in_force"), "repealed", roles=(approver,),
                      guard=act_has_repealing_act, require_comment=False, expected=False)
    return wf.check()


def act_region():
    """A region's act, signed by the regional operator (diagram: ``_act_workflow``)."""
    return _act_workflow("region", "Акт региона")


def act_municipality():
    """A municipality's act, signed by the municipal coordinator (diagram: ``_act_workflow``)."""
    return _act_workflow("municipality", "Акт муниципалитета")


def act_school():
    """A school's act, signed by the school head (diagram: ``_act_workflow``)."""
    return _act_workflow("school", "Акт образовательной организации")


ACT_WORKFLOWS = (act_region, act_municipality, act_school)
