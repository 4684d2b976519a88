"""What a leader attestation campaign keeps.

Where things live, and why:

- The campaign is a regional object, ``/<region>/leader-attestation-<year>/``,
  made by the regional operator on first use. Its commission (chair,
  secretary, members) holds local roles on it.
- Each participant's dossier is ``<campaign>/participants/<login>``: under
  the campaign, so the commission's roles on the campaign reach every dossier
  it decides, and the attestee holds the pseudo-role ``attestee`` on its own
  dossier only. The dossier names the attestee's school (``school_path``),
  and the school's results series is read from the school itself: the
  dossier is reachable from the school's code and the school from the dossier.
- Case answers are copied into ``<campaign>/answers/<opaque code>``: an
  answer keeps the item and the text, never who wrote it. The only link back
  is the campaign's anonymisation key (``Campaign.keys``, code -> dossier
  name), an attribute no page or API operation shows; the domain reads it to
  exclude the attestee's municipality from the experts and to bring the
  agreed score back to the dossier. Experts hold the ``expert`` role on the
  answers assigned to them and on nothing else of the campaign.
"""
import dataclasses
import datetime

from BTrees.OOBTree import OOBTree
from persistent import Persistent

from core.cmm.model import CATEGORIES  # noqa: F401  (one list of categories: the bank's)
from core.journal import Event, Journaled, now_or  # noqa: F401  (re-exported)
from core.refused import StepRefused
from core.resources import Folder
from core.security.roles import ATTESTEE  # noqa: F401  (re-exported: the attestation names it here)
from core.workflow.process import Awaited, workflow_awaited

CAMPAIGN_PREFIX = "leader-attestation-"
PARTICIPANTS = "participants"
ANSWERS = "answers"
WORKFLOW = "leader_attestation"
# Who scores a case answer: an expert granted on that answer alone.
EXPERTS = frozenset({"expert"})
# ATTESTEE (core.security.roles): the pseudo-role a participant holds on its own dossier (like Plone's Owner).
COMMISSION_ROLES = {"commission_chair": "председатель", "commission_secretary": "секретарь",
                    "commission_member": "член комиссии"}
# Decisions of the commission per category: code -> the words of the protocol and of the order.
DECISIONS = {
    "head": {"passed": ("соответствует занимаемой должности", "соответствует занимаемой должности"),
             "failed": ("не соответствует занимаемой должности", "не соответствует занимаемой должности")},
    "candidate": {"passed": ("рекомендовать для назначения на должность руководителя",
                             "рекомендован(а) для назначения на должность руководителя"),
                  "failed": ("не рекомендовать для назначения на должность руководителя",
                             "не рекомендован(а) для назначения на должность руководителя")},
}
DEFAULT_TIME_LIMIT = 90
# The share of the campaign's tests one item may appear in (1.0: any number of them).
# NB: 100 % by default: a limit the bank cannot sustain refuses tests (a region
# with one variant case needs it in every test); the settings page says how low
# the bank allows (``sitting.rehearse``) before the operator lowers it.
DEFAULT_EXPOSURE_SHARE = 1.0


class AttestationRefused(StepRefused):
    """A step of the attestation was refused; the message is Russian and nothing changed."""


def campaign_name(year):
    """The name of a region's campaign object for ``year``."""
    return f"{CAMPAIGN_PREFIX}{year}"


def campaign_of(region, year):
    """The region's campaign of ``year``, or None."""
    return region.get(campaign_name(year))


@dataclasses.dataclass(frozen=True)
class ThresholdEntry:
    """One (re)calculation of a category's pass threshold: who, when, why, the value and the rule."""

    category: str
    threshold: float
    rule: str
    results: int
    actor: str
    at: datetime.datetime
    reason: str
    frozen: bool = False


@dataclasses.dataclass(frozen=True)
class ExpertScore:
    """One expert's scoring of a case: points per rubric criterion, the total and its percentage."""

    expert: str
    at: datetime.datetime
    criteria: tuple  # ((criterion code, points), ...)
    points: float
    percent: float
    comment: str = ""


@dataclasses.dataclass(frozen=True)
class Meeting:
    """The commission's meeting: when, where, who was present (logins)."""

    date: datetime.date
    place: str
    present: tuple
    held_by: str
    at: datetime.datetime


class Participants(Folder):
    """The campaign's dossiers, by the attestee's login."""

    type_name = "attestation_participants"
    type_title = "Участники аттестации"
    catalogued = False


class CaseAnswers(Folder):
    """The campaign's anonymised case answers, by opaque code."""

    type_name = "attestation_case_answers"
    type_title = "Обезличенные ответы на кейсы"
    catalogued = False


