"""The Krasnoyarsk unified model of leader attestation (seed 001): the region's two extra stages.

After the federal test and management cases, an attestee of region 24 has

- a structured **interview** built on the monitoring of the leader's results
  (``interview``): questions drawn from the school's results series, scored
  by the commission;
- a **management project** (``management_project``): written by the attestee
  in the personal account, on a suggested topic or its own, and scored by the
  commission against the model's criteria.

Both are ``recorded`` stages of ``oko_attestation_stages``: their points are
brought into the attestee's total through ``core.plugin.
record_stage_result``, so the federal flow (threshold, commission, acts)
works on them unchanged. Other regions never see these stages. A stage's
``view`` names the dossier's page where it is held (``@@krsk-interview``).

What the region keeps of a dossier lives in one ``RegionalRecord`` on the
dossier (``dossier.krasnoyarsk``), made on first write, so the federal
dossier needs no migration and no field of its own for a regional part.
"""
from persistent import Persistent

from core.plugin import (
    ATTESTEE,
    DECIDED,
    EDITABLE,
    IN_PROGRESS,
    OPEN,
    SUBMITTED,
    UNDER_REVIEW,
    WITHDRAWN,
    AttestationRefused,
    Step,
    hookimpl,
    meaning_of,
)

REGION = "24"
COMMISSION = ("commission_chair", "commission_secretary", "commission_member")
INTERVIEW = "interview"
PROJECT = "management_project"
INTERVIEW_MAX = 20
PROJECT_MAX = 30
# NB: tuples, not lists: hook results are cached and shared, nobody may change them.
STAGES = (
    {"code": INTERVIEW, "title": "Собеседование по результатам мониторинга деятельности руководителя",
     "kind": "recorded", "order": 30, "roles": COMMISSION, "max_score": INTERVIEW_MAX, "view": "krsk-interview"},
    {"code": PROJECT, "title": "Управленческий проект", "kind": "recorded", "order": 40,
     "roles": COMMISSION, "max_score": PROJECT_MAX, "view": "krsk-project"},
)
# What the states mean in which the stages' work goes on: until the results are all in.
OPEN_STATES = (OPEN, EDITABLE, IN_PROGRESS, UNDER_REVIEW)
ATTRIBUTE = "krasnoyarsk"


@hookimpl
def oko_attestation_stages(region, category):
    """The federal stages stay; the region adds the interview and the management project."""
    return [dict(stage) for stage in STAGES]


class RegionalRecord(Persistent):
    """The Krasnoyarsk parts of one dossier: its interview and its management project."""

    def __init__(self):
        self.interview = None
        self.project = None


def record_of(dossier, create=False):
    """The dossier's regional record (None until the first write, unless ``create``)."""
    record = getattr(dossier, ATTRIBUTE, None)
    if record is None and create:
        record = RegionalRecord()
        setattr(dossier, ATTRIBUTE, record)
    return record


# Who takes the region's own steps on a dossier (``core.plugin.Step``): the stages' pages and the steps read them.
_BY_COMMISSION = "Этот этап оценивает аттестационная комиссия."
OPEN_INTERVIEW = Step("krasnoyarsk.open_interview", COMMISSION, AttestationRefused, _BY_COMMISSION)
SCORE_INTERVIEW = Step("krasnoyarsk.score_interview", COMMISSION, AttestationRefused, _BY_COMMISSION)
SCORE_PROJECT = Step("krasnoyarsk.score_project", COMMISSION, AttestationRefused, _BY_COMMISSION)
SUBMIT_PROJECT = Step("krasnoyarsk.submit_project", (ATTESTEE,), AttestationRefused,
                      "Управленческий проект представляет сам аттестуемый.")


def require_scoring_state(dossier):
    """Refuse entering a stage result before the test is submitted or after the decision."""
    if meaning_of(dossier) in (SUBMITTED, DECIDED):
        raise AttestationRefused("Результаты всех этапов уже получены: изменить оценку этапа нельзя.")
    if meaning_of(dossier) == WITHDRAWN:
        raise AttestationRefused("Аттестуемый исключён из графика.")
    if meaning_of(dossier) != UNDER_REVIEW:
        raise AttestationRefused("Оценка этапа вносится после того, как аттестуемый сдал тест.")


def points(raw, maximum, title):
    """A whole number of points from 0 to ``maximum`` from a form value, or a Russian problem."""
    try:
        value = float(str(raw).replace(",", ".")) if raw not in (None, "") else None
    except ValueError:
        value = None
    if value is None:
        return None, f"«{title}»: укажите балл"
    if not 0 <= value <= maximum or value != int(value):
        return None, f"«{title}»: целый балл от 0 до {maximum}"
    return int(value), None
