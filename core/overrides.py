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
through the same hooks as a code plugin's and win over them.
"""
import datetime
import tomllib
from pathlib import Path

from core import hookimpl
from core.cmm.qti import QtiError, parse

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "regional_overrides"


class RegionalOverrides:
    """A built-in plugin serving every region that has a folder of overrides."""

    def __init__(self, base_dir=None):
        self.base_dir = Path(base_dir) if base_dir else DEFAULT_DIR
        self._lists = {}
        self._qti = {}

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

    def _items(self, region, name, **match):
        return [dict(item) for item in self._read(region).get(name, [])
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
        found = self._items(region, "cmm_items", level=level) + self._qti_items(region)
        return [{**item, "source": "overrides"} for item in found if item.get("level") == level]

    def _qti_items(self, region):
        # NB: a region's own CMM items as QTI 2.1 files (core/cmm/QTI.md), read once.
        if region not in self._qti:
            items = []
            for path in sorted((self.base_dir / region / "cmm").glob("*")):
                if path.suffix.lower() not in (".zip", ".xml"):
                    continue
                try:
                    items.extend({k: v for k, v in item.items() if k != "_where"}
                                 for item in parse(path.read_bytes(), str(path)))
                except QtiError as exc:
                    raise ValueError(f"{path}: ошибка в файле заданий КИМ: {exc}") from exc
            self._qti[region] = items
        return self._qti[region]

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
