"""Who takes each step of a teacher's attestation, declared once (``core.security.steps``).

The pages and the API declare ``permission=<STEP>.permission``; the steps
call ``<STEP>.require(node, actor)``. What a step needs beyond a role (the
dossier's own teacher, the expert drawn for it) the steps check after it.
"""
from core.security.roles import ATTESTEE
from core.security.steps import Step
from core.teachers.cyclogram import EXPERT_MANAGERS

OFFICERS = ("attestation_officer", "school_head")
COMMISSION = ("commission_chair", "commission_secretary")
MANAGERS = tuple(EXPERT_MANAGERS)
MESSAGE = "Этот шаг выполняет другой участник аттестации."


def _step(name, roles, message=MESSAGE):
    return Step(f"teachers.{name}", roles, message=message)


# -- the school's year ------------------------------------------------------------------------
APPOINT_OFFICER = _step("appoint_officer", ("school_head",))
PLAN_TEACHER = _step("plan_teacher", OFFICERS)
IMPORT_TEACHERS = _step("import_teachers", OFFICERS)
DRAFT_SCHEDULE = _step("draft_schedule", OFFICERS)

# -- the dossier: the school's steps, the coordinator's, the teacher's -------------------------
ADD_SUPPORT = _step("add_support", OFFICERS)
SET_DOCUMENTS_AGREED = _step("set_documents_agreed", OFFICERS)
SEND_DATA = _step("send_data", OFFICERS)
OPEN_ACCOUNT = _step("open_account", ("municipal_coordinator",))
UPLOAD_MATERIAL = _step("upload_material", (ATTESTEE,))
SUBMIT_MATERIALS = _step("submit_materials", (ATTESTEE,))
GIVE_CONSENT = _step("give_consent", (ATTESTEE,))
ADD_EVIDENCE = _step("add_evidence", (ATTESTEE,), "Портфолио пополняет сам педагог.")
VERIFY_EVIDENCE = _step("verify_evidence", OFFICERS)

# -- the expert, the commission, the record -----------------------------------------------------
REVIEW = _step("review", ("expert",))
DECIDE = _step("decide", COMMISSION)
RECORD_WORK_BOOK = _step("record_work_book", OFFICERS)
DRAFT_RESULT_ORDER = _step("draft_result_order", (*COMMISSION, "regional_operator"))

# -- the region: its experts and its commission -------------------------------------------------
_EXPERTS = "Экспертов аттестации педагогов назначает региональный оператор."
ADD_EXPERT = _step("add_expert", MANAGERS, _EXPERTS)
REMOVE_EXPERT = _step("remove_expert", MANAGERS, _EXPERTS)
DRAW_EXPERTS = _step("draw_experts", MANAGERS, _EXPERTS)
_COMMISSION = "Состав комиссии утверждает региональный оператор."
APPOINT_COMMISSION = _step("appoint_commission", MANAGERS, _COMMISSION)
DISMISS_COMMISSION = _step("dismiss_commission", MANAGERS, _COMMISSION)
