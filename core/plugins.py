"""The plugin host: discovery, region dispatch, merge rules, the check of answers, listing.

The federal defaults (``core.federal``) and the ``regional_overrides/``
reader (``core.overrides``) are plugins like any regional one, so core code
never special-cases "no plugin": every question has a federal answer, and a
region's plugins refine it.

Every answer a plugin gives is checked against its hook's return type
(``core.answers``) before the core reads it: a wrong key, a wrong type, an
unknown code or a code given twice raises ``PluginError`` naming the plugin,
the hook and the item. ``Host.check_answers`` asks every region a plugin
serves the questions it can ask without a site (start-up, ``oko
check-plugin``); the rest are checked at their first call.
"""
import datetime
import importlib
import importlib.metadata
import inspect
import logging
import typing

import colander
import pluggy

from core import DOMAINS, answers, docinspect, hookspecs
from core.overrides import RegionalOverrides
from core.refused import Refused
from core.workflow.meanings import replacement_problem

log = logging.getLogger(__name__)

PROJECT = "oko"
ENTRY_POINT_GROUP = "oko"
FEDERAL = "federal"
OVERRIDES = "regional_overrides"
ALL_REGIONS = "*"
# Core modules that plug in like any region would, after the federal defaults.
BUILT_IN = tuple((domain.rsplit(".", 1)[-1], f"{domain}.defaults") for domain in DOMAINS)


class PluginError(Refused):
    """A plugin is broken: it fails to import, implements a hook that does not exist, or answers one wrongly.

    ``details`` lists the problems, one Russian line each naming the plugin, the hook and the item.
    """

    ERROR = "plugin_refused"


def _rephrase(pm, error, name=None):
    # NB: pluggy's messages name a module object; an operator wants the
    # plugin's entry-point name and the hook.
    plugin = getattr(error, "plugin", None)
    name = name or (pm.get_name(plugin) if plugin is not None else "?")
    text = str(error)
    hook = next((w.strip("'\"") for w in text.split() if w.strip("'\"").startswith("oko_")), "?")
    return PluginError(f"Плагин «{name}»: хук «{hook}» не принят: {text}")


def plugin_modules(setting):
    """``[(name, module)]`` of the setting ``oko.plugins``: ``name = module`` (or a bare module), one a line or comma."""
    found = []
    for token in (setting or "").replace(",", "\n").splitlines():
        name, _, module = token.partition("=")
        name, module = name.strip(), module.strip()
        if name:
            found.append((name, module or name))
    return found


def _load(name, value, load):
    try:
        return load()
    except Exception as exc:
        raise PluginError(f"Плагин «{name}» ({value}) не загружается: {exc.__class__.__name__}: {exc}") from exc


def make_plugin_manager(entrypoints=True, overrides_dir=None, modules=()):
    """Build the pluggy manager: federal defaults, installed plugins, ``modules``, overrides reader.

    ``modules``: ``[(name, module path)]`` of plugins registered as if
    installed (the setting ``oko.plugins``: a plugin's own tests, a plugin
    not installed as a distribution); one an installed distribution already
    registers under the name is not registered twice. Raises PluginError
    naming the plugin (and the hook) when a plugin cannot be imported or
    implements a hook that ``core.hookspecs`` does not declare.
    """

    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(importlib.import_module("core.federal"), name=FEDERAL)
    for name, module in BUILT_IN:
        pm.register(importlib.import_module(module), name=name)
    found = []
    if entrypoints:
        found += [(ep.name, ep.value, ep.load, False) for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)]
    found += [(name, module, lambda module=module: importlib.import_module(module), True) for name, module in modules]
    for name, value, load, named in found:
        if named and pm.has_plugin(name):
            continue
        plugin = _load(name, value, load)
        try:
            pm.register(plugin, name=name)
        except pluggy.PluginValidationError as exc:
            raise _rephrase(pm, exc, name) from exc
    pm.register(RegionalOverrides(overrides_dir), name=OVERRIDES)
    check_hooks(pm)
    return pm


