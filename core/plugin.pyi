# The types of the published plugin surface (core/plugin.py), for a plugin author's editor and type checker.
# NB: core.plugin re-exports functions the core has not annotated; their types are written once here,
# and tests/plugins/test_surface.py fails when a name or a parameter here and there disagree.
import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Optional

import deform
import pluggy
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.request import Request
from pyramid.response import Response

from core.attestation import AttestationRefused as AttestationRefused
from core.attestation import Dossier as Dossier
from core.attestation.model import Campaign, CaseAnswer
from core.plugin_types import AssessmentProcedure as AssessmentProcedure
from core.plugin_types import AttestationStage as AttestationStage
from core.plugin_types import Blueprint as Blueprint
from core.plugin_types import CmmItem as CmmItem
from core.plugin_types import ContentType as ContentType
from core.plugin_types import Deadlines as Deadlines
from core.plugin_types import DocumentTemplates as DocumentTemplates
from core.plugin_types import Indicator as Indicator
from core.plugin_types import LowResultsRule as LowResultsRule
from core.plugin_types import MonitoringSchedule as MonitoringSchedule
from core.plugin_types import MonitoringStage as MonitoringStage
from core.plugin_types import NodeLink as NodeLink
from core.plugin_types import PassportField as PassportField
from core.plugin_types import PassThreshold as PassThreshold
from core.plugin_types import PluginInfo as PluginInfo
from core.plugin_types import PortfolioSection as PortfolioSection
from core.plugin_types import Process as Process
from core.plugin_types import RegionDetails as RegionDetails
from core.plugin_types import RequiredDocument as RequiredDocument
from core.plugin_types import RequiredSection as RequiredSection
from core.plugin_types import ResultIndicator as ResultIndicator
from core.plugin_types import ReviewCriterion as ReviewCriterion
from core.plugin_types import RiskFactor as RiskFactor
from core.plugin_types import RoadmapSection as RoadmapSection
from core.plugin_types import RoadmapStatus as RoadmapStatus
from core.plugin_types import RubricRow as RubricRow
from core.plugin_types import ScoreAgreement as ScoreAgreement
from core.plugin_types import Subject as Subject
from core.plugin_types import Withdrawn as Withdrawn
from core.plugin_types import Workflows as Workflows
from core.plugins import Host
from core.project500.kinds import CONCEPT_DOCUMENTS as CONCEPT_DOCUMENTS
from core.project500.model import Participation as Participation
from core.refused import Refused as Refused
from core.resources import Document as Document
from core.resources import Folder as Folder
from core.resources import Municipality as Municipality
from core.resources import Region as Region
from core.resources import Root as Root
from core.resources import School as School
from core.security.steps import Step as Step
from core.security.users import User
from core.web.forms import Form as Form
from core.web.forms import RuNumber as RuNumber
from core.workflow import HistoryEntry
from core.workflow import Workflow as Workflow
from core.workflow import WorkflowError as WorkflowError
from core.workflow.process import Awaited as Awaited

__all__: list[str]

# NB: an alias is exported by assignment; ``import X as Y`` re-exports only when Y is X.

hookimpl: pluggy.HookimplMarker

# -- the tree and who acts -----------------------------------------------------------------

VIEW: str
ADD_DOCUMENT: str

def find_root(obj: Any) -> Root: ...
def traverse_path(root: Root, path: str) -> Any | None: ...
def region_code_of(obj: Any) -> str | None: ...
def effective_roles(node: Any, login: str | None, day: datetime.date | None = None) -> frozenset[str]: ...
def grant(node: Any, user: User, role: str, actor: str | None = None, via: str = "",
          now: datetime.datetime | None = None, start: datetime.date | None = None,
          end: datetime.date | None = None) -> None: ...
def demo_user(root: Root, login: str, title: str, password: str, hasher: Any) -> User: ...
def users_of(root: Root) -> Mapping[str, User]: ...

# -- workflows -----------------------------------------------------------------------------

