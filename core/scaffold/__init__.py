"""`oko new-plugin`: a new region's plugin, a distribution whose own tests pass as soon as it is made.

``new_plugin(folder, name="chelyabinsk", region="74", title="Челябинская область")``
writes, from the templates beside this module (``template/``, ``$name``,
``$package``, ``$region``, ``$title`` filled in)::

    folder/
      setup.cfg, pyproject.toml   the distribution: the entry point (group "oko"), its tests' settings
      README.md
      oko_chelyabinsk/            the package: who the plugin is, a risk factor, a deadline; more
        __init__.py               hooks commented out, as the guide (docs/plugins.md) shows them
        views.py                  the region's own pages, if any
        templates/                the region's Word templates
      regional_overrides/74/      changes made with files alone (lists.toml)
      tests/                      its tests, on the fixtures of OKO Case's pytest plugin (core.testing)
"""
import re
import string
from pathlib import Path

from core.refused import Refused

TEMPLATE = Path(__file__).resolve().parent / "template"
NAME = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
REGION = re.compile(r"^[0-9]{2,3}$")


class ScaffoldRefused(Refused, ValueError):
    """The plugin cannot be made as asked; the message is Russian."""

    ERROR = "scaffold_{code}"


def package_of(name):
    """The import name of the plugin ``name``: ``oko_chelyabinsk``."""
    return f"oko_{name}"


def _target(relative, values):
    parts = list(relative.parts)
    if parts[0] == "package":
        parts[0] = values["package"]
    elif parts[0] == "regional_overrides":
        parts.insert(1, values["region"])
    parts[-1] = parts[-1].removesuffix(".tmpl")
    return Path(*parts)


def new_plugin(folder, name, region, title=None):
    """Write the plugin ``name`` serving ``region`` into ``folder`` (new or empty); returns the files written.

    Raises ScaffoldRefused (Russian) for a name that is no Python name, a region that is no code, or a
    folder that holds anything already.
    """
    folder = Path(folder)
    if not NAME.match(name or ""):
        raise ScaffoldRefused(f"Имя плагина «{name}»: латинские строчные буквы, цифры и «_», с буквы "
                              f"(например chelyabinsk).")
    if not REGION.match(region or ""):
        raise ScaffoldRefused(f"Код региона «{region}»: две цифры (например 74).")
    if folder.exists() and any(folder.iterdir()):
        raise ScaffoldRefused(f"Папка {folder} не пуста: выберите новую.")
    values = {"name": name, "package": package_of(name), "region": region, "title": title or f"Регион {region}"}
    written = []
    for source in sorted(p for p in TEMPLATE.rglob("*.tmpl")):
        target = folder / _target(source.relative_to(TEMPLATE), values)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(string.Template(source.read_text("utf-8")).substitute(values), "utf-8")
        written.append(target)
    return written
