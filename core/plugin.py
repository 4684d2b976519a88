"""The published plugin surface: all a regional plugin may import from the core.

A plugin (``plugins/sverdlovsk``, ``plugins/krasnoyarsk``, yours) imports from
``core.plugin`` and from no other module of ``core``; a test walks every
module under ``plugins/`` to hold it so. The names below are kept for
plugins while the core moves its own modules about: when one moves or is
renamed inside the core, only this module changes. Their types are in
``core/plugin.pyi`` beside it (a test keeps the two in step).

What is here, by what a plugin does with it:

- **hooks**: ``hookimpl`` marks an implementation of a hook of
  ``core.hookspecs``; the shapes of what hooks return are the TypedDicts of
  ``core.plugin_types`` (``RiskFactor``, ``Indicator``, ``AttestationStage``, ``PassportField``...).
- **refusing a step**: ``Refused`` is the base of every refusal (a Russian
  message, a ``code``: ``forbidden`` 403, ``order`` 409, ``invalid`` 400,
  and ``details``); a plugin's own refusal subclasses it, and the pages
  (``refused``) and the API answer it with its status. ``WorkflowError`` is a
  refused transition, ``AttestationRefused`` a refused attestation step.
- **the tree and who acts**: the node classes, ``region_code_of``,
  ``effective_roles`` (roles held on a node, inherited from above), ``grant``,
  the permissions ``VIEW`` and ``ADD_DOCUMENT``; ``Step`` declares who takes
  a plugin's own step, once: its pages declare ``permission=STEP.permission``
  and its domain code calls ``STEP.require(node, actor)``.
- **workflows and processes**: ``Workflow`` to define one, the meanings its
  states declare (``OPEN``, ``EDITABLE``, ``SUBMITTED``, ``ACCEPTED``...)
  and ``meaning_of`` to ask an object's, ``fire`` to take a transition (listeners
  and deadlines included; ``system=`` for the process's own steps, ``then=``
  for what the step records before listeners hear of it), ``state_title``;
  ``Awaited``, what an object awaits («Мои задачи», ``oko_processes``).
- **forms and pages**: ``Form`` (a deform form whose schema carries the
  CSRF token, rendered in Russian by ``RENDERER``), ``RuNumber`` (the colander
  type of a field that takes a fraction, «12,5» as well as «12.5»), ``scripts`` for a page
  with a form, ``invalid_messages`` for a colander error, then what a POST
  view answers: ``take`` a step (``done`` on the next page, or ``refused``:
  the page again with the reason), ``take_form`` a form's POST
  (``form_invalid`` when it does not validate). A plugin's templates fill the site's ``layout`` macro.
- **domains a region extends**: the 500+ ``Participation`` (what an
  indicator's predicate reads); the attestation's ``Dossier`` and the steps a
  regional stage or demo takes; the CMM competences and the federal test
  blueprint a regional one starts from.
"""
from core import hookimpl
from core.attestation import AttestationRefused, Dossier
from core.attestation.campaign import add_expert as add_attestation_expert
from core.attestation.campaign import open_campaign as open_attestation_campaign
from core.attestation.campaign import schedule as schedule_attestee
from core.attestation.commission import appoint as appoint_commission_member
from core.attestation.model import ATTESTEE, now_or
from core.attestation.registration import register as register_attestee
from core.attestation.scoring import record_stage_result, score_case
from core.attestation.series import series_of, sparkline
from core.attestation.sitting import save_answer, start_test, submit_test
from core.cases import fire, state_title
from core.cmm.defaults import federal_blueprint as federal_test_blueprint
from core.cmm.model import COMPETENCES
from core.numbers import number, percent
from core.plugin_types import (
    AssessmentProcedure,
    AttestationStage,
    Blueprint,
    CmmItem,
    ContentType,
    Deadlines,
    DocumentTemplates,
    Indicator,
    LowResultsRule,
    MonitoringSchedule,
    MonitoringStage,
    NodeLink,
    PassportField,
    PassThreshold,
    PluginInfo,
    PortfolioSection,
    Process,
    RegionDetails,
    RequiredDocument,
    RequiredSection,
    ResultIndicator,
    ReviewCriterion,
    RiskFactor,
    RoadmapSection,
    RoadmapStatus,
    RubricRow,
    ScoreAgreement,
    Subject,
    Withdrawn,
    Workflows,
)
from core.project500.kinds import CONCEPT_DOCUMENTS
from core.project500.model import Participation
from core.refused import Refused
from core.resources import (
    Document,
    Folder,
    Municipality,
    Region,
    Root,
    School,
    find_root,
    region_code_of,
    traverse_path,
)
from core.security.permissions import ADD_DOCUMENT, VIEW
from core.security.roles import effective_roles, grant
from core.security.steps import Step
from core.security.users import demo_user, users_of
from core.translation import invalid_messages
from core.views.steps import done, form_invalid, refused, take, take_form
from core.web.forms import RENDERER, Form, RuNumber, scripts
from core.workflow import (
    ACCEPTED,
    DECIDED,
    EDITABLE,
    IN_PROGRESS,
    OPEN,
    SUBMITTED,
    UNDER_REVIEW,
    WITHDRAWN,
    Workflow,
    WorkflowError,
    meaning_of,
)
from core.workflow.process import Awaited

__all__ = [
    # hooks and the shapes of their answers
    "hookimpl",
    "AssessmentProcedure", "AttestationStage", "Blueprint", "CmmItem", "ContentType", "Deadlines",
    "DocumentTemplates", "Indicator", "LowResultsRule", "NodeLink", "PassportField", "PassThreshold", "PluginInfo",
    "PortfolioSection", "Process", "RegionDetails", "RequiredDocument", "RequiredSection", "ResultIndicator",
    "ReviewCriterion", "RiskFactor", "RubricRow",
    "ScoreAgreement", "Subject", "Withdrawn", "Workflows",
    "MonitoringSchedule", "MonitoringStage", "RoadmapSection", "RoadmapStatus",
    # refusing a step
    "Refused", "WorkflowError", "AttestationRefused",
    # the tree and who acts
    "Root", "Region", "Municipality", "School", "Folder", "Document",
    "find_root", "traverse_path", "region_code_of",
    "effective_roles", "grant", "VIEW", "ADD_DOCUMENT", "Step", "demo_user", "users_of",
    # workflows and processes
    "Workflow", "fire", "state_title", "Awaited", "meaning_of",
    "OPEN", "EDITABLE", "IN_PROGRESS", "SUBMITTED", "UNDER_REVIEW", "ACCEPTED", "DECIDED", "WITHDRAWN",
    # forms and pages
    "Form", "RuNumber", "RENDERER", "scripts", "invalid_messages", "form_invalid", "refused", "done", "take",
    "take_form", "number", "percent",
    # the 500+ project
    "Participation", "CONCEPT_DOCUMENTS",
    # leader attestation
    "Dossier", "ATTESTEE", "now_or", "series_of", "sparkline", "record_stage_result",
    "open_attestation_campaign", "schedule_attestee", "add_attestation_expert", "appoint_commission_member",
    "register_attestee", "start_test", "save_answer", "submit_test", "score_case",
    # the CMM bank
    "COMPETENCES", "federal_test_blueprint",
]
