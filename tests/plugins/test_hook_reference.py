"""The hook reference (``core/hookspecs.py``): every hook documented, typed, and its example run.

Each hook's docstring ends with an ``Example::`` block. The block is run as a
plugin module of its own: it must import from the core only ``core.plugin``,
register with the host (pluggy refuses arguments the hook does not have),
and, called as the core calls it, answer in the shape its return annotation
names (the TypedDicts of ``core.plugin_types``).
"""
import datetime
import inspect
import textwrap
import types

import colander
import pytest

from core import hookspecs
from core.answers import answer_problems
from core.docinspect import Inspected
from core.plugin import hookimpl
from core.plugins import Host, make_plugin_manager
from core.workflow import HistoryEntry
from tests.plugins.test_surface import core_imports

HOOKS = sorted(n for n in dir(hookspecs) if n.startswith("oko_"))
REGION = "54"
# NB: the hooks whose arguments a test cannot make without an application are registered, not called.
NOT_CALLED = {"oko_includeme"}


def example_of(name):
    """The code of the ``Example::`` block that ends the hook's docstring."""
    _, marker, rest = inspect.getdoc(getattr(hookspecs, name)).partition("Example::")
    assert marker, f"{name}: no example in its docstring"
    return textwrap.dedent(rest).strip() + "\n"


def arguments(host):
    """A value for every argument a hook takes, as the core would pass it for region 54."""
    return {
        "region": REGION, "year": 2026, "level": "regional", "category": "head", "school_type": "rural",
        "results": [10.0, 20.0, 90.0], "max_score": 120.0, "scores": [60.0, 80.0], "post": "primary_teacher",
        "document_type": "anti_risk_programme", "type_name": "anti_risk_programme", "node_type": "region",
        "dossier": types.SimpleNamespace(documents_agreed=True), "schema": colander.SchemaNode(colander.Mapping()),
        "workflow": host.workflow(REGION, "document_review").copy(),
        "inspected": Inspected("pdf", "programme.pdf", 100, "Программа без ссылок"),
        "obj": object(), "user": "head", "host": host,
        "transition": HistoryEntry("confirm", "submitted", "confirmed", "curator", datetime.datetime.now()),
        "site": {}, "hasher": None, "password": "x",
    }


@pytest.mark.parametrize("name", HOOKS)
def test_every_hookspec_is_documented_and_typed(name):
    spec = getattr(hookspecs, name)
    doc = inspect.getdoc(spec)
    assert doc, f"{name} has no docstring"
    signature = inspect.signature(spec)
    for param in signature.parameters.values():
        assert f":param {param.name}:" in doc, f"{name}: argument {param.name} is not documented"
        assert param.annotation is not param.empty, f"{name}: argument {param.name} has no type"
    assert ":return:" in doc, f"{name}: what to return is not documented"
    assert signature.return_annotation is not signature.empty, f"{name}: the return has no type"


@hookimpl
def serves_54():
    """The ``oko_plugin_info`` given to an example of another hook: it serves region 54."""
    return {"name": "example", "version": "0", "regions": [REGION]}


@pytest.mark.parametrize("name", HOOKS)
def test_the_example_of_every_hook_runs_as_a_plugin_and_answers_in_the_documented_shape(name):
    code = example_of(name)
    assert core_imports(code) == [], f"{name}: the example imports the core beyond core.plugin"
    module = types.ModuleType(f"example_{name}")
    module.__file__ = f"/plugins/example/{name}.py"
    exec(compile(code, f"<example of {name}>", "exec"), vars(module))
    impl = getattr(module, name)
    assert hasattr(impl, "oko_impl"), f"{name}: the example does not mark its hook with hookimpl"
    vars(module).setdefault("oko_plugin_info", serves_54)
    host = Host(make_plugin_manager(entrypoints=False))
    host.register(module, name="example")
    # NB: as start-up and `oko check-plugin` ask the example's region: every answer checked, workflows built.
    host.check_workflows()
    host.check_answers([REGION], full=True)
    if name in NOT_CALLED:
        return
    given = arguments(host)
    answer = impl(**{arg: given[arg] for arg in inspect.signature(impl).parameters})
    assert answer_problems(name, answer, host.codes) == [], f"{name}: the example answers {answer!r}"