def check_hooks(pm):
    """Raise PluginError when a registered plugin implements an undeclared hook, or wraps one."""
    for hook_name, caller in vars(pm.hook).items():
        if hook_name.startswith("_"):
            continue
        for impl in caller.get_hookimpls():
            if not caller.has_spec() and not impl.optionalhook:
                raise PluginError(
                    f"Плагин «{pm.get_name(impl.plugin)}» реализует несуществующий хук «{hook_name}»; "
                    f"список хуков: core/hookspecs.py")
            if impl.hookwrapper or impl.wrapper:
                # NB: the host calls the implementations one by one, to name whichever answers wrongly.
                raise PluginError(f"Плагин «{pm.get_name(impl.plugin)}»: хук «{hook_name}» объявлен обёрткой "
                                  f"(wrapper); ОКО Кейс вызывает хуки без обёрток.")


def raise_problems(lines):
    """Raise one PluginError of every line (each names its plugin, hook and item), if there are any."""
    if lines:
        raise PluginError("\n".join(lines), details=lines)


def _merge_by_code(answers_, hook_name=None, region=None, strict=True):
    """The items of ``[(plugin, items)]`` merged by code; a withdrawal must remove an earlier item."""
    merged = {}
    problems = []
    for plugin, items in answers_:
        for item in items or ():
            code = item["code"]
            if not item.get("withdrawn"):
                merged[code] = item
            elif code in merged:
                del merged[code]
            elif strict:
                problems += answers.describe(plugin, hook_name, [(
                    f"пункт «{code}»", "отзывается (withdrawn) код, которого нет в ответах плагинов до него: "
                                       "опечатка или пункт уже отозван")], region)
    raise_problems(problems)
    return list(merged.values())


