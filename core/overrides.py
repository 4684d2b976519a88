"""The ``regional_overrides/`` reader: a region's changes made with files alone.

Layout, per region code::

    regional_overrides/66/lists.toml      risk factors, indicators, criteria, sections, deadlines
    regional_overrides/66/templates/*.docx Word templates replacing federal ones by name,
                                           each with its <name>.toml schema beside it
    regional_overrides/66/cmm/*.zip|*.xml  the region's CMM items in QTI 2.1 (core/cmm/QTI.md)

``lists.toml`` holds arrays of tables named after the hooks (``risk_factors``,
``indicators``, ``portfolio_sections``, ``review_criteria`` and
``required_sections`` with a ``document_type`` key, ``cmm_items`` with a
``level`` key) and a ``[deadlines]`` table of dates (``2026-04-15``, the year
replaced by the one asked for) or day offsets (``-20``). The answers flow
through the same hooks as a code plugin's and win over them. An indicator
here re-titles (or, with ``withdrawn = true``, removes) a federal one of the
same code and is counted by the federal rule; a file cannot say how to
count a new one, so a new code stops start-up (a code plugin gives its
``predicate``).
"""
import datetime
import tomllib
from pathlib import Path

from core import hookimpl

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "regional_overrides"
# Readers of a region's folder of files, by the folder's name, as the domains register them.
_FOLDER_READERS = {}


def add_folder_reader(folder, reader):
    """Have every file of ``regional_overrides/<region>/<folder>/`` read by ``reader(path)``.

    ``reader`` returns the file's items (dicts), ``[]`` for a file it does not
    read, and raises ValueError (Russian) naming what is wrong. The CMM bank
    reads ``cmm/`` this way (``core.cmm.defaults``).
    """
    _FOLDER_READERS[folder] = reader


class RegionalOverrides:
    """A built-in plugin serving every region that has a folder of overrides."""

    def __init__(self, base_dir=None):
        self.base_dir = Path(base_dir) if base_dir else DEFAULT_DIR
        self._lists = {}
        self._folders = {}

    def _regions(self):
        if not self.base_dir.is_dir():
            return []
        return sorted(p.name for p in self.base_dir.iterdir() if p.is_dir())

    def _read(self, region):
        if region not in self._lists:
            path = self.base_dir / region / "lists.toml"
            try:
                self._lists[region] = tomllib.loads(path.read_text("utf-8")) if path.exists() else {}
            except tomllib.TOMLDecodeError as exc:
                raise ValueError(f"{path}: ошибка в файле переопределений: {exc}") from exc
        return self._lists[region]

    def _items(self, region, name, keep=False, **match):
        # NB: ``document_type`` says which answer an item belongs to, it is no key of the item itself.
        return [{k: v for k, v in item.items() if keep or k not in match} for item in self._read(region).get(name, [])
                if all(item.get(k) == v for k, v in match.items())]

    @hookimpl
    def oko_plugin_info(self):
        return {"name": "regional_overrides", "version": "1.0",
                "title": "Файлы regional_overrides/", "regions": self._regions()}

    @hookimpl
    def oko_risk_factors(self, region):
        return self._items(region, "risk_factors")

    @hookimpl
    def oko_indicators(self, region):
        return self._items(region, "indicators")

    @hookimpl
    def oko_portfolio_sections(self, region):
        return self._items(region, "portfolio_sections")

    @hookimpl
    def oko_review_criteria(self, region, document_type):
        return self._items(region, "review_criteria", document_type=document_type)

    @hookimpl
    def oko_required_sections(self, region, document_type):
        return self._items(region, "required_sections", document_type=document_type)

    @hookimpl
    def oko_cmm_items(self, region, level):
        found = self._items(region, "cmm_items", keep=True, level=level) + self._folder_items(region, "cmm")
        return [{**item, "source": "overrides"} for item in found if item.get("level") == level]

    def _folder_items(self, region, folder):
        # NB: read once per region, by the reader the folder's domain registered.
        key = (region, folder)
        if key not in self._folders:
            reader = _FOLDER_READERS.get(folder)
            paths = sorted((self.base_dir / region / folder).glob("*")) if reader else []
            self._folders[key] = [item for path in paths for item in reader(path)]
        return self._folders[key]

    @hookimpl
    def oko_deadlines(self, region, year):
        result = {}
        for name, value in self._read(region).get("deadlines", {}).items():
            if isinstance(value, datetime.date):
                result[name] = value.replace(year=year)
            else:
                result[name] = datetime.timedelta(days=int(value))
        return result

    @hookimpl
    def oko_document_templates(self, region):
        folder = self.base_dir / region / "templates"
        return {p.stem: p for p in sorted(folder.glob("*.docx"))} if folder.is_dir() else {}
