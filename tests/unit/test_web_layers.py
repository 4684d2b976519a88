"""The JSON API and the pages stand side by side on the web kit: neither reaches into the other."""
import ast
from pathlib import Path

import core

CORE = Path(core.__file__).parent


def imported_modules(path):
    """Every module ``path`` imports, at the top or inside a function, relative imports made absolute."""
    package = ".".join(path.relative_to(CORE.parent).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def imports_of(folder, forbidden):
    """``{file: [modules]}`` of the files under ``folder`` that import a module under ``forbidden``."""
    bad = {}
    for path in sorted((CORE / folder).rglob("*.py")):
        wrong = sorted(m for m in imported_modules(path) if m == forbidden or m.startswith(forbidden + "."))
        if wrong:
            bad[str(path.relative_to(CORE.parent))] = wrong
    return bad


def test_relative_imports_are_read_as_the_modules_they_name():
    # NB: the check below is only as good as this reading of `from ..x import y`.
    modules = imported_modules(CORE / "views" / "cmm" / "item.py")
    assert "core.views.documents" in modules and "core.views.layout" in modules


def test_the_api_imports_nothing_of_the_pages():
    assert imports_of("api", "core.views") == {}


def test_the_web_kit_imports_neither_the_pages_nor_the_api():
    assert imports_of("web", "core.views") == {} and imports_of("web", "core.api") == {}
