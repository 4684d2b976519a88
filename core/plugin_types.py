"""The shapes of what hooks return: one TypedDict (or alias) per kind of item.

Hooks return plain dicts and lists, as they always have; these types only say
which keys each dict has, so a plugin author (and a type checker) can see the
contract without reading the code that consumes it. ``core.hookspecs`` names
them in its signatures and ``core.plugin`` re-exports them.

Items of list hooks are merged by ``code`` (``core.plugins``): a regional item
replaces the federal one of the same code, and ``Withdrawn`` removes it, so
every list hook returns ``list[SomeItem | Withdrawn]``.

The annotations are evaluated (no ``from __future__ import annotations``), so
``__required_keys__`` and ``__optional_keys__`` tell the truth at run time:
the plugin host checks every answer by them (``core.answers``), and a field
whose value must be a known code says which list it is drawn from,
``Annotated[str, Codes("competence")]`` (``Competence``): the built-in plugins
name the codes of each list (their ``CODES``), ``docs/plugins.md`` prints them.
"""
import datetime
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NotRequired, TypedDict

from core.workflow import Workflow

if TYPE_CHECKING:
    from core.project500.model import Participation

__all__ = [
    "AssessmentProcedure", "AttestationStage", "Blueprint", "CmmItem", "ContentType", "Deadlines",
    "DocumentTemplates", "Indicator", "LowResultsRule", "NodeLink", "PassportField", "PassThreshold", "PluginInfo",
    "PortfolioSection", "Process", "RegionDetails", "RequiredDocument", "RequiredSection", "ResultIndicator",
    "ReviewCriterion", "RiskFactor", "RubricRow",
    "ScoreAgreement", "Subject", "Withdrawn", "Workflows",
    "MonitoringSchedule", "MonitoringStage", "RoadmapSection", "RoadmapStatus",
    "Codes", "AttesteeCategory", "Competence", "NodeKind", "Permission", "Role", "SchoolType", "WorkflowName",
]


class Codes:
    """Marks a text field whose value is one of the codes of a list: ``Annotated[str, Codes("competence")]``.

    The lists are named by ``kind``; the built-in plugins give their codes
    (``CODES`` of ``core.federal`` and of each domain's ``defaults``), and
    ``oko_workflows`` the names of workflows (``"workflow"``).
    """

    __slots__ = ("kind",)

    def __init__(self, kind):
        self.kind = kind

    def __repr__(self):
        return f"Codes({self.kind!r})"


#: A competence of the CMM bank (``core.plugin.COMPETENCES``).
Competence = Annotated[str, Codes("competence")]
#: A category of leader attestee: ``"head"``, ``"candidate"``.
AttesteeCategory = Annotated[str, Codes("attestee_category")]
#: ``"urban"``, ``"rural"`` or ``"small"``.
SchoolType = Annotated[str, Codes("school_type")]
#: A role of ``core.security.roles`` (``"regional_operator"``, ``"curator"``...).
Role = Annotated[str, Codes("role")]
#: A permission of ``core.security.permissions`` (``"add_document"``...).
Permission = Annotated[str, Codes("permission")]
#: The name of a workflow some plugin gives (``oko_workflows``).
WorkflowName = Annotated[str, Codes("workflow")]
#: A kind of node of the tree a document is added to.
NodeKind = Literal["region", "municipality", "school"]


class PluginInfo(TypedDict):
    """Who a plugin is (``oko_plugin_info``)."""

    name: str
    version: str
    #: Two-digit region codes the plugin answers for; ``["*"]`` for every region.
    regions: Sequence[str]
    #: Russian, shown by ``oko plugins``.
    title: NotRequired[str]


class RegionDetails(TypedDict):
    """How a region's documents name its authority, where they are issued and who signs (``oko_region_details``).

    A region's protocols and orders start from these; a municipality's and a school's
    documents are issued in their own town (``core.acts.place_of``).
    """

    #: The regional education authority in the nominative: «Министерство образования Красноярского края».
    authority: NotRequired[str]
    #: Where the authority's documents are issued: «г. Красноярск».
    city: NotRequired[str]
    #: The post of the authority's head, who signs its orders: «Министр образования Красноярского края».
    head_post: NotRequired[str]


class Withdrawn(TypedDict):
    """Removes the item of ``code`` that an earlier plugin (the federal defaults) gave."""

    code: str
    withdrawn: Literal[True]


