"""The shape of the code (ARCHITECTURE.md): the layers hold, nothing imports in a circle, no import hides in a function."""
import ast
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "oko_sverdlovsk", "oko_krasnoyarsk")
SOURCES = [ROOT / "core", ROOT / "plugins"]


def test_the_import_contracts_of_architecture_md_hold():
    # NB: the contracts are the project's .importlinter, which `lint-imports` reads too.
    run = subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
                          "sys.exit(lint_imports(config_filename='.importlinter', no_cache=True))"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]


def _cycles(graph, modules):
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in graph.find_modules_directly_imported_by(module):
            if other not in modules:
                continue
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    for module in sorted(modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_through_others():
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)
    assert _cycles(graph, set(graph.modules)) == []


def test_the_cycle_finder_finds_a_cycle():
    class Graph:
        imports = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

        def find_modules_directly_imported_by(self, module):
            return self.imports[module]
    assert _cycles(Graph(), {"a", "b", "c", "d"}) == [["a", "b", "c"]]


def imports_inside_functions(source):
    """``[(line, module)]`` of the project imports made inside functions of ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                names = ([a.name for a in inner.names] if isinstance(inner, ast.Import)
                         else [inner.module or ""] if isinstance(inner, ast.ImportFrom) and not inner.level else [])
                found += [(inner.lineno, name) for name in names if name.split(".")[0] in PACKAGES]
    return sorted(set(found))


def test_project_code_is_imported_at_the_top_of_a_module():
    # NB: an import inside a function is kept for an optional heavy library only, never to dodge a cycle.
    hidden = {str(path.relative_to(ROOT)): found for base in SOURCES for path in sorted(base.rglob("*.py"))
              if (found := imports_inside_functions(path.read_text()))}
    assert hidden == {}


def test_the_hidden_import_finder_finds_one():
    assert imports_inside_functions("def f():\n    from core.catalog import Query\n") == [(2, "core.catalog")]
