"""The federal (invariant) demo bank shipped with OKO Case: ``data/federal_bank.toml``."""
import tomllib
from pathlib import Path

from core.cmm.bank import import_items
from core.cmm.model import bank_of

FEDERAL_BANK = Path(__file__).resolve().parent / "data" / "federal_bank.toml"


def read_items(path=FEDERAL_BANK, level="federal"):
    """The item dicts of a bank file (``[[items]]`` tables), with ``level`` where none is given."""
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    return [{"level": level, **item, "_where": f"{Path(path).name}: задание «{item.get('code', '')}»"}
            for item in data.get("items", [])]


def load_federal_bank(host, site, path=FEDERAL_BANK):
    """Load the federal demo bank into ``root["cmm"]``, published; returns ``(created, updated)``.

    Run again, it changes nothing (same content) or makes new versions of
    the items whose content the file changed.
    """
    return import_items(host, bank_of(site, create=True), read_items(path), None, publish_them=True)