class ContentType(TypedDict):
    """A kind of case document users add through «Загрузить документ» (``oko_content_types``).

    The add page of a node offers the types whose ``addable_in`` names the
    node's kind and whose ``add_permission`` the user holds there;
    ``core.cases.add_document`` refuses any other.
    """

    #: Stable name, stored on each document as its ``document_type``.
    name: str
    #: Russian, shown in listings and on the add page.
    title: str
    #: ``factory(title, type_name, workflow_name, creator)`` makes the new document (``core.resources.Document``).
    factory: Callable[[str, str, str, str | None], Any]
    #: The name of the workflow that governs the document (``oko_workflows``).
    workflow: WorkflowName
    #: The permission (``core.security.permissions``) a user needs on the node to add one.
    add_permission: Permission
    #: The kinds of node it may be added to: ``"region"``, ``"municipality"``, ``"school"``.
    addable_in: Sequence[NodeKind]


class NodeLink(TypedDict):
    """A link on a tree node's page to one of the node's views, or to a child of it (``oko_node_links``)."""

    code: str
    #: Russian.
    title: str
    #: The view name on the node, without ``@@``.
    view: NotRequired[str]
    #: Instead of ``view``: the name of a child of the node, linked when it exists and the user may see it.
    child: NotRequired[str]
    #: Shown to holders of any of these roles on the node; to everyone who sees the page when empty.
    roles: NotRequired[Sequence[Role]]


class RiskFactor(TypedDict):
    """A risk factor of a school's risk profile (``oko_risk_factors``)."""

    code: str
    title: str


class Indicator(TypedDict):
    """A 500+ monitoring indicator: a share of the project's schools (``oko_indicators``).

    ``predicate(participation)`` says whether one school's participation
    (``core.project500.model.Participation``: ``surveyed``,
    ``activated_risks``, ``first_visit``, ``positive_changes_confirmed``...)
    meets the indicator now. It is asked after every step of that school,
    so it must be cheap and must not change anything. An item with the code
    of a federal indicator may leave it out (the federal condition is kept,
    only the title changes); any other code must give one, or start-up stops
    naming the plugin and the indicator.
    """

    code: str
    title: str
    predicate: NotRequired[Callable[["Participation"], bool]]


class ReviewCriterion(TypedDict):
    """A criterion of a selective content review (``oko_review_criteria``)."""

    code: str
    title: str
    #: A document conforms when it meets every mandatory criterion.
    mandatory: bool


#: ``{name: date or offset}`` (``oko_deadlines``): a date of the year asked for, or an offset from a date
#: the core knows (``timedelta(days=-20)``: twenty days before the attestation date).
Deadlines = dict[str, datetime.date | datetime.timedelta]


class RubricRow(TypedDict):
    """One criterion of a management case's rubric."""

    code: str
    title: str
    max: int | float


class CmmItem(TypedDict):
    """An item of the test bank (``oko_cmm_items``); checked by ``core.cmm.validation.clean_item``."""

    code: str
    kind: Literal["single", "multiple", "short", "case"]
    #: A competence code of ``core.plugin.COMPETENCES``.
    competence: Competence
    level: Literal["federal", "regional", "municipal"]
    #: ``"all"`` (when left out) or some of ``"urban"``, ``"rural"``, ``"small"``.
    school_types: NotRequired[Literal["all"] | Sequence[SchoolType]]
    #: Categories of attestee: ``"head"``, ``"candidate"`` (both when left out).
    categories: NotRequired[Sequence[AttesteeCategory]]
    #: The question (Russian).
    stem: str
    #: ``[[key, text], ...]`` of closed items.
    options: NotRequired[Sequence[Sequence[str]]]
    #: The right keys; the accepted answers of a ``short`` item.
    answer: NotRequired[Sequence[str]]
    #: The criteria of a ``case``.
    rubric: NotRequired[Sequence[RubricRow]]
    max_score: NotRequired[int | float]
    #: A municipal item's municipality code.
    municipality: NotRequired[str | None]
    #: Where the item came from; the ``regional_overrides/`` reader sets ``"overrides"``.
    source: NotRequired[str]


#: ``{competence code or "*": {column: number of items}}`` (``oko_test_blueprint``), the columns being
#: ``"invariant"``, ``"variant"``, ``"case_invariant"`` and ``"case_variant"``.
Blueprint = dict[Competence | Literal["*"], dict[Literal["invariant", "variant", "case_invariant", "case_variant"], int]]


