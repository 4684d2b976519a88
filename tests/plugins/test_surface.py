"""The published plugin surface: plugins import ``core.plugin`` and nothing else of the core."""
import ast
import inspect
from pathlib import Path

import pytest

from core import plugin

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"
SURFACE = "core.plugin"


def core_imports(source, filename="<plugin>"):
    """``[(line, what)]``: every import of a core module other than the surface, at any depth of ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names
                      if alias.name.split(".")[0] == "core" and alias.name != SURFACE]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module.split(".")[0] == "core":
            if node.module == "core":
                # NB: ``from core import plugin`` is the surface too; ``from core import hookimpl`` is not.
                found += [(node.lineno, f"core.{a.name}") for a in node.names if a.name != "plugin"]
            elif node.module != SURFACE:
                found.append((node.lineno, node.module))
    return found


def surface_names(source, filename="<plugin>"):
    """``[(line, name)]``: the names ``source`` imports from the surface."""
    return [(node.lineno, alias.name) for node in ast.walk(ast.parse(source, filename))
            if isinstance(node, ast.ImportFrom) and node.module == SURFACE for alias in node.names]


def plugin_modules():
    return sorted(PLUGINS.rglob("*.py"))


def test_both_regional_plugins_are_walked():
    names = {p.relative_to(PLUGINS).parts[0] for p in plugin_modules()}
    assert {"sverdlovsk", "krasnoyarsk"} <= names


@pytest.mark.parametrize("path", plugin_modules(), ids=lambda p: str(p.relative_to(PLUGINS)))
def test_a_plugin_module_imports_only_the_published_surface_of_the_core(path):
    source = path.read_text("utf-8")
    assert core_imports(source, str(path)) == [], f"{path}: import only from core.plugin"
    unpublished = [(line, name) for line, name in surface_names(source, str(path)) if name not in plugin.__all__]
    assert unpublished == [], f"{path}: names core.plugin does not publish"


def test_the_check_sees_core_imports_at_any_depth_and_lets_the_surface_through():
    source = '''
import datetime
import core.cases
from core import hookimpl, plugin
from core.plugin import School, hookimpl
from core.resources import Region
from . import views


def step():
    from core.project500.forms import invalid_messages
    import core.plugin
    return invalid_messages
'''
    assert core_imports(source) == [(3, "core.cases"), (4, "core.hookimpl"), (6, "core.resources"),
                                    (11, "core.project500.forms")]
    assert surface_names(source) == [(5, "School"), (5, "hookimpl")]


def test_every_published_name_exists():
    missing = [name for name in plugin.__all__ if not hasattr(plugin, name)]
    assert missing == [] and len(set(plugin.__all__)) == len(plugin.__all__)


def test_no_published_name_is_itself_a_hook_implementation():
    # NB: pluggy takes every marked function of a plugin's module for a hook, under the name it has there.
    marked = [name for name in plugin.__all__ if hasattr(getattr(plugin, name), "oko_impl")]
    assert marked == []


STUB = Path(plugin.__file__).with_suffix(".pyi")
REQUIRED = "<required>"


def stub_names():
    """``(published, functions)`` of the stub: every name it declares, and ``{name: [(param, default)]}``."""
    tree = ast.parse(STUB.read_text("utf-8"), str(STUB))
    published, functions = set(), {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            # NB: in a stub only ``import X as X`` re-exports; a plain import is for the annotations.
            published |= {alias.asname for alias in node.names if alias.asname}
        elif isinstance(node, ast.AnnAssign) and node.target.id != "__all__":
            published.add(node.target.id)
        elif isinstance(node, ast.Assign):
            published |= {target.id for target in node.targets}
        elif isinstance(node, ast.FunctionDef):
            published.add(node.name)
            args = node.args.args
            defaults = [None] * (len(args) - len(node.args.defaults)) + node.args.defaults
            functions[node.name] = [(a.arg, REQUIRED if d is None else ast.literal_eval(d)) for a, d in zip(args, defaults)]
    return published, functions


def test_the_stub_types_exactly_the_published_names_with_their_real_parameters():
    published, functions = stub_names()
    assert published == set(plugin.__all__)
    for name, params in functions.items():
        real = inspect.signature(getattr(plugin, name)).parameters.values()
        assert params == [(p.name, REQUIRED if p.default is p.empty else p.default) for p in real], name
