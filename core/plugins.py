"""The plugin host: discovery, region dispatch, merge rules, listing.

The federal defaults (``core.federal``) and the ``regional_overrides/``
reader (``core.overrides``) are plugins like any regional one, so core code
never special-cases "no plugin": every question has a federal answer, and a
region's plugins refine it.
"""
import importlib
import importlib.metadata
import logging

import pluggy

from core import DOMAINS, docinspect, hookspecs
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
    """A plugin is broken: it fails to import, or implements a hook that does not exist."""

    ERROR = "plugin_refused"


def _rephrase(pm, error, name=None):
    # NB: pluggy's messages name a module object; an operator wants the
    # plugin's entry-point name and the hook.
    plugin = getattr(error, "plugin", None)
    name = name or (pm.get_name(plugin) if plugin is not None else "?")
    text = str(error)
    hook = next((w.strip("'\"") for w in text.split() if w.strip("'\"").startswith("oko_")), "?")
    return PluginError(f"Плагин «{name}»: хук «{hook}» не принят: {text}")


def make_plugin_manager(entrypoints=True, overrides_dir=None):
    """Build the pluggy manager: federal defaults, installed plugins, overrides reader.

    Raises PluginError naming the plugin (and the hook) when a plugin cannot
    be imported or implements a hook that ``core.hookspecs`` does not declare.
    """

    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(importlib.import_module("core.federal"), name=FEDERAL)
    for name, module in BUILT_IN:
        pm.register(importlib.import_module(module), name=name)
    if entrypoints:
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            try:
                plugin = ep.load()
            except Exception as exc:
                raise PluginError(
                    f"Плагин «{ep.name}» ({ep.value}) не загружается: {exc.__class__.__name__}: {exc}"
                ) from exc
            try:
                pm.register(plugin, name=ep.name)
            except pluggy.PluginValidationError as exc:
                raise _rephrase(pm, exc, ep.name) from exc
    pm.register(RegionalOverrides(overrides_dir), name=OVERRIDES)
    check_hooks(pm)
    return pm


def check_hooks(pm):
    """Raise PluginError when a registered plugin implements an undeclared hook."""
    for hook_name, caller in vars(pm.hook).items():
        if hook_name.startswith("_") or caller.has_spec():
            continue
        for impl in caller.get_hookimpls():
            if not impl.optionalhook:
                raise PluginError(
                    f"Плагин «{pm.get_name(impl.plugin)}» реализует несуществующий хук «{hook_name}»; "
                    f"список хуков: core/hookspecs.py")


def _merge_by_code(lists):
    merged = {}
    for items in lists:
        for item in items or ():
            code = item["code"]
            if item.get("withdrawn"):
                merged.pop(code, None)
            else:
                merged[code] = item
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
        self._reset()

    def _reset(self):
        self._callers = {}
        self._cache = {}
        self._regions = {}
        for impl in self.pm.hook.oko_plugin_info.get_hookimpls():
            info = impl.function()
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

    def results(self, hook_name, region, **kwargs):
        """Every answer of the region's plugins, federal first, overrides last."""
        # NB: pluggy calls the last registered plugin first; reversing puts the
        # answers in registration order: federal, code plugins, overrides.
        return list(reversed(self.caller(hook_name, region)(region=region, **kwargs)))

    def first(self, hook_name, region, **kwargs):
        """The answer of a firstresult hook: the most regional plugin's."""
        return self.caller(hook_name, region)(region=region, **kwargs)

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
        return self._cached(key, lambda: _merge_by_code(self.results(hook_name, region, **kwargs)))

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
        return _merge_by_code(self.results("oko_required_documents", region, post=post, dossier=dossier))

    def deadlines(self, region, year):
        """Named dates and offsets for the region and year."""
        def compute():
            merged = {}
            for result in self.results("oko_deadlines", region, year=year):
                merged.update(result or {})
            return merged
        return self._cached(("oko_deadlines", region, year), compute)

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
        def compute():
            merged = {}
            for result in self.results("oko_workflows", region):
                for name, workflow in (result or {}).items():
                    problem = replacement_problem(merged[name], workflow) if name in merged else None
                    if problem:
                        raise PluginError(f"Рабочий процесс «{name}» региона {region} не может заменить "
                                          f"федеральный: {problem}.")
                    merged[name] = workflow
            extended = {}
            for name, workflow in merged.items():
                copy = workflow.copy()
                self.results("oko_extend_workflow", region, workflow=copy)
                extended[name] = copy.check()
            return extended
        return self._cached(("oko_workflows", region), compute)

    def workflow(self, region, name):
        """The workflow ``name`` as it runs in ``region``."""
        return self.workflows(region)[name]

    def check_workflows(self):
        """Build the workflows of every region a plugin names: a bad replacement stops start-up (PluginError)."""
        for region in sorted(set().union(*self._regions.values()) - {ALL_REGIONS}):
            self.workflows(region)

    def content_types(self):
        """Content types by name, from every plugin."""
        def compute():
            merged = {}
            for result in reversed(self.pm.hook.oko_content_types()):
                for item in result or ():
                    merged[item["name"]] = item
            return merged
        return self._cached(("oko_content_types",), compute)

    def processes(self):
        """The kinds of awaiting object (``core.workflow.process.ProcessInfo``) by code, from every plugin."""
        def compute():
            return {p["code"]: p for p in _merge_by_code(reversed(self.pm.hook.oko_processes()))}
        return self._cached(("oko_processes",), compute)

    def process_for(self, type_name):
        """The declared process of the objects of ``type_name``, or None."""
        def compute():
            return {p["type_name"]: p for p in self.processes().values() if p.get("type_name")}
        return self._cached(("oko_processes", "by type"), compute).get(type_name)

    def extend_schema(self, region, type_name, schema):
        """Let the region's plugins add fields to ``schema``; returns it."""
        self.results("oko_extend_schema", region, type_name=type_name, schema=schema)
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

    def pass_threshold(self, region, category, results):
        """The pass threshold of a category and how it was set."""
        return self.first("oko_pass_threshold", region, category=category, results=results)

    def score_agreement(self, region, scores):
        """The agreed score of a case, or a request for a third expert."""
        return self.first("oko_score_agreement", region, scores=scores)


def includeme(config):
    """Build the plugin host at start-up and keep it as ``registry.oko``."""
    settings = config.registry.settings
    pm = make_plugin_manager(
        entrypoints=settings.get("oko.load_plugins", "true") != "false",
        overrides_dir=settings.get("oko.overrides_dir"))
    config.registry.oko = Host(pm, docinspect.upload_limits(settings))
    config.registry.oko.check_workflows()
