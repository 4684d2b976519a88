"""Who takes each step of the 500+ project, declared once (``core.security.steps``).

The pages and the API declare ``permission=<STEP>.permission``; the steps
call ``<STEP>.require(node, actor)``. What a step needs beyond a role (the
curator assigned to the school, a reviewer given the school's documents)
the steps check after it.
"""
from core.security.steps import Step

OPERATORS = ("regional_operator", "federal_operator")
COORDINATOR = ("municipal_coordinator",)
HEAD = ("school_head",)
CURATOR = ("curator",)
MESSAGE = "Этот шаг выполняет другой участник проекта."


def _step(name, roles):
    return Step(f"project500.{name}", roles, message=MESSAGE)


# -- the region: enrolment and the survey -------------------------------------------------------
ENROL = _step("enrol", OPERATORS)
IMPORT_RISK_PROFILES = _step("import_risk_profiles", OPERATORS)

# -- the municipal coordinator ------------------------------------------------------------------
RECORD_SEMINAR = _step("record_seminar", COORDINATOR)
ASSIGN_CURATOR = _step("assign_curator", COORDINATOR)
SET_CONTRACT_STATUS = _step("set_contract_status", COORDINATOR)
RECORD_PROFESSIONAL_DEVELOPMENT = _step("record_professional_development", COORDINATOR)
DRAW_SAMPLE = _step("draw_sample", COORDINATOR)
ASSIGN_REVIEWER = _step("assign_reviewer", COORDINATOR)

# -- the school and its curator ------------------------------------------------------------------
DOWNLOAD_PROFILE = _step("download_profile", HEAD + CURATOR)
FIRST_VISIT = _step("first_visit", CURATOR)
SAVE_CONCEPT_DOCUMENT = _step("save_concept_document", HEAD)
ACTIVATE_MEASURES = _step("activate_measures", HEAD)
ADD_CONFIRMING_DOCUMENT = _step("add_confirming_document", HEAD)
CONFIRM_POSITIVE_CHANGES = _step("confirm_positive_changes", CURATOR)
# The webinars of exchange of experience: the school's head or its curator takes part, its coordinator records too.
RECORD_WEBINAR = _step("record_webinar", COORDINATOR + HEAD + CURATOR)

# -- the reviewer ---------------------------------------------------------------------------------
REVIEW_DOCUMENT = _step("review_document", ("expert",))
