"""Who takes each step of a leader attestation campaign, declared once (``core.security.steps``).

The pages and the API declare ``permission=<STEP>.permission``; the steps
call ``<STEP>.require(node, actor)`` and refuse with ``AttestationRefused``.
What a step needs beyond a role (the dossier's own attestee, an expert the
answer is assigned to) the steps check after it. A ``recorded`` stage names
its own roles (``oko_attestation_stages``): ``scoring.record_stage_result``
reads them there.
"""
from core.attestation.model import ATTESTEE, AttestationRefused
from core.security.steps import Step

MANAGERS = ("regional_operator", "federal_operator")
SECRETARIES = ("commission_secretary", "commission_chair")
MESSAGE = "Этот шаг выполняет другой участник аттестации."


def _step(name, roles):
    return Step(f"attestation.{name}", roles, AttestationRefused, MESSAGE)


# -- the operators: the campaign, its schedule, experts, commission and results series ---------
OPEN_CAMPAIGN = _step("open_campaign", MANAGERS)
CONFIGURE = _step("configure", MANAGERS)
SCHEDULE = _step("schedule", MANAGERS)
SET_SITTING_PLACE = _step("set_sitting_place", MANAGERS)
ADD_EXPERT = _step("add_expert", MANAGERS)
APPOINT_COMMISSION = _step("appoint_commission", MANAGERS)
DISMISS_COMMISSION = _step("dismiss_commission", MANAGERS)
IMPORT_SERIES = _step("import_series", MANAGERS)
CLOSE_EXPIRED = _step("close_expired", MANAGERS)
ASSIGN_PENDING = _step("assign_pending", MANAGERS)

# -- the threshold and the commission -----------------------------------------------------------
CALCULATE_THRESHOLD = _step("calculate_threshold", MANAGERS + SECRETARIES)
HOLD_MEETING = _step("hold_meeting", SECRETARIES)
DECIDE = _step("decide", SECRETARIES)
DRAFT_ACTS = _step("draft_acts", SECRETARIES + MANAGERS)

# -- the attestee and the expert ---------------------------------------------------------------
REGISTER = _step("register", (ATTESTEE,))
START_TEST = _step("start_test", (ATTESTEE,))
SAVE_ANSWER = _step("save_answer", (ATTESTEE,))
SUBMIT_TEST = _step("submit_test", (ATTESTEE,))
SCORE_CASE = _step("score_case", ("expert",))
