"""The steps of the 500+ project, in the order of the municipal roadmap (seed 004).

Each step checks who is acting and whether the step may be taken now, then
changes the participation, records it in the journal and recounts the
indicators. A refused step raises ``StepRefused`` with a Russian message and
changes nothing. Domain code: no request objects here.
"""
from core.project500.awaiting import NEXT_STEPS, awaited, next_steps
from core.project500.kinds import document_name
from core.project500.steps._common import StepRefused, participation_of
from core.project500.steps.documents import (
           activate_measures,
           add_confirming_document,
           compare_versions,
           confirm_positive_changes,
           measures_ready,
           on_document_transition,
           record_professional_development,
           save_concept_document,
)
from core.project500.steps.monitoring import confirm_positive_stage, record_webinar
from core.project500.steps.review import assign_reviewer, draw_sample, participations, review_document
from core.project500.steps.start import (
           assign_curator,
           enrol,
           import_risk_profiles,
           record_first_visit,
           record_profile_download,
           record_seminar,
           set_contract_status,
)

__all__ = ["StepRefused", "participation_of", "NEXT_STEPS", "next_steps", "awaited",
           "enrol", "import_risk_profiles", "record_profile_download", "record_seminar", "assign_curator",
           "set_contract_status", "record_first_visit", "document_name", "save_concept_document",
           "compare_versions", "participations", "draw_sample", "assign_reviewer", "review_document",
           "add_confirming_document", "confirm_positive_changes", "record_professional_development",
           "activate_measures", "measures_ready", "on_document_transition", "confirm_positive_stage", "record_webinar"]