class PassThreshold(TypedDict):
    """A category's pass threshold and how it was set (``oko_pass_threshold``)."""

    threshold: float
    #: Russian, shown to attestees.
    rule: str


class LowResultsRule(TypedDict):
    """The region's rule for «школы с низкими образовательными результатами» (``oko_low_results_rule``).

    A school is proposed when, in each of the last ``years`` years with
    results, at least ``min_indicators`` of the ``indicators`` are below its
    cluster's expectation: the cluster's mean less ``margin`` of the cluster's
    standard deviations (above it, for an indicator where lower is better).
    """

    #: Codes of ``oko_result_indicators``.
    indicators: Sequence[str]
    min_indicators: int
    years: int
    #: In robust standard deviations of the cluster's values, 0 or more.
    margin: float
    #: Russian: the rule in words, shown with the list.
    rule: str


class ScoreAgreement(TypedDict, total=False):
    """The agreed score of a case, or the call for a third expert (``oko_score_agreement``)."""

    #: 0–100: per cent of the case's maximum.
    score: float
    third_expert: bool
    #: Russian: how the score was agreed.
    rule: str


class AttestationStage(TypedDict):
    """A stage of a leader attestation (``oko_attestation_stages``); the total is the sum of the stages'."""

    code: str
    title: str
    #: ``test`` (closed items), ``cases`` (management cases scored by experts) or ``recorded`` (entered by hand).
    kind: Literal["test", "cases", "recorded"]
    #: Stages are shown and taken in this order.
    order: int
    #: ``recorded``: the roles on the campaign who enter the result.
    roles: NotRequired[Sequence[Role]]
    #: ``recorded``: the most points the stage gives (100 when left out).
    max_score: NotRequired[int | float]
    #: The view name on the dossier where the stage is held (a plugin's own page), without ``@@``.
    view: NotRequired[str]


class PortfolioSection(TypedDict):
    """A section of a leader's or a teacher's e-portfolio (``oko_portfolio_sections``)."""

    code: str
    title: str


class RequiredDocument(TypedDict):
    """A document a teacher uploads for attestation (``oko_required_documents``)."""

    code: str
    title: str


class RequiredSection(TypedDict):
    """A section an uploaded document must contain, found by its title (``oko_required_sections``)."""

    code: str
    title: str


#: ``{template name: path of the .docx}`` (``oko_document_templates``), a ``<name>.toml`` schema beside each.
DocumentTemplates = dict[str, Path]

#: ``{workflow name: workflow}`` (``oko_workflows``).
Workflows = dict[str, Workflow]


class Process(TypedDict):
    """A kind of object that awaits people (``oko_processes``): what «Мои задачи», the API and `oko remind` list.

    An object answers the process protocol itself (``core.workflow.process``:
    its workflow's expected transitions, or its method ``awaited(host)``);
    a process may answer for its objects instead, and bring objects the
    catalog does not hold.
    """

    code: str
    #: Russian.
    title: str
    #: The ``type_name`` of the objects of this process.
    type_name: str
    #: ``awaited(host, obj)``: the ``Awaited`` steps an object of ``type_name`` awaits now.
    awaited: NotRequired[Callable[[Any, Any], Sequence[Any]]]
    #: ``awaiting(site, grants)``: objects kept out of the catalog that await anyone in the places of
    #: ``grants`` (``{path: roles}``), or anywhere when it is None.
    awaiting: NotRequired[Callable[[Any, Any], Any]]


class PassportField(TypedDict):
    """A fact of a school's e-passport, kept by year (``oko_passport_fields``).

    The school fills the fields ``filled_by`` ``"school"`` (each change a new
    version with its author); the others are imported by the region's or the
    municipality's operator (``oko import-passport``, the region's page), and
    a school cannot overwrite them.
    """

    code: str
    #: Russian, as the passport shows it.
    title: str
    #: Where the passport shows it: ``context`` (контекст), ``staff`` (кадры), ``conditions`` (условия),
    #: ``programmes`` (участие в программах).
    section: Literal["context", "staff", "conditions", "programmes"]
    #: ``integer``, ``number``, ``share`` (per cent, 0–100), ``text``, ``choice`` (one of ``choices``) or ``flag`` (да/нет).
    kind: Literal["integer", "number", "share", "text", "choice", "flag"]
    filled_by: Literal["school", "import"]
    #: Where the figure comes from (Russian): a statistical form, a register, the school's own records.
    source: str
    #: Russian: «чел.», «%», «Мбит/с».
    unit: NotRequired[str]
    #: ``[[code, title], ...]`` of a ``choice``.
    choices: NotRequired[Sequence[Sequence[str]]]
    #: Russian: what to put in it, shown under the field.
    help: NotRequired[str]


