"""The JSON API and the pages stand side by side on the web kit: neither reaches into the other."""
import ast
from pathlib import Path

import core

CORE = Path(core.__file__).parent


def imported_modules(source, package):
    """Every module ``source`` (of a module in ``package``) imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = parts[:len(parts) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _under(module, packages):
    return any(module == p or module.startswith(p + ".") for p in packages)


def imports_of(paths, forbidden):
    """``{file: [modules]}`` of the files ``paths`` that import a module under one of ``forbidden``."""
    bad = {}
    for path in sorted(paths):
        dotted = ".".join(path.relative_to(CORE.parent).with_suffix("").parts)
        package = dotted.removesuffix(".__init__") if path.name == "__init__.py" else dotted.rpartition(".")[0]
        wrong = sorted(m for m in imported_modules(path.read_text(encoding="utf-8"), package) if _under(m, forbidden))
        if wrong:
            bad[str(path.relative_to(CORE.parent))] = wrong
    return bad


def api_modules():
    """The JSON API: core/api and each domain's ``api`` module."""
    return [*(CORE / "api").rglob("*.py"), *CORE.glob("*/api.py")]


def pages_packages():
    """The pages: core.views and each domain's ``pages``."""
    return ["core.views", *(f"core.{p.parent.parent.name}.pages" for p in CORE.glob("*/pages/__init__.py"))]


def test_imports_anywhere_in_a_module_are_read_as_the_modules_they_name():
    # NB: the checks below are only as good as this reading.
    source = "from ..views import documents\ndef late():\n    import core.views.layout\n"
    assert {"core.views.documents", "core.views.layout"} <= imported_modules(source, "core.api")


def test_the_api_imports_nothing_of_the_pages():
    assert len(api_modules()) > 8 and len(pages_packages()) > 5
    assert imports_of(api_modules(), pages_packages()) == {}


def test_the_web_kit_imports_neither_the_pages_nor_the_api():
    api = ["core.api", *(f"core.{p.parent.name}.api" for p in CORE.glob("*/api.py"))]
    assert imports_of((CORE / "web").rglob("*.py"), pages_packages() + api) == {}
