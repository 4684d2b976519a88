"""The school's cyclogram of a teacher's attestation (seed 003): its steps in order, who takes each, by when."""
from core.security.roles import ATTESTEE

# The steps of a dossier in the cyclogram's order: who takes each, and the
# ``oko_deadlines`` offset from D its deadline is counted by (None: no deadline).
STEPS = (
    ("send_data", "передать данные педагога районному координатору", ("attestation_officer",),
     "teacher_account_opened"),
    ("open_account", "открыть личный кабинет педагога", ("municipal_coordinator",), "teacher_account_opened"),
    ("upload_materials", "загрузить аттестационные материалы", (ATTESTEE,), "teacher_materials_uploaded"),
    ("give_consent", "подтвердить согласие на участие в аттестации", (ATTESTEE,), "teacher_consent_given"),
    ("review", "экспертиза портфолио", ("expert",), "attestation_date"),
    ("decide", "решение аттестационной комиссии", ("commission_chair", "commission_secretary"),
     "attestation_date"),
    ("record_result", "запись в трудовой книжке", ("attestation_officer",), None),
)
STEP_TITLES = {code: title for code, title, _, _ in STEPS}
STEP_ROLES = {code: frozenset(roles) for code, _, roles, _ in STEPS}
STEP_OFFSETS = {code: offset for code, _, _, offset in STEPS}
STEP_ORDER = [code for code, _, _, _ in STEPS] + ["done"]
DONE = "done"
STEP_TITLES[DONE] = "аттестация завершена"
# Steps taken before the teacher has a personal account: the school's year shows them.
SCHOOL_STEPS = ("send_data", "open_account")
# The commission decides once the experts have reviewed; it reads the dossier from then on.
COMMISSION_ROLES = {"commission_chair": "председатель", "commission_secretary": "секретарь",
                    "commission_member": "член комиссии"}
# The regional operator gives a dossier its expert when the region's pool had none to draw.
ASSIGN_EXPERT = "assign_expert"
EXPERT_MANAGERS = frozenset({"regional_operator"})