def fire(host: Host, obj: Any, transition: str, actor: str | None, comment: str = "",
         now: datetime.datetime | None = None, system: bool = False,
         then: Callable[[HistoryEntry], object] | None = None) -> HistoryEntry: ...
def state_title(host: Host, obj: Any) -> str: ...
def meaning_of(obj: Any) -> str | None: ...

# What a state means (``core.workflow.meanings``): core and plugins ask this, never a state's name.
OPEN: str
EDITABLE: str
IN_PROGRESS: str
SUBMITTED: str
UNDER_REVIEW: str
ACCEPTED: str
DECIDED: str
WITHDRAWN: str

# -- forms and pages -----------------------------------------------------------------------

RENDERER: deform.template.ZPTRendererFactory

def scripts(request: Request) -> list[str]: ...
def invalid_messages(error: Any) -> list[str]: ...
def number(value: Optional[float], digits: int = 2, fixed: bool = False) -> str: ...
def percent(share: Optional[float], digits: int = 1) -> str: ...
def form_invalid(request: Request) -> None: ...
def refused(request: Request, exc: Exception, renderer: str, page: dict[str, Any],
            message: str | None = None) -> Response: ...
def done(request: Request, url: str, message: str) -> HTTPSeeOther: ...
def take(request: Request, step: Callable[[], Any], renderer: str, page_of: Callable[[], dict[str, Any]],
         url: str | Callable[[Any], str], message: str | Callable[[Any], str],
         answer: Callable[..., Response] | None = None) -> Response: ...
def take_form(request: Request, form: Form, renderer: str, page_of: Callable[..., dict[str, Any]],
              action: Callable[[dict[str, Any]], Any], url: str | Callable[[Any], str],
              message: str | Callable[[Any], str], error: str = "Форма заполнена с ошибками: они отмечены ниже.",
              keep: bool = True, answer: Callable[..., Response] | None = None) -> Response: ...

# -- leader attestation --------------------------------------------------------------------

ATTESTEE: str

def now_or(now: datetime.datetime | None = None) -> datetime.datetime: ...
def series_of(school: School) -> dict[str, dict[int, float]]: ...
def sparkline(values: Sequence[float], width: int = 120, height: int = 28) -> str: ...
def record_stage_result(host: Host, dossier: Dossier, stage_code: str, points: float, actor: str,
                        now: datetime.datetime | None = None) -> None: ...
def open_attestation_campaign(host: Host, region: Region, year: int, actor: str | None, time_limit: int = 90,
                              now: datetime.datetime | None = None) -> Campaign: ...
def schedule_attestee(host: Host, campaign: Campaign, user: User, school_code: str, category: str,
                      sitting: datetime.date, actor: str | None, now: datetime.datetime | None = None) -> Dossier: ...
def add_attestation_expert(campaign: Campaign, user: User, actor: str | None,
                           now: datetime.datetime | None = None) -> None: ...
def appoint_commission_member(campaign: Campaign, user: User, role: str, actor: str | None,
                              now: datetime.datetime | None = None) -> None: ...
def register_attestee(host: Host, dossier: Dossier, portfolio: Mapping[str, Any], consent: bool, actor: str,
                      now: datetime.datetime | None = None) -> None: ...
def start_test(host: Host, dossier: Dossier, actor: str, now: datetime.datetime | None = None) -> Any: ...
def save_answer(host: Host, dossier: Dossier, item_code: str, value: str | Iterable[str], actor: str,
                now: datetime.datetime | None = None) -> Any: ...
def submit_test(host: Host, dossier: Dossier, actor: str | None, now: datetime.datetime | None = None,
                system: bool = False, comment: str = "") -> None: ...
def score_case(host: Host, answer: CaseAnswer, actor: str, points: Mapping[str, float], comment: str = "",
               now: datetime.datetime | None = None) -> CaseAnswer: ...

# -- the CMM bank --------------------------------------------------------------------------

COMPETENCES: dict[str, str]

def federal_test_blueprint(region: str, category: str, school_type: str) -> Blueprint: ...
