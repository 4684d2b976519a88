"""OKO Case: document-centric case management for regional education authorities.

The application is the platform (tree, security, workflow, catalog, the web kit
of pages and API) plus one package per domain. Each domain package holds its
model, steps, pages, API with its OpenAPI part, templates, its federal defaults
(a built-in plugin, ``defaults``) and its evolve steps, and an ``includeme``.
"""
import gc
import linecache
import sys

import pluggy

hookimpl = pluggy.HookimplMarker("oko")

# Included in this order: the policies and directives the domains rely on come first.
# NB: core.relstorage_plans before pyramid_zodbconn, which opens the storage (and its adapter keeps the hooks).
PLATFORM = ("pyramid_chameleon", "pyramid_tm", "pyramid_retry", "core.relstorage_plans", "pyramid_zodbconn",
            "core.site", "core.conflicts", "core.plugins", "core.security", "core.mail", "core.web", "core.views",
            "core.api")
# The domains, each a package with an ``includeme`` (pages, API) and a ``defaults`` plugin.
DOMAINS = ("core.accounts", "core.acts", "core.project500", "core.attestation", "core.attestation_monitoring",
           "core.teachers", "core.cmm", "core.roadmaps", "core.results", "core.orgs")


def _view_info(self):
    """What pyramid's ``view_config`` records of where it was written, read from the frame as pyramid reads it.

    pyramid reads it with ``inspect.getframeinfo``, which looks the frame's
    module up among every module loaded, for each of the 500-odd views: a
    tenth of a second of each process start. The file, line, function and
    source line are read here from the frame and ``linecache`` directly.
    """
    frame = sys._getframe(self.__dict__.get("_depth", 0) + 2)
    code = frame.f_code
    line = linecache.getline(code.co_filename, frame.f_lineno, frame.f_globals).strip()
    self._info = code.co_filename, frame.f_lineno, code.co_name, line


def _frame_info(frame):
    """venusian's ``getFrameInfo``: ``(kind, module, locals, globals, (file, line, function, source line))``.

    NB: venusian reads where each decorated view and route was written with
    ``inspect.getframeinfo`` too: another tenth of a second of each start.
    Its scope ("module", "class", "function call", "exec") is decided here
    as venusian decides it; the rest is read as ``_view_info`` reads it.
    """
    f_locals, f_globals, code = frame.f_locals, frame.f_globals, frame.f_code
    line = linecache.getline(code.co_filename, frame.f_lineno, f_globals).strip()
    module = sys.modules.get(f_globals.get("__name__"))
    if module is None or module.__dict__ is not f_globals:
        kind = "exec"
    elif f_locals is f_globals:
        kind = "unknown" if "__module__" in f_locals else "module"
    elif f_locals.get("__module__", object()) == f_globals.get("__name__"):
        kind = "class"
    else:
        kind = "function call"
    return kind, module, f_locals, f_globals, (code.co_filename, frame.f_lineno, code.co_name, line)


def main(global_config, **settings):
    """The Pyramid WSGI application."""
    # NB: no cyclic collection while the application is built: start-up makes objects by the hundred thousand
    # (modules, classes, views, templates) and frees few, and the collector would walk them every 700
    # allocations (a twentieth of a worker's start). ``core.startup`` collects once and freezes them at its end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _application(settings)
    finally:
        if collecting:
            gc.enable()


def _application(settings):
    import venusian
    from pyramid.config import Configurator
    from pyramid.view import view_config

    # NB: before the includes below import the views.
    view_config._get_info = _view_info
    venusian.getFrameInfo = _frame_info
    with Configurator(settings=settings, root_factory="core.site.root_factory") as config:
        for name in PLATFORM + DOMAINS:
            config.include(name)
        config.scan("core.views")
        config.scan("core.api")
        # NB: last: it starts the plugins' screens and the background work once all views exist.
        config.include("core.startup")
    return config.make_wsgi_app()
