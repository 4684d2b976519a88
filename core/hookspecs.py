"""The hooks of OKO Case: the plugin author's reference.

A regional plugin is a Python distribution that registers a module under the
entry-point group ``oko`` and marks its functions with ``hookimpl``. It
imports from the core only ``core.plugin``, the published surface (the
markers, the refusal base, the form kit, the steps and roles a plugin may
use, the item types below)::

    # setup.cfg of the plugin
    [options.entry_points]
    oko =
        sverdlovsk = oko_sverdlovsk

    # oko_sverdlovsk/__init__.py
    from core.plugin import hookimpl

    @hookimpl
    def oko_plugin_info():
        return {"name": "sverdlovsk", "version": "1.0", "regions": ["66"]}

    @hookimpl
    def oko_risk_factors(region):
        return [{"code": "rsoko_gap", "title": "..."}]

Calling conventions, for every hook:

- Hooks are called with keyword arguments only. An implementation may accept
  fewer arguments than the spec names (pluggy passes only those it asks for).
- Hooks that take ``region`` (a two-digit region code, e.g. ``"66"``) are
  dispatched by region: only the plugins that serve that region (their
  ``oko_plugin_info()["regions"]``) are called, plus the built-in federal
  defaults, which serve every region. A plugin never has to test the region
  itself.
- Lists of items are merged by the item's stable ``code``: the federal
  defaults come first, then code plugins, then the files of
  ``regional_overrides/<region>/``; a later item with the same code replaces
  the earlier one; an item with ``"withdrawn": True`` removes that code.
- ``firstresult`` hooks stop at the first non-None answer; regional plugins
  are asked before the federal defaults.
- Nothing a hook returns may be mutated by the caller; results are cached per
  region for the life of the plugin set.
- Every answer is checked against the hook's return type before the core
  reads it (``core.answers``): a wrong key, type or code, or a code given
  twice, is refused naming the plugin, the hook and the item, at start-up for
  the questions that need no site, else at the first call.

The shapes of the items are ``core.plugin_types`` (TypedDicts); every hook's
docstring ends with an example, and a test runs each one. The plugin guide,
``docs/plugins.md``, is generated from this module in part (``python -m
core.docs``): a new hook, or a changed docstring, is a run of it away.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import pluggy

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
    ScoreAgreement,
    Withdrawn,
    Workflows,
)

if TYPE_CHECKING:
    import colander
    from pyramid.config import Configurator

    from core.docinspect import Inspected
    from core.plugins import Host
    from core.resources import Root
    from core.teachers.model import TeacherDossier
    from core.workflow import HistoryEntry, Workflow

hookspec = pluggy.HookspecMarker("oko")

#: A tree node's kind, as ``type_name`` says it (``"root"``: the Federation, the home page).
NodeType = Literal["root", "region", "municipality", "school", "institution"]
#: The level of a CMM bank.
Level = Literal["federal", "regional", "municipal"]


# ---------------------------------------------------------------------------
# Identity and start-up
# ---------------------------------------------------------------------------

@hookspec
def oko_plugin_info() -> PluginInfo:
    """Say who this plugin is and which regions it serves.

    Every plugin must implement it; a plugin without it stops start-up.

    :return: a ``PluginInfo``: ``{"name": str, "version": str, "regions": [str, ...],
        "title": str}``. ``regions`` lists two-digit region codes, or ``["*"]``
        for a plugin that serves every region (the federal defaults).

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_plugin_info():
            return {"name": "tver", "version": "1.0", "title": "Тверская область", "regions": ["69"]}
    """


@hookspec
def oko_demo_data(site: Root, host: Host, hasher: Any, password: str) -> None:
    """Add the plugin's own demo data to a demo site being built by ``oko demo``.

    Called once, after the federal demo data (the org tree, the demo users,
    the 500+ project, acts, the attestation campaigns) are in place, inside
    the same transaction. Not dispatched by region: a plugin adds data to
    the regions it serves. Use the domain's steps, as a person would.

    :param site: the site root being filled.
    :param host: the plugin host (``core.plugins.Host``).
    :param hasher: the password hasher for the users a plugin adds.
    :param password: the demo password every demo user gets.
    :return: nothing.

    Example::

        from core.plugin import demo_user, grant, hookimpl

        @hookimpl
        def oko_demo_data(site, host, hasher, password):
            if "69" in site:
                operator = demo_user(site, "region69", "Тверской Олег Петрович", password, hasher)
                grant(site["69"], operator, "regional_operator")
    """


@hookspec
def oko_includeme(config: Configurator) -> None:
    """Add the plugin's own screens: views, routes, static assets, templates.

    Called once at application start-up, after the core views are added.
    Views registered here must declare a permission, like every core view;
    they answer with the form kit of ``core.plugin`` (``Form``, ``take``,
    ``take_form``, ``done``, ``refused``...) and their templates fill the
    site's ``layout`` macro.

    :param config: the ``pyramid.config.Configurator`` of the application.
    :return: nothing.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_includeme(config):
            config.scan("oko_tver.views")
    """


# ---------------------------------------------------------------------------
# Content and forms
# ---------------------------------------------------------------------------

@hookspec
def oko_content_types() -> list[ContentType]:
    """Declare content types: the kinds of case document users can add.

    Merged by ``name`` across all plugins (not dispatched by region: a type
    exists everywhere, its workflow may differ by region). A node's
    «Загрузить документ» page offers the types whose ``addable_in`` names
    the node's kind and whose ``add_permission`` the user holds on the node;
    ``core.cases.add_document`` refuses any other, whoever calls it.

    :return: a list of ``ContentType``: ``{"name": str, "title": str (Russian),
        "factory": callable, "workflow": str, "add_permission": str,
        "addable_in": ["region" | "municipality" | "school", ...]}``.

    Example::

        from core.plugin import ADD_DOCUMENT, Document, hookimpl

        @hookimpl
        def oko_content_types():
            return [{"name": "tver_report", "title": "Отчёт школы", "factory": Document,
                     "workflow": "document_review", "add_permission": ADD_DOCUMENT, "addable_in": ["school"]}]
    """


@hookspec
def oko_extend_schema(region: str, type_name: str, schema: colander.SchemaNode) -> None:
    """Add regional fields to a form's colander schema, in place.

    Called every time a form for ``type_name`` is built for an object in
    ``region``; all implementations are called, federal first.

    :param region: the region code of the object the form is for.
    :param type_name: the content type or form name (e.g. ``"anti_risk_programme"``).
    :param schema: a ``colander.SchemaNode`` to add children to.
    :return: nothing.

    Example::

        import colander

        from core.plugin import hookimpl

        @hookimpl
        def oko_extend_schema(region, type_name, schema):
            if type_name == "anti_risk_programme":
                schema.add(colander.SchemaNode(colander.String(), name="tver_partner",
                                               title="Школа-партнёр", missing=""))
    """


@hookspec
def oko_node_links(region: str, node_type: NodeType) -> list[NodeLink | Withdrawn]:
    """Link a page to the pages of a tree node (region, municipality, school) for those who start there.

    The core links its own areas (acts, the 500+ project, attestation,
    monitoring) this way too, through the federal defaults; a region adds the
    pages of its own screens (``oko_includeme``).

    :param region: the region code of the node.
    :param node_type: ``"root"`` (the home page), ``"region"``, ``"municipality"``, ``"school"`` or
        ``"institution"`` (a region's own institution or a municipality's body, ``core.resources.Institution``).
    :return: a list of ``NodeLink``: ``{"code": str, "title": str (Russian), "view": str
        (the view name on the node, without ``@@``), "roles": [role, ...]}``; instead
        of ``view``, ``child``: the name of a child of the node, linked when it
        exists and the user may see it (the federal CMM bank on the home page);
        the link is shown to the holders of any of ``roles`` on the node (all
        who see the page when empty), in the order given; merged by code.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_node_links(region, node_type):
            if node_type != "region":
                return []
            return [{"code": "tver_roadmap", "title": "Дорожная карта", "view": "tver-roadmap",
                     "roles": ["regional_operator"]}]
    """


# ---------------------------------------------------------------------------
# Workflows and processes
# ---------------------------------------------------------------------------

@hookspec
def oko_workflows(region: str) -> Workflows:
    """Supply workflows for a region.

    Results are merged by workflow name; a regional plugin's workflow replaces
    the federal one of the same name for its regions only. Core never reads a
    state's name: it reads what the state means (``add_state(...,
    meaning=...)``: ``OPEN``, ``EDITABLE``, ``SUBMITTED``, ``ACCEPTED``...,
    ``core.workflow.meanings``), and the deadline period that runs in it
    (``period=``, an ``oko_deadlines`` name). A replacement must give every
    state a meaning and keep the meanings the replaced workflow counts
    (accepted, decided); otherwise start-up stops, naming the workflow.

    :param region: the region code.
    :return: a dict ``{name: Workflow}`` (``core.plugin.Workflow``).

    Example::

        from core.plugin import ACCEPTED, OPEN, Workflow, hookimpl

        @hookimpl
        def oko_workflows(region):
            wf = Workflow("tver_request", "Запрос школы", "open")
            wf.add_state("open", "Открыт", {"regional_operator": {"view", "edit"}}, meaning=OPEN)
            wf.add_state("closed", "Закрыт", {"regional_operator": {"view"}}, meaning=ACCEPTED)
            wf.add_transition("close", "Закрыть", "open", "closed", roles=("regional_operator",))
            return {wf.name: wf.check()}
    """


@hookspec
def oko_extend_workflow(region: str, workflow: Workflow) -> None:
    """Change a workflow for a region, in place: add a state, a transition, a permission.

    Called on the region's own copy of every merged workflow, federal first;
    the federal original is never touched, so other regions keep it. The
    ``Workflow`` (``core.plugin.Workflow``) has:

    - ``add_state(name, title, permissions, meaning=..., period=...)``:
      ``permissions`` maps a role to the permissions it holds in the state
      (``{"methodologist": {"view"}}``); ``meaning`` is what the state means
      to the core (``core.plugin.OPEN``, ``EDITABLE``, ``SUBMITTED``,
      ``UNDER_REVIEW``, ``ACCEPTED``, ``DECIDED``, ``WITHDRAWN``): the core
      never reads a state's name; ``period`` names an ``oko_deadlines``
      period (a ``timedelta``, the plugin's own name if it likes) that the
      people awaited in the state have from the moment it is entered, shown
      in «Мои задачи» and `oko remind`. A state without a period shows the
      object's own deadline (the 500+ concept documents' 30 March); a period
      that ``oko_deadlines`` does not give stops start-up naming the state.
    - ``add_transition(name, title, from_states, to_state, roles, guard=None,
      require_comment=False, expected=True)``: ``guard(obj)`` returns a
      Russian message to refuse the step, or None; ``expected=False`` makes
      a step available without making it anyone's task (a withdrawal).
    - ``remove_transition(name)``, ``grant(state, role, *permissions)``,
      and to read: ``states`` and ``transitions`` (dicts by name),
      ``initial_state``, ``expected(state, obj=None)``, ``describe()``.

    Every document of one workflow shares it: the 500+ concept documents,
    confirming documents and school documents all run ``document_review``.
    To change the path of some kinds only, name them:
    ``add_transition(..., document_types=CONCEPT_DOCUMENTS)``, codes of
    ``document_type`` (``core.plugin.CONCEPT_DOCUMENTS`` are the three
    concept documents of 500+: ``"development_concept"``,
    ``"medium_term_programme"``, ``"anti_risk_programme"``; the others are
    in "Valid codes" of docs/plugins.md); for other documents the step does
    not exist: not offered, nobody awaited, refused if fired. An unknown
    code stops start-up naming the plugin.
    The workflows of a region and what their states mean: ``oko workflows
    --region 74``.

    In the example the methodologist has the curator's period,
    ``document_review``; a period of the plugin's own
    (``period="tver_approval"``) is one more name its ``oko_deadlines`` gives
    (``{"tver_approval": timedelta(days=5)}``).

    :param region: the region code.
    :param workflow: a ``Workflow`` copy for this region.
    :return: nothing (a value returned is refused: the copy is changed in place).

    Example::

        from core.plugin import CONCEPT_DOCUMENTS, SUBMITTED, hookimpl

        @hookimpl
        def oko_extend_workflow(region, workflow):
            if workflow.name == "document_review":
                workflow.add_state("approval", "На согласовании у методиста", {"methodologist": {"view"},
                                   "curator": {"view"}, "school_head": {"view"}},
                                   meaning=SUBMITTED, period="document_review")
                workflow.add_transition("send_for_approval", "Передать методисту", "submitted", "approval",
                                        roles=("curator",), document_types=CONCEPT_DOCUMENTS)
                workflow.add_transition("approve", "Согласовать", "approval", "confirmed",
                                        roles=("methodologist",))
    """


@hookspec
def oko_processes() -> list[Process | Withdrawn]:
    """Declare the kinds of object of a plugin that await people: «Мои задачи», the API and `oko remind`.

    Every object that awaits someone answers one protocol
    (``core.workflow.process``): a list of ``Awaited(step, title, roles,
    principals, due, view)``, one per step it awaits, from whom (holders of
    ``roles`` on it, or only the named ``principals``), by when and on which
    page. A workflow object answers from its workflow (the transitions
    expected in its state), an object with a method ``awaited(host)`` from
    that; a process declared here may answer for its objects instead, and
    bring objects the catalog does not hold. Not dispatched by region: a
    kind of object exists where its plugin makes it. Merged by ``code``.

    :return: a list of ``Process``: ``{"code": str, "title": str (Russian),
        "type_name": str}``, and optionally ``"awaited": callable(host, obj)
        -> [Awaited]`` (what an object of ``type_name`` awaits) and
        ``"awaiting": callable(site, grants) -> iterable of objects``
        (objects kept out of the catalog that await anyone in the places of
        ``grants``, ``{path: roles}``, or anywhere when ``grants`` is None).

    Example::

        from core.plugin import Awaited, hookimpl

        def request_awaited(host, request):
            if request.answered:
                return []
            return [Awaited("answer", f"Ответить на запрос: {request.topic}",
                            frozenset({"regional_operator"}), due=request.due)]

        @hookimpl
        def oko_processes():
            return [{"code": "tver_requests", "title": "Запросы школ", "type_name": "tver_request",
                     "awaited": request_awaited}]
    """


@hookspec
def oko_on_transition(region: str, obj: Any, transition: HistoryEntry, user: str, host: Host) -> None:
    """React to a workflow transition that has just been fired.

    Called inside the same transaction, after the object's state and history
    changed, after what the step itself recorded (the ``then`` of
    ``core.cases.fire``: the commission's decision, an act's
    number and date) and before the commit: writes made here (counters, derived
    objects) commit or roll back with the transition; the object has been
    reindexed for what a transition changes (``core.catalog.TRANSITION_INDEXES``),
    so a listener that changes more of it calls ``core.catalog.reindex``. For effects outside the
    database (mail, HTTP) register an after-commit hook on
    ``transaction.get()``. All implementations serving the region are called.

    :param region: the region code of ``obj``.
    :param obj: the object whose state changed.
    :param transition: the ``core.workflow.HistoryEntry`` just appended
        (``transition``, ``from_state``, ``to_state``, ``actor``, ``at``, ``comment``).
    :param user: the login of the user who fired it.
    :param host: the plugin host (``core.plugins.Host``), to ask the region's
        other hooks (deadlines, indicators) from the listener.
    :return: nothing.

    Example::

        from pyramid.traversal import find_interface

        from core.plugin import School, hookimpl

        @hookimpl
        def oko_on_transition(region, obj, transition, user):
            school = find_interface(obj, School)
            if transition.to_state == "confirmed" and school is not None:
                school.tver_confirmed = getattr(school, "tver_confirmed", 0) + 1
    """


# ---------------------------------------------------------------------------
# The 500+ project
# ---------------------------------------------------------------------------

@hookspec
def oko_risk_factors(region: str) -> list[RiskFactor | Withdrawn]:
    """List the risk factors of school risk profiles (рисковые направления).

    :param region: the region code.
    :return: a list of ``RiskFactor``: ``{"code": str, "title": str}``; merged by code.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_risk_factors(region):
            return [{"code": "rural_isolation", "title": "Удалённость и транспортная недоступность школы"},
                    {"code": "language_barriers", "withdrawn": True}]
    """


@hookspec
def oko_indicators(region: str) -> list[Indicator | Withdrawn]:
    """List the monitoring indicators of the 500+ project.

    Each indicator is the share of the project's schools whose participation
    meets its ``predicate`` (``core.plugin_types.Indicator``): a function of
    one ``Participation`` returning a bool, asked after every step of that
    school, so cheap and without side effects. An item with a federal
    indicator's code may leave it out to keep the federal condition (a
    new title, or ``regional_overrides/<code>/lists.toml``, which cannot
    give one); any other indicator without a predicate stops start-up
    naming the plugin and the indicator.

    :param region: the region code.
    :return: a list of ``Indicator``: ``{"code": str, "title": str, "predicate":
        callable}``; merged by code.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_indicators(region):
            return [{"code": "tver_visited_and_signed",
                     "title": "Доля ОО, посещённых куратором, с которым заключён договор",
                     "predicate": lambda p: p.first_visit is not None and p.contract_status == "signed"}]
    """


@hookspec
def oko_review_criteria(region: str, document_type: str) -> list[ReviewCriterion | Withdrawn]:
    """List the criteria of a selective content review of a document type.

    :param region: the region code.
    :param document_type: e.g. ``"development_concept"``, ``"anti_risk_programme"``,
        or ``"teacher_portfolio"`` (the experts' criteria of a teacher's
        e-portfolio, ``core.teachers``).
    :return: a list of ``ReviewCriterion``: ``{"code": str, "title": str, "mandatory": bool}``;
        merged by code.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_review_criteria(region, document_type):
            if document_type != "anti_risk_programme":
                return []
            return [{"code": "tver_partner", "title": "Названа школа-партнёр", "mandatory": False}]
    """


@hookspec
def oko_deadlines(region: str, year: int) -> Deadlines:
    """Name the dates and offsets that deadlines are computed from.

    :param region: the region code.
    :param year: the project or school year (e.g. 2026).
    :return: a dict ``{name: datetime.date | datetime.timedelta}``, e.g.
        ``{"concept_documents": date(year, 3, 30),
        "teacher_account_opened": timedelta(days=-20)}``; merged by name, a
        regional value replacing the federal one. Names read by the core:
        ``concept_documents`` (500+ concept documents due), ``document_review``
        (a curator's time to check a sent document, an approver's to sign an
        act), ``cmm_review`` (an operator's time to publish or return a CMM
        item sent for review), ``case_scoring`` (an expert's time to score an
        anonymised case answer, from when it is given out), the teacher attestation
        offsets from D ``teacher_account_opened``, ``teacher_materials_uploaded``,
        ``teacher_consent_given`` (and, optionally, ``attestation_date``: when the
        experts and the commission must be done, D itself by default; see
        ``core.teachers.deadlines``), and the deadlines of the 500+ steps
        ``assign_curator`` (optional), and, by default seed 004's dates
        (``core.project500.schedule``), ``first_visit`` (31 March),
        ``curator_contract`` (30 April), ``review`` (30 April),
        ``confirming_documents`` (20 June), ``positive_changes`` (20 December).

    Example::

        import datetime

        from core.plugin import hookimpl

        @hookimpl
        def oko_deadlines(region, year):
            return {"concept_documents": datetime.date(year, 4, 1),
                    "document_review": datetime.timedelta(days=7)}
    """


# ---------------------------------------------------------------------------
# Attestation
# ---------------------------------------------------------------------------

@hookspec
def oko_cmm_items(region: str, level: Level) -> list[CmmItem | Withdrawn]:
    """Supply items of the test bank (CMM) of a level.

    The items are published as they are (a plugin is reviewed as code); they
    join the federal bank (``root["cmm"]``) and the region's own bank
    (``region["cmm"]``) in ``core.cmm.bank.published_items``, an item of the
    database winning over a plugin's of the same code. ``regional_overrides``
    adds the items of ``lists.toml`` and of the QTI files in ``cmm/``.

    :param region: the region code.
    :param level: ``"federal"``, ``"regional"`` or ``"municipal"``.
    :return: a list of ``CmmItem`` with a stable ``code``; merged by code.
        The format (``core/cmm/validation.py``)::

            {"code": "sverdl-quality-01", "kind": "single" | "multiple" | "short" | "case",
             "competence": "quality", "level": "regional",
             "school_types": "all" | ["urban", "rural", "small"],
             "categories": ["head", "candidate"], "stem": "...",
             "options": [["a", "..."], ["b", "..."]], "answer": ["a"],
             "rubric": [{"code": "k1", "title": "...", "max": 5}],   # cases
             "max_score": 1, "municipality": None}

        A malformed item stops the assembly of the region's tests with a
        Russian message naming it.

    Example::

        from core.plugin import hookimpl

        ITEMS = [{"code": "tver-law-01", "kind": "short", "competence": "law", "level": "regional",
                  "school_types": "all", "categories": ["head", "candidate"],
                  "stem": "Как сокращённо называется федеральный государственный образовательный стандарт?",
                  "answer": ["ФГОС"]}]

        @hookimpl
        def oko_cmm_items(region, level):
            return [dict(item) for item in ITEMS if item["level"] == level]
    """


@hookspec(firstresult=True)
def oko_test_blueprint(region: str, category: str, school_type: str) -> Blueprint | None:
    """Say how a participant's test is assembled: items per competence and part.

    Stops at the first non-None result; regional plugins are asked first.

    :param region: the region code.
    :param category: the category of attestee (e.g. ``"head"``, ``"candidate"``).
    :param school_type: ``"urban"``, ``"rural"`` or ``"small"``.
    :return: ``{competence_code: {column: int}}``, the columns being
        ``"invariant"`` and ``"variant"`` (closed items of the federal bank,
        of the region's) and ``"case_invariant"``, ``"case_variant"``
        (management cases); the competence ``"*"`` is any competence, drawn
        after the named ones. The federal default (``core/cmm/defaults.py``,
        ``core.plugin.federal_test_blueprint``): two invariant items of every
        competence, and from any competence four variant items, two invariant
        cases and one variant case.

    Example::

        from core.plugin import federal_test_blueprint, hookimpl

        @hookimpl
        def oko_test_blueprint(region, category, school_type):
            # NB: the region's one item of its own (oko_cmm_items) in every test; the cases from the federal bank.
            blueprint = federal_test_blueprint(region=region, category=category, school_type=school_type)
            blueprint["law"]["variant"] = 1
            blueprint["*"] = {"case_invariant": 2}
            return blueprint
    """


@hookspec(firstresult=True)
def oko_pass_threshold(region: str, category: str, results: Sequence[float],
                       max_score: float | None) -> PassThreshold | None:
    """Set the pass threshold of a category of attestees.

    Stops at the first non-None result; the federal default is the median of
    ``results`` (the Target Model's dynamic median rule). Called when the
    regional operator calculates the threshold and when the commission
    freezes it (``core.attestation.threshold``).

    :param region: the region code.
    :param category: the category of attestee.
    :param results: the category's total scores, a list of numbers.
    :param max_score: the most an attestee of the category can score (the sum
        of the stages' maxima: the test's items, the cases' rubrics, a recorded
        stage's ``max_score``), to set a threshold as a share of it; None when
        it is not known. An implementation written before it was passed does
        not ask for it and works as before.
    :return: a ``PassThreshold``: ``{"threshold": float, "rule": str (Russian, shown to attestees)}``.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_pass_threshold(region, category, results, max_score):
            if max_score is None:
                return None
            return {"threshold": round(0.6 * max_score, 2), "rule": "60 % от максимального балла"}
    """


@hookspec(firstresult=True)
def oko_score_agreement(region: str, scores: Sequence[float]) -> ScoreAgreement | None:
    """Agree the score of a management case from its experts' scores.

    Stops at the first non-None result.

    Called after every expert's score of a case answer once two have scored
    (``core.attestation.scoring``); the agreed score is brought back to the
    attestee's dossier.

    :param region: the region code.
    :param scores: the experts' scores in the order they were given, each on a
        0–100 scale (per cent of the case's maximum), so one margin fits cases
        of any size.
    :return: a ``ScoreAgreement``: ``{"score": float}`` (0–100) when agreed, or
        ``{"third_expert": True}`` when the scores diverge and another expert
        must score; ``"rule"`` (Russian) may say how it was agreed. The federal
        default agrees the mean of two within 15 points, else asks for a
        third and agrees the median of three.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_score_agreement(region, scores):
            if len(scores) == 2 and abs(scores[0] - scores[1]) > 10:
                return {"third_expert": True}
            return {"score": sum(scores[-2:]) / 2, "rule": "Среднее двух последних оценок"}
    """


@hookspec
def oko_attestation_stages(region: str, category: str) -> list[AttestationStage | Withdrawn]:
    """List the stages of a leader attestation (the test, cases, a regional interview...).

    The attestee's total is the sum of the stage results; a dossier is scored
    when every stage has a result. Merged by code: the federal stages first,
    a region adds its own (or withdraws one by code).

    :param region: the region code.
    :param category: the category of attestee (``"head"``, ``"candidate"``).
    :return: a list of ``AttestationStage``: ``{"code": str, "title": str (Russian), "kind": str,
        "order": int}``. ``kind`` is ``"test"`` (closed items scored on
        submission), ``"cases"`` (management cases scored by experts) or
        ``"recorded"`` (a result entered by hand; then ``"roles"``: the roles
        who may enter it, held on the campaign, and ``"max_score"``); ``"view"``
        names the dossier's page where the stage is held, if any.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_attestation_stages(region, category):
            return [{"code": "tver_essay", "title": "Эссе о программе развития школы", "kind": "recorded",
                     "order": 30, "roles": ["commission_chair", "commission_member"], "max_score": 10}]
    """


@hookspec
def oko_portfolio_sections(region: str) -> list[PortfolioSection | Withdrawn]:
    """List the sections of a portfolio (leader's or teacher's e-portfolio).

    :param region: the region code.
    :return: a list of ``PortfolioSection``: ``{"code": str, "title": str}``; merged by code.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_portfolio_sections(region):
            return [{"code": "tver_mentoring", "title": "Наставничество"}]
    """


@hookspec
def oko_required_documents(region: str, post: str, dossier: TeacherDossier) -> list[RequiredDocument | Withdrawn]:
    """List the documents a teacher must upload for attestation.

    :param region: the region code.
    :param post: the teacher's post (e.g. ``"primary_teacher"``).
    :param dossier: the attestation dossier (read it, do not change it).
    :return: a list of ``RequiredDocument``: ``{"code": str, "title": str}`` that apply to this
        dossier; merged by code (a region withdraws a federal one by code).
        Never cached: the answer may depend on the dossier.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_required_documents(region, post, dossier):
            docs = [{"code": "results_description", "withdrawn": True}]
            if post == "primary_teacher":
                docs.append({"code": "tver_reading_map", "title": "Карта читательской грамотности класса"})
            return docs
    """


# ---------------------------------------------------------------------------
# The school results base: the e-passport, results, indicators
# ---------------------------------------------------------------------------

@hookspec
def oko_passport_fields(region: str) -> list[PassportField | Withdrawn]:
    """List the fields of a school's e-passport (электронный паспорт ОО), kept by year.

    The federal list (``core.results.defaults``) gives the context (pupils,
    classes, the share of pupils with disabilities, the language of
    instruction, the socio-economic context), a few staff and conditions
    fields and the programmes; a region adds the conditions it defines
    («кадровые, психолого-педагогические, материально-технические,
    учебно-методические и информационные условия»). The school fills the fields
    ``filled_by: "school"``; the others are imported, and the school cannot
    overwrite them. What OKO Case knows itself (the school's type, its teachers
    by category and attestation status, its years in the 500+ project, its
    results) is shown beside them without a field.

    :param region: the region code.
    :return: a list of ``PassportField``: ``{"code", "title", "section", "kind",
        "filled_by", "source"}`` and optionally ``"unit"``, ``"choices"``, ``"help"``;
        merged by code.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_passport_fields(region):
            return [{"code": "tver_psychologists", "title": "Педагогов-психологов (ставок)",
                     "section": "conditions", "kind": "number", "unit": "ст.", "filled_by": "school",
                     "source": "штатное расписание ОО"},
                    {"code": "second_shift_share", "withdrawn": True}]
    """


@hookspec
def oko_assessment_procedures(region: str) -> list[AssessmentProcedure | Withdrawn]:
    """List the assessment procedures whose results the region imports: ВПР, ОГЭ, ЕГЭ and its own.

    A results table names a procedure and a subject by code, title or alias
    (case and «ё» aside); a name no procedure answers refuses the row.

    :param region: the region code.
    :return: a list of ``AssessmentProcedure``: ``{"code", "title", "grades", "levels"}``
        (``levels``: the four levels' titles, lowest first) and optionally
        ``"aliases"``, ``"score_max"``, ``"subjects"`` (of its own, beyond the federal
        list); merged by code.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_assessment_procedures(region):
            return [{"code": "tver_reading", "title": "Региональная диагностика читательской грамотности",
                     "aliases": ["РДЧГ"], "grades": [6, 8],
                     "levels": ["недостаточный", "пониженный", "базовый", "повышенный"],
                     "subjects": [{"code": "reading", "title": "Читательская грамотность"}]}]
    """


@hookspec
def oko_result_indicators(region: str) -> list[ResultIndicator | Withdrawn]:
    """List the indicators of results shown on a school's passport and for a municipality and the region.

    An indicator is data: a measure (``base_share``, ``high_share``,
    ``low_share``, ``mean_score``, ``participants``) of some procedures'
    results, pooled over their subjects and grades (or those named), each
    result weighted by its participants; ``versus: "region"`` makes it the gap
    to the region. Each is shown by year with its trend over the last 3–5
    years (``core.results.trend``).

    :param region: the region code.
    :return: a list of ``ResultIndicator``: ``{"code", "title", "measure", "procedures"}``
        and optionally ``"subjects"``, ``"grades"``, ``"versus"``, ``"better"``;
        merged by code.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_result_indicators(region):
            return [{"code": "tver_ege_math_high", "title": "Доля высоких результатов ЕГЭ по профильной математике",
                     "measure": "high_share", "procedures": ["ege"], "subjects": ["math_profile"]}]
    """


@hookspec(firstresult=True)
def oko_low_results_rule(region: str) -> LowResultsRule | None:
    """Set the region's rule for «школы с низкими образовательными результатами».

    Stops at the first non-None result; regional plugins are asked first. The
    rule proposes the list of schools for the next year of the 500+ project
    (``core.results.low``): a school is proposed when, in each of the last
    ``years`` years with results, at least ``min_indicators`` of the
    ``indicators`` are below the expectation of its cluster
    (``core.results.clusters``): the cluster's median that year less
    ``margin`` of the cluster's robust standard deviations (1.4826 × the
    median absolute deviation; for an indicator where lower is better, above
    the median plus that much). The federal default
    (``core/results/defaults.py``): ВПР base and high shares, ОГЭ base share,
    ЕГЭ mean; two of them; two years; 1.5 standard deviations. The operator
    accepts or edits the proposed list, each change with its reason.

    :param region: the region code.
    :return: a ``LowResultsRule``: ``{"indicators": [codes of oko_result_indicators], "min_indicators": int,
        "years": int, "margin": float, "rule": str (Russian)}``.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_low_results_rule(region):
            return {"indicators": ["vpr_base", "oge_base", "ege_mean"], "min_indicators": 1, "years": 3,
                    "margin": 1.0, "rule": "Хотя бы один показатель три года подряд ниже медианы по кластеру "
                                           "больше чем на одно стандартное отклонение."}
    """


# ---------------------------------------------------------------------------
# Roadmaps
# ---------------------------------------------------------------------------

@hookspec
def oko_roadmap_sections(region: str) -> list[RoadmapSection | Withdrawn]:
    """Name the sections of the region's roadmaps (the systems of seed 002, the stages of seed 000).

    A roadmap imported in the region keeps a section whose title (or a title
    beginning so) is a declared section's title or alias under that section's
    code and in the declared order, so its dashboards and monitoring group
    every roadmap (and every one derived from it) by the region's sections.
    Sections a document has beyond them keep their own titles after them.
    The federal answer is none.

    :param region: the region code.
    :return: a list of ``RoadmapSection``: ``{"code": str, "title": str (Russian), "aliases": [str]}``;
        merged by code.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_roadmap_sections(region):
            return [{"code": "assessment", "title": "Система оценки качества подготовки обучающихся",
                     "aliases": ["Оценка качества подготовки обучающихся"]},
                    {"code": "talent", "title": "Система развития таланта"}]
    """


@hookspec
def oko_roadmap_monitoring(region: str) -> list[MonitoringSchedule | Withdrawn]:
    """Say when the region's roadmaps are monitored: schedules of stages, each held every year on its day.

    A stage of monitoring freezes the execution of a roadmap as it is that
    day and makes its справка (``roadmap_monitoring_report``); the annual
    report is made of the year's stages. A roadmap follows the first schedule
    whose ``matches`` its title contains, else ``quarterly``; its operator may
    choose another. The federal schedules: ``quarterly`` (seed 000: the 15th
    of the last month of each quarter) and ``project500`` (seed 004: June and
    September). A region replaces one by its code, or adds its own.

    :param region: the region code.
    :return: a list of ``MonitoringSchedule``: ``{"code": str, "title": str, "stages": [{"code": str,
        "title": str, "month": int, "day": int}], "matches": [str]}``; merged by code.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_roadmap_monitoring(region):
            return [{"code": "tver_halves", "title": "По полугодиям, 25 июня и 25 декабря",
                     "matches": ["РСОКО"],
                     "stages": [{"code": "h1", "title": "I полугодие", "month": 6, "day": 25},
                                {"code": "h2", "title": "II полугодие", "month": 12, "day": 25}]}]
    """


@hookspec
def oko_roadmap_statuses(region: str) -> list[RoadmapStatus | Withdrawn]:
    """Add statuses of a measure's execution of the region's own, each meaning a federal one.

    The region's status is offered beside the federal ones and shown by its
    title; the measure moves as the federal status it ``means`` (forward
    only; done needs the evidence its roadmap requires), and the indicators
    and the справка count it so.

    :param region: the region code.
    :return: a list of ``RoadmapStatus``: ``{"code": str, "title": str (Russian), "means": "in_progress" |
        "done" | "not_done" | "moved"}``; merged by code.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_roadmap_statuses(region):
            return [{"code": "tver_partly", "title": "Выполнено частично", "means": "in_progress"}]
    """


# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------

@hookspec
def oko_document_templates(region: str) -> DocumentTemplates:
    """Supply Word templates by name.

    Each .docx (docxtpl placeholders) has a sidecar ``<name>.toml`` beside it
    declaring its title, act type and variables (format: ``core/docgen/schema.py``).
    Templates are checked against their schemas when they are loaded, at
    start-up: a placeholder missing from the schema, or a variable missing
    from the template, stops start-up naming the file (`oko templates` too).

    :param region: the region code.
    :return: a dict ``{template_name: pathlib.Path}`` of .docx files; merged
        by name, a regional template replacing the federal one.

    Example::

        from pathlib import Path

        from core.plugin import hookimpl

        TEMPLATES = Path(__file__).resolve().parent / "templates"

        @hookimpl
        def oko_document_templates(region):
            return {p.stem: p for p in sorted(TEMPLATES.glob("*.docx"))}
    """


@hookspec
def oko_region_details(region: str) -> RegionDetails:
    """Say how the region's documents name its education authority, its seat and the post of who signs.

    A new protocol or order of the region starts from these values (the
    variables with ``prefill = "city"`` or ``"head_post"``, the commission's
    protocol and order): a region never gets another's «г. Екатеринбург» and
    «Министр». A municipality's and a school's documents are issued in their
    own town. Names are given in the nominative; documents decline them
    (``core.declension``: «приказом Министерства образования Красноярского края»).

    :param region: the region code.
    :return: a ``RegionDetails``: ``{"authority": str, "city": str, "head_post": str}``,
        each key optional; merged by key, a regional value replacing the federal one
        (the federal answer is empty: the region's title, no town, «Руководитель»).

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_region_details(region):
            return {"authority": "Министерство образования Тверской области", "city": "г. Тверь",
                    "head_post": "Министр образования Тверской области"}
    """


@hookspec
def oko_required_sections(region: str, document_type: str) -> list[RequiredSection | Withdrawn]:
    """List the sections an uploaded document of a type must contain.

    :param region: the region code.
    :param document_type: the document type.
    :return: a list of ``RequiredSection``: ``{"code": str, "title": str}`` whose titles are looked
        for in the document's text; merged by code.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_required_sections(region, document_type):
            if document_type == "anti_risk_programme":
                return [{"code": "partners", "title": "Партнёры"}]
            return []
    """


@hookspec
def oko_validate_document(region: str, document_type: str, inspected: Inspected) -> list[str]:
    """Find problems in an uploaded document that passed the safe inspector.

    All implementations serving the region are called; their problems are
    joined. An upload with any problem is refused and nothing is stored.

    :param region: the region code.
    :param document_type: the document type.
    :param inspected: what ``core.docinspect`` found (``kind``, ``text``,
        ``size``, ``headings``, ``pages``): an ``Inspected``, also readable
        like a dict (``inspected.get("text", "")``).
    :return: a list of Russian messages, empty when all is well.

    Example::

        from core.plugin import hookimpl

        @hookimpl
        def oko_validate_document(region, document_type, inspected):
            if document_type == "anti_risk_programme" and "РСОКО" not in inspected.text:
                return ["Программа не ссылается на показатели РСОКО."]
            return []
    """
