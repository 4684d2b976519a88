"""The last steps of start-up: the plugins' own screens, a site in the database, its text indexes up to date,
every page template compiled, and the start-up's objects out of the garbage collector's way."""
import functools
import gc
import hashlib
import importlib.metadata
import logging
import sys
import threading
import time
from pathlib import Path

import chameleon.template
import transaction
from chameleon.loader import MemoryLoader, ModuleLoader
from chameleon.template import BaseTemplate

from core.bootstrap import bootstrap
from core.evolve import pending
from core.textqueue import drain

log = logging.getLogger(__name__)


# NB: after every other action (views and their renderers are registered by actions of order 0).
LAST = 10 ** 6
_COMPILING = threading.RLock()


def _one_at_a_time(cook):
    """``cook`` of chameleon's templates, one thread at a time in the process.

    Threads compiling templates at once make CPython 3.11's ``ast`` fail
    (``SystemError: AST constructor recursion depth mismatch``): a 500 for
    the first requests of a fresh process under load. The views' templates
    are compiled at start-up (``compile_templates``); this covers the rest
    (a macro loaded by another template, a template rendered by name).
    """
    @functools.wraps(cook)
    def cook_in_turn(self, *args, **kwargs):
        with _COMPILING:
            return cook(self, *args, **kwargs)
    cook_in_turn.one_at_a_time = True
    return cook_in_turn


if not getattr(BaseTemplate.cook, "one_at_a_time", False):
    BaseTemplate.cook = _one_at_a_time(BaseTemplate.cook)


def _versions_digest():
    """What a compiled template depends on besides its text: the versions of Python and of the template engine.

    chameleon's own digest reads the version of every installed distribution
    (``importlib.metadata.packages_distributions``): a fifth of a second of
    every process start, to name templates whose code only chameleon and
    pyramid_chameleon write. The digest starts with the same module name, so
    it stays a digest of the same kind.
    """
    digest = hashlib.sha1(chameleon.template.__name__.encode("utf-8"))
    for part in (sys.version, *(f"{name}=={importlib.metadata.version(name)}"
                                for name in ("chameleon", "pyramid_chameleon"))):
        digest.update(part.encode("utf-8"))
    return digest


# NB: chameleon computes its digest once per process, when it first needs it: given first, it is never computed.
if getattr(chameleon.template, "_pkg_digest", False) is None:
    chameleon.template._pkg_digest = _versions_digest()


def view_templates(registry):
    """The page templates of every view with a template renderer, as the views will render them."""
    found = {}
    for intr in registry.introspector.get_category("templates") or ():
        helper = intr["introspectable"].get("renderer")
        if helper is None or not helper.name.endswith(".pt"):
            continue
        template = getattr(helper.renderer, "template", None)
        if template is not None:
            found.setdefault(id(template), template)
    return list(found.values())


def compile_templates(registry):
    """Compile every view's template now, in one thread, and freeze what start-up made (``gc.freeze``).

    A process then answers its first requests as fast as its later ones,
    and never compiles two templates at once. The objects made so far (the
    code, the templates, the configuration) are moved out of the collector's
    generations: a full collection no longer walks them, which on a national
    object cache took up to 0.85 s a time.
    """
    start = time.perf_counter()
    templates = view_templates(registry)
    for template in templates:
        template.cook_check()
    gc.collect()
    gc.freeze()
    log.info("Шаблоны страниц скомпилированы (%d) за %.1f с.", len(templates), time.perf_counter() - start)


class ProcessLoader(MemoryLoader):
    """chameleon's loader in memory, keeping what it compiled for the process (by digest of text and version).

    chameleon's own compiles a template again for every application the
    process builds (the test suite builds dozens); a worker builds one.
    """

    def __init__(self):
        self._built = {}

    def build(self, source, filename):
        """The module of ``source``, compiled once per process."""
        built = self._built.get(filename)
        if built is None:
            built = self._built[filename] = super().build(source, filename)
        return built

    def get(self, name):
        """The module compiled as ``name`` in this process, or None."""
        return self._built.get(name)


if isinstance(BaseTemplate.loader, MemoryLoader) and not isinstance(BaseTemplate.loader, ProcessLoader):
    BaseTemplate.loader = ProcessLoader()


def use_template_cache(directory):
    """Keep compiled templates as modules in ``directory`` (``oko.template_cache``), shared by every process.

    A template is compiled once per machine, not once per process start: a
    fresh worker loads its 59 templates' code in a fraction of a second
    where compiling them took seconds. A module is named by the digest of
    its template's text and of chameleon's version: an edited template, or
    a new chameleon, is compiled anew. The modules are written atomically
    (a temporary file renamed), so processes starting at once may share it.
    """
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    BaseTemplate.loader = ModuleLoader(str(path))


def includeme(config):
    """Let plugins add their screens, then make sure the database holds a site."""
    config.registry.oko.pm.hook.oko_includeme(config=config)
    cache = config.registry.settings.get("oko.template_cache")
    if cache:
        use_template_cache(cache)
    config.action(None, compile_templates, args=(config.registry,), order=LAST)
    databases = getattr(config.registry, "_zodb_databases", {})
    db = databases.get("")
    if db is None:
        return
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    try:
        with tm:
            site = bootstrap(conn.root())
        behind = pending(site)
        if behind:
            log.warning("База данных требует обновления (%d шагов): выполните `oko evolve`.", len(behind))
    finally:
        conn.close()
    # NB: what a process that died between a commit and its drain left pending is searchable again.
    drain(db)