class Host:
    """Answers the questions core code asks plugins, for a given region.

    Built once per application (``registry.oko``) or per CLI run. Results of
    list hooks are cached per region until the plugin set changes.
    ``upload_limits`` are the ``docinspect.Limits`` every upload is held to
    (the application reads them from its settings, ``docinspect.upload_limits``).
    """

    def __init__(self, pm, upload_limits=None):
        self.pm = pm
        self.upload_limits = upload_limits if upload_limits is not None else docinspect.Limits()
        self._checker = answers.Checker(self.codes)
        self._reset()

    def _reset(self):
        self._callers = {}
        self._cache = {}
        self._regions = {}
        for impl in self.pm.hook.oko_plugin_info.get_hookimpls():
            info = impl.function()
            # NB: checked first: ``"regions": "74"`` would serve regions "7" and "4".
            self.check(impl.plugin_name, "oko_plugin_info", info)
            self._regions[self.pm.get_name(impl.plugin)] = frozenset(info.get("regions", ()))
        for plugin in self.pm.get_plugins():
            name = self.pm.get_name(plugin)
            if name not in self._regions:
                raise PluginError(f"Плагин «{name}» не реализует обязательный хук «oko_plugin_info».")

    # -- the plugin set ---------------------------------------------------

    def register(self, plugin, name=None):
        """Add a plugin at run time (tests, a plugin's own set-up)."""
        try:
            self.pm.register(plugin, name=name)
        except pluggy.PluginValidationError as exc:
            raise _rephrase(self.pm, exc, name) from exc
        try:
            check_hooks(self.pm)
            self._reset()
        except PluginError:
            self.pm.unregister(name=name)
            self._reset()
            raise

    def unregister(self, name):
        """Remove the plugin registered as ``name``."""
        self.pm.unregister(name=name)
        self._reset()

    def serves(self, plugin_name, region):
        """Whether the plugin ``plugin_name`` answers for ``region``."""
        regions = self._regions.get(plugin_name, ())
        return ALL_REGIONS in regions or region in regions

    def regions(self):
        """The region codes the plugins name (not the federal defaults' ``"*"``), sorted."""
        return sorted(set().union(*self._regions.values()) - {ALL_REGIONS})

    def regional(self, hook_name, region):
        """The names of the plugins serving ``region`` (not the built-in ones) that implement ``hook_name``."""
        built_in = {FEDERAL, *(name for name, _ in BUILT_IN)}
        return [impl.plugin_name for impl in self.caller(hook_name, region).get_hookimpls()
                if impl.plugin_name not in built_in]

    def code_lists(self):
        """``{kind: (what the list is for, {code: Russian title})}``: the codes answers may name.

        Given by the built-in plugins (their ``CODES``: ``core.federal`` and
        each domain's ``defaults``); a region cannot add to them.
        """
        def compute():
            lists = {}
            for name in (FEDERAL, *(name for name, _ in BUILT_IN)):
                for kind, (about, codes) in getattr(self.pm.get_plugin(name), "CODES", {}).items():
                    lists.setdefault(kind, (about, {}))[1].update(codes)
            return lists
        return self._cached(("codes",), compute)

    def codes(self, kind):
        """The known codes of ``kind`` (a ``core.plugin_types.Codes`` list), or None for a list nobody names."""
        if kind == "workflow":
            return self._workflow_names()
        found = self.code_lists().get(kind)
        return frozenset(found[1]) if found else None

    def _workflow_names(self):
        def compute():
            names = set()
            for region in self.regions() or [None]:
                for result in self.results("oko_workflows", region):
                    names.update(result or {})
            return frozenset(names)
        return self._cached(("workflow names",), compute)

    def listing(self):
        """Installed plugins: name, version, title, regions and the hooks each implements."""
        rows = []
        for plugin in self.pm.get_plugins():
            name = self.pm.get_name(plugin)
            info = next(impl.function() for impl in self.pm.hook.oko_plugin_info.get_hookimpls()
                        if impl.plugin is plugin)
            hooks = sorted(caller.name for caller in self.pm.get_hookcallers(plugin) or ())
            rows.append({"name": name, "version": info.get("version", ""),
                         "title": info.get("title", ""),
                         "regions": sorted(info.get("regions", ())), "hooks": hooks})
        order = {FEDERAL: 0, **{name: 0 for name, _ in BUILT_IN}, OVERRIDES: 2}
        return sorted(rows, key=lambda r: (order.get(r["name"], 1), r["name"]))

    # -- dispatch -----------------------------------------------------------

    def caller(self, hook_name, region):
        """The hook caller of ``hook_name`` restricted to the plugins serving ``region``."""
        key = (hook_name, region)
        caller = self._callers.get(key)
        if caller is None:
            others = [p for p in self.pm.get_plugins()
                      if not self.serves(self.pm.get_name(p), region)]
            caller = self.pm.subset_hook_caller(hook_name, remove_plugins=others)
            self._callers[key] = caller
        return caller

    def answered(self, hook_name, region, impls, kwargs):
        """``[(plugin name, answer)]`` of ``impls`` called in turn, each answer checked (PluginError when wrong).

        NB: the host calls the implementations itself, as pluggy would (each with the
        arguments it asks for), so that a wrong answer is told by its plugin's name.
        """
        found = []
        for impl in impls:
            answer = impl.function(*(kwargs[name] for name in impl.argnames))
            # NB: None is no answer, as pluggy has it (a list hook's plugin that has nothing to add).
            if answer is not None:
                self.check(impl.plugin_name, hook_name, answer, region)
            found.append((impl.plugin_name, answer))
        return found

    def check(self, plugin, hook_name, answer, region=None):
        """Raise PluginError naming ``plugin``, the hook and each wrong item when ``answer`` has the wrong shape."""
        raise_problems(answers.describe(plugin, hook_name, self._checker.problems(
            answer, answers.expected_shape(hook_name)), region))

    def named_results(self, hook_name, region, **kwargs):
        """``[(plugin name, answer)]`` of the region's plugins, federal first, overrides last; checked."""
        # NB: pluggy orders the implementations as registered (federal, code plugins, overrides)
        # and calls the last first; the host calls them in that order, each answer checked.
        kwargs["region"] = region
        return self.answered(hook_name, region, self.caller(hook_name, region).get_hookimpls(), kwargs)

    def results(self, hook_name, region, **kwargs):
        """Every answer of the region's plugins, federal first, overrides last; each checked."""
        return [answer for _, answer in self.named_results(hook_name, region, **kwargs)]

    def first(self, hook_name, region, **kwargs):
        """The answer of a firstresult hook: the most regional plugin's first non-None one, checked."""
        kwargs["region"] = region
        impls = reversed(self.caller(hook_name, region).get_hookimpls())
        for _, answer in self._lazily(hook_name, region, impls, kwargs):
            if answer is not None:
                return answer
        return None

    def _lazily(self, hook_name, region, impls, kwargs):
        for impl in impls:
            yield from self.answered(hook_name, region, [impl], kwargs)

    def everywhere(self, hook_name):
        """``[(plugin name, answer)]`` of a hook not dispatched by region, from every plugin; checked."""
        return self.answered(hook_name, None, self.pm.hook.__dict__[hook_name].get_hookimpls(), {})

    def _cached(self, key, compute):
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = compute()
            return value

    def cached(self, key, compute):
        """``compute()``, kept under ``key`` until the plugin set changes: what a domain builds from its hooks'
        answers (lookup tables of a region's items) is built once, as the answers are."""
        return self._cached(("cached",) + tuple(key), compute)

    def items(self, hook_name, region, **kwargs):
        """A list hook's merged items (by code), cached per region and arguments."""
        key = (hook_name, region) + tuple(sorted(kwargs.items()))
        return self._cached(key, lambda: _merge_by_code(self.named_results(hook_name, region, **kwargs),
                                                        hook_name, region))

    # -- the questions core code asks -----------------------------------

    def risk_factors(self, region):
        """The region's risk factors."""
        return self.items("oko_risk_factors", region)

    def indicators(self, region):
        """The region's 500+ indicators."""
        return self.items("oko_indicators", region)

    def review_criteria(self, region, document_type):
        """The review criteria of ``document_type`` in the region."""
        return self.items("oko_review_criteria", region, document_type=document_type)

    def required_sections(self, region, document_type):
        """The sections a ``document_type`` upload must contain in the region."""
        return self.items("oko_required_sections", region, document_type=document_type)

    def portfolio_sections(self, region):
        """The region's portfolio sections."""
        return self.items("oko_portfolio_sections", region)

    def cmm_items(self, region, level):
        """The test bank items of ``level`` for the region."""
        return self.items("oko_cmm_items", region, level=level)

    def required_documents(self, region, post, dossier):
        """The documents this teacher's dossier requires (never cached: depends on the dossier)."""
        # NB: the federal list depends on the dossier: a region may withdraw one that this dossier lacks.
        return _merge_by_code(self.named_results("oko_required_documents", region, post=post, dossier=dossier),
                              strict=False)

    def deadlines(self, region, year):
        """Named dates and offsets for the region and year."""
        def compute():
            merged = {}
            for result in self.results("oko_deadlines", region, year=year):
                merged.update(result or {})
            return merged
        return self._cached(("oko_deadlines", region, year), compute)

    def region_details(self, region):
        """How the region's documents name its authority, seat and signatory (``oko_region_details``), merged."""
        def compute():
            merged = {}
            for result in self.results("oko_region_details", region):
                merged.update(result or {})
            return merged
        return self._cached(("oko_region_details", region), compute)

    def document_templates(self, region):
        """Template files by name for the region."""
        def compute():
            merged = {}
            for result in self.results("oko_document_templates", region):
                merged.update(result or {})
            return merged
        return self._cached(("oko_document_templates", region), compute)

    def workflows(self, region):
        """The region's workflows by name: merged, copied and extended for it."""
        return self._cached(("oko_workflows", region), lambda: self._build_workflows(region)[0])

    def _build_workflows(self, region):
        """``(workflows, origins)``: the region's workflows, and which plugin and hook gave each state (``{(wf, state): (plugin, hook)}``)."""
        merged, origins = {}, {}
        for plugin, result in self.named_results("oko_workflows", region):
            for name, workflow in (result or {}).items():
                problem = replacement_problem(merged[name], workflow) if name in merged else None
                if problem:
                    raise PluginError(f"Плагин «{plugin}»: рабочий процесс «{name}» региона {region} не может "
                                      f"заменить федеральный: {problem}.")
                merged[name] = workflow
                origins.update({(name, state): (plugin, "oko_workflows") for state in workflow.states})
        extended = {}
        for name, workflow in merged.items():
            copy = workflow.copy()
            for impl in self.caller("oko_extend_workflow", region).get_hookimpls():
                before = dict(copy.states)
                self.answered("oko_extend_workflow", region, [impl], {"region": region, "workflow": copy})
                origins.update({(name, state): (impl.plugin_name, "oko_extend_workflow") for state, value in copy.states.items()
                                if before.get(state) is not value})
            extended[name] = copy.check()
        return extended, origins

    def workflow(self, region, name):
        """The workflow ``name`` as it runs in ``region``."""
        return self.workflows(region)[name]

    def check_workflows(self):
        """Build the workflows of every region a plugin names: a bad replacement stops start-up (PluginError).

        A transition's ``document_types`` must be codes of ``document_type`` (or a content type's name, the
        ``document_type`` of a school document of that type).

        A state's ``period`` must name a period (a ``timedelta``) of the region's ``oko_deadlines``, or
        whoever is awaited in it would be shown the object's own deadline instead.
        """
        problems = []
        year = datetime.date.today().year
        kinds = (self.codes("document_type") or frozenset()) | frozenset(self.content_types())  # a school document's type is its content type
        for region in self.regions():
            deadlines = self.deadlines(region, year)
            workflows, origins = self._build_workflows(region)
            for workflow in workflows.values():
                for transition in workflow.transitions.values():
                    unknown = sorted((transition.document_types or frozenset()) - kinds)
                    if unknown:
                        origin = origins.get((workflow.name, transition.to_state), ("?", "oko_extend_workflow"))
                        problems += answers.describe(
                            *origin, [(f"процесс «{workflow.name}», переход «{transition.name}»",
                                       f"неизвестные виды документов (document_types): {', '.join(unknown)}")], region)
                for state in workflow.states.values():
                    if state.period and not isinstance(deadlines.get(state.period), datetime.timedelta):
                        problems += answers.describe(
                            *origins.get((workflow.name, state.name), ("?", "oko_workflows")),
                            [(f"процесс «{workflow.name}», состояние «{state.name}»",
                              f"срок (period) «{state.period}»: хук «oko_deadlines» не даёт такого срока "
                              f"(datetime.timedelta), ожидающие шага увидят чужой срок")], region)
        raise_problems(problems)

    def questions(self, region, full=False):
        """``[(hook name, ask)]``: the questions the core asks ``region`` that need no site, each a call.

        ``full``: also the questions asked with made-up values (a threshold of
        made-up results, the agreement of made-up scores, an empty upload, each
        form's fields), which ``oko check-plugin`` asks and start-up does not.
        """
        year = datetime.date.today().year
        categories = sorted(self.codes("attestee_category") or ())
        school_types = sorted(self.codes("school_type") or ())
        document_types = sorted(self.codes("document_type") or ())
        asks = [("oko_content_types", self.content_types), ("oko_processes", self.processes),
                ("oko_risk_factors", lambda: self.risk_factors(region)),
                ("oko_indicators", lambda: self.indicators(region)),
                ("oko_portfolio_sections", lambda: self.portfolio_sections(region)),
                ("oko_deadlines", lambda: self.deadlines(region, year)),
                ("oko_document_templates", lambda: self.document_templates(region)),
                ("oko_workflows", lambda: self.workflows(region))]
        asks += [("oko_node_links", lambda t=t: self.items("oko_node_links", region, node_type=t))
                 for t in ("root", "region", "municipality", "school")]
        asks += [("oko_cmm_items", lambda lv=lv: self.cmm_items(region, lv)) for lv in ("federal", "regional", "municipal")]
        asks += [(hook, lambda hook=hook, d=d: self.items(hook, region, document_type=d))
                 for hook in ("oko_review_criteria", "oko_required_sections") for d in document_types]
        asks += [("oko_attestation_stages", lambda c=c: self.items("oko_attestation_stages", region, category=c))
                 for c in categories]
        asks += [("oko_test_blueprint", lambda c=c, t=t: self.test_blueprint(region, c, t))
                 for c in categories for t in school_types]
        # NB: every other hook asked with the region alone is asked too: a new domain's hook is checked at once.
        asked = {hook for hook, _ in asks}
        for hook in sorted(n for n in dir(hookspecs) if n.startswith("oko_") and n not in asked):
            if list(inspect.signature(getattr(hookspecs, hook)).parameters) == ["region"]:
                listed = typing.get_origin(answers.expected_shape(hook)) is list
                asks.append((hook, lambda hook=hook, listed=listed: self.items(hook, region) if listed
                             else self.results(hook, region)))
        if full:
            asks += [("oko_pass_threshold", lambda c=c: self.pass_threshold(region, c, [42.0, 55.5, 61.0, 70.0], 100.0))
                     for c in categories]
            asks += [("oko_score_agreement", lambda scores=scores: self.score_agreement(region, scores))
                     for scores in ([60.0, 70.0], [20.0, 90.0], [20.0, 90.0, 60.0])]
            empty = docinspect.Inspected("pdf", "document.pdf", 1000, "")
            asks += [("oko_validate_document", lambda d=d: self.validate_document(region, d, empty))
                     for d in document_types]
            asks += [("oko_extend_schema", lambda f=f: self.extend_schema(region, f, colander.SchemaNode(
                colander.Mapping()))) for f in sorted(self.codes("form") or ())]
        return asks

    def check_answers(self, regions=None, full=False):
        """Ask every region a plugin serves (or ``regions``) the ``questions``; one PluginError with every problem.

        Start-up calls it, so a wrong answer stops the application before anyone is asked for it.
        """
        problems = []
        for region in self.regions() if regions is None else regions:
            for _, ask in self.questions(region, full):
                try:
                    ask()
                except PluginError as exc:
                    problems += [line for line in (exc.details or [str(exc)]) if line not in problems]
        raise_problems(problems)

    def content_types(self):
        """Content types by name, from every plugin."""
        def compute():
            merged = {}
            for _, result in self.everywhere("oko_content_types"):
                for item in result or ():
                    merged[item["name"]] = item
            return merged
        return self._cached(("oko_content_types",), compute)

    def processes(self):
        """The kinds of awaiting object (``core.workflow.process.ProcessInfo``) by code, from every plugin."""
        def compute():
            return {p["code"]: p for p in _merge_by_code(self.everywhere("oko_processes"), "oko_processes")}
        return self._cached(("oko_processes",), compute)

    def process_for(self, type_name):
        """The declared process of the objects of ``type_name``, or None."""
        def compute():
            return {p["type_name"]: p for p in self.processes().values() if p.get("type_name")}
        return self._cached(("oko_processes", "by type"), compute).get(type_name)

    def extend_schema(self, region, type_name, schema):
        """Let the region's plugins add fields to ``schema``; returns it.

        Each plugin's fields are checked as they are added: colander nodes with a name no other field has.
        """
        for impl in self.caller("oko_extend_schema", region).get_hookimpls():
            before = [child.name for child in schema.children]
            self.answered("oko_extend_schema", region, [impl], {"region": region, "type_name": type_name,
                                                                "schema": schema})
            raise_problems(answers.describe(impl.plugin_name, "oko_extend_schema",
                                            schema_problems(schema, before, type_name), region))
        return schema

    def validate_document(self, region, document_type, inspected):
        """Every plugin's problems with an inspected upload, joined."""
        problems = []
        for result in self.results("oko_validate_document", region,
                                   document_type=document_type, inspected=inspected):
            problems.extend(result or ())
        return problems

    def on_transition(self, region, obj, transition, user):
        """Tell the region's listeners that ``obj`` has moved."""
        self.results("oko_on_transition", region, obj=obj, transition=transition, user=user, host=self)

    def test_blueprint(self, region, category, school_type):
        """How a participant's test is assembled in the region."""
        return self.first("oko_test_blueprint", region, category=category, school_type=school_type)

    def pass_threshold(self, region, category, results, max_score=None):
        """The pass threshold of a category and how it was set (``max_score``: the most a dossier can score)."""
        return self.first("oko_pass_threshold", region, category=category, results=results, max_score=max_score)

    def score_agreement(self, region, scores):
        """The agreed score of a case, or a request for a third expert."""
        return self.first("oko_score_agreement", region, scores=scores)


def schema_problems(schema, before, type_name):
    """``[(where, message)]`` of the fields a plugin added to ``schema`` (whose fields were ``before``)."""
    found = []
    names = [getattr(child, "name", None) for child in schema.children]
    for child in schema.children[len(before):]:
        if not isinstance(child, colander.SchemaNode):
            found.append((f"форма «{type_name}»", f"добавлено не поле colander.SchemaNode: {child!r}"))
        elif not child.name:
            found.append((f"форма «{type_name}»", "у добавленного поля нет имени (name=...)"))
        elif names.count(child.name) > 1:
            found.append((f"форма «{type_name}», поле «{child.name}»", "поле с таким именем в форме уже есть"))
    return found


def includeme(config):
    """Build the plugin host at start-up and keep it as ``registry.oko``."""
    settings = config.registry.settings
    pm = make_plugin_manager(
        entrypoints=settings.get("oko.load_plugins", "true") != "false",
        overrides_dir=settings.get("oko.overrides_dir"), modules=plugin_modules(settings.get("oko.plugins")))
    config.registry.oko = Host(pm, docinspect.upload_limits(settings))
    config.registry.oko.check_workflows()
    config.registry.oko.check_answers()