class Campaign(Journaled, Folder):
    """A region's leader attestation campaign of one year."""

    type_name = "leader_attestation"
    type_title = "Аттестация руководителей ОО"
    # NB: not a child the region lists: its municipalities are.
    catalogued = False
    # NB: a class default, so campaigns stored before the setting existed have it too.
    exposure_share = DEFAULT_EXPOSURE_SHARE
    # NB: the campaign's commission and experts are its own, appointed by its steps: the same
    # roles held on the region (the teachers' commission, an expert of old) do not reach in.
    blocks_inherited = frozenset({*COMMISSION_ROLES, "expert"})

    def __init__(self, year, time_limit=DEFAULT_TIME_LIMIT, title=None):
        super().__init__(title or f"Аттестация руководителей ОО, {year}")
        self.project_year = year
        self.time_limit = time_limit
        self.sittings = {}          # date -> place
        self.experts = {}           # login -> municipality code of the expert
        self.thresholds = {}        # category -> current ThresholdEntry
        self.threshold_log = ()
        self.frozen_at = None
        self.meeting = None
        self.acts = {}              # "protocol" / "order" -> act path
        self.journal = ()
        self.keys = OOBTree()       # the anonymisation key: answer code -> dossier name
        self.exposure = None        # core.cmm.assembly.Exposure, made with the first test

    @property
    def participants(self):
        """The dossiers folder (made on first use by ``participants_folder``)."""
        return self.get(PARTICIPANTS)

    @property
    def answers(self):
        """The anonymised answers folder, or None before the first submission."""
        return self.get(ANSWERS)

    def dossiers(self, category=None):
        """The campaign's dossiers (optionally of one category), by login."""
        folder = self.participants
        if folder is None:
            return []
        return [d for d in folder.values() if category is None or d.category == category]

    def commission(self):
        """``{role: [login, ...]}`` of the commission (local roles on the campaign)."""
        found = {role: [] for role in COMMISSION_ROLES}
        for login, roles in sorted((getattr(self, "local_roles", None) or {}).items()):
            for role in COMMISSION_ROLES:
                if role in roles:
                    found[role].append(login)
        return found


class Dossier(Persistent):
    """A participant's attestation: registration, the test, results per stage, the decision."""

    type_name = "attestation_dossier"
    type_title = "Досье аттестуемого"
    is_case = True

    def __init__(self, login, person, category, school, sitting, year):
        self.attestee = login
        self.person = person
        self.title = f"{person}: аттестация {year}"
        self.category = category
        self.school_path = None
        self.school_code = school.code
        self.school_title = school.title
        self.school_type = school.school_type
        self.municipality = school.__parent__.code
        self.municipality_title = school.__parent__.title
        self.sitting = sitting
        self.project_year = year
        self.portfolio = {}
        self.consent_at = None
        self.test = None
        self.answers = OOBTree()     # item code -> answer ("" / [..] / text)
        self.answer_log = ()         # (item code, at): when each answer was saved
        self.started_at = None
        self.deadline_at = None
        self.submitted_at = None
        self.closed_scores = {}      # item code -> points
        self.case_codes = ()         # opaque codes of the anonymised case answers
        self.stage_results = {}      # stage code -> points
        self.total = None
        self.decision = None
        self.decision_comment = ""
        self.workflow_name = WORKFLOW
        self.workflow_state = None
        self.history = ()
        # NB: core.cases.fire keeps ``due`` at ``deadline``: the attestee's tasks are due on the sitting.
        self.deadline = sitting
        self.due = sitting
        self.__name__ = None
        self.__parent__ = None

    @property
    def campaign(self):
        """The campaign the dossier belongs to."""
        return self.__parent__.__parent__ if self.__parent__ is not None else None

    def awaited(self, host):
        """The workflow's steps; the commission's decision is taken at its meeting, on the campaign's page."""
        return [dataclasses.replace(step, view=(self.campaign, "")) if step.step == "decide" else step
                for step in workflow_awaited(host, self)]


class CaseAnswer(Persistent):
    """An anonymised answer to one management case: the item, the text, the experts' scores.

    Nothing here names the attestee, its school or municipality.
    """

    type_name = "attestation_case_answer"
    type_title = "Обезличенный ответ на кейс"
    is_case = True

    def __init__(self, code, item, text, due=None):
        self.code = code
        self.title = f"Кейс {code}"
        self.item = item
        self.text = text
        self.experts = ()            # logins, in the order they were assigned
        self.scores = ()             # ExpertScore, in the order they were given
        self.final = None            # agreed points
        self.final_rule = ""
        self.third_requested = False
        self.awaiting_roles = frozenset()
        self.due = due
        self.__name__ = None
        self.__parent__ = None

    @property
    def max_score(self):
        """The case's maximum: the sum of its rubric's criteria."""
        return float(sum(c["max"] for c in self.item.rubric))

    def scored_by(self, login):
        """The score ``login`` gave, or None."""
        return next((s for s in self.scores if s.expert == login), None)

    def awaited(self, host):
        """``[Awaited]``: "оценить кейс", of each expert assigned who has not scored, until the score is agreed."""
        waiting = frozenset(login for login in self.experts if self.scored_by(login) is None)
        if self.final is not None or not waiting:
            return []
        return [Awaited("score_case", "оценить ответ на кейс", EXPERTS, waiting, self.due)]