class Subject(TypedDict):
    """A subject of an assessment procedure (``AssessmentProcedure.subjects``; the federal list answers the rest)."""

    code: str
    #: Russian.
    title: str
    #: Other names tables give it (case and «ё» aside): «русский», «матем.».
    aliases: NotRequired[Sequence[str]]


class AssessmentProcedure(TypedDict):
    """An assessment procedure whose results are imported (``oko_assessment_procedures``): ВПР, ОГЭ, ЕГЭ, a regional one."""

    code: str
    #: Russian: «ВПР».
    title: str
    #: Other names tables give it: «ГИА-9», «всероссийские проверочные работы».
    aliases: NotRequired[Sequence[str]]
    #: The grades (classes) that write it.
    grades: Sequence[int]
    #: The four levels of a result as the procedure names them, lowest first: below the base level, the base
    #: level, above it, the high level (ВПР: «2», «3», «4», «5»). A table's shares are read in this order.
    levels: Sequence[str]
    #: The most a mean score can be; a mean above it is refused. No bound when left out.
    score_max: NotRequired[int | float]
    #: Subjects of its own, beyond the federal list.
    subjects: NotRequired[Sequence[Subject]]


class ResultIndicator(TypedDict):
    """An indicator of results, computed for a school, a municipality and a region by year (``oko_result_indicators``).

    A ``measure`` of the procedures' results, pooled over their subjects and
    grades (or those named), each result weighted by its participants:
    ``base_share`` is the share at the base level or above, ``high_share``
    the share at the high level, ``low_share`` the share below the base level
    (per cent); ``mean_score`` the mean score; ``participants`` their number.
    With ``versus: "region"`` the indicator is the gap to the region: the
    school's (or municipality's) value less the region's, in points.
    """

    code: str
    #: Russian.
    title: str
    measure: Literal["base_share", "high_share", "low_share", "mean_score", "participants"]
    #: Codes of ``oko_assessment_procedures``.
    procedures: Sequence[str]
    #: Only these subjects' results (codes); all when left out.
    subjects: NotRequired[Sequence[str]]
    #: Only these grades' results; all when left out.
    grades: NotRequired[Sequence[int]]
    versus: NotRequired[Literal["region"]]
    #: Which way is better (``lower`` for a share below the base level); ``higher`` when left out.
    better: NotRequired[Literal["higher", "lower"]]


class RoadmapSection(TypedDict):
    """A section of a region's roadmaps (``oko_roadmap_sections``): a system of seed 002, a stage of seed 000.

    A section of an imported document whose title is the section's ``title``
    or one of its ``aliases`` (case, «ё», quotes and punctuation aside; or a
    title that begins so) is stored under the section's ``code``, whatever
    the file calls it, so that the region's dashboards group every roadmap's
    measures by the same sections.
    """

    code: str
    #: Russian.
    title: str
    #: Other titles documents give it.
    aliases: NotRequired[Sequence[str]]


class MonitoringStage(TypedDict):
    """A stage of monitoring of a roadmap (``MonitoringSchedule.stages``), held each year on its day."""

    code: str
    #: Russian: «II квартал», «Первый этап».
    title: str
    month: int
    #: The day of the month; its last day when left out.
    day: NotRequired[int]


class MonitoringSchedule(TypedDict):
    """When a roadmap is monitored (``oko_roadmap_monitoring``): the stages of each year."""

    code: str
    #: Russian: «Ежеквартально, 15 числа последнего месяца квартала».
    title: str
    #: In the order of the year.
    stages: Sequence[MonitoringStage]
    #: Words of a roadmap's title that give it this schedule by default (the first schedule that matches;
    #: else ``quarterly``): «500+».
    matches: NotRequired[Sequence[str]]


class RoadmapStatus(TypedDict):
    """A status of a measure's execution of a region's own (``oko_roadmap_statuses``), shown by its title and
    counted as the federal status it ``means`` (so the indicators and the справка keep counting)."""

    code: str
    #: Russian: «Выполнено частично».
    title: str
    means: Literal["in_progress", "done", "not_done", "moved"]
