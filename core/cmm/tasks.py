"""The CMM items that await someone (an item sent for review awaits its publisher), for ``core.tasks``.

Items stay out of the catalog (a bank lists them from its own summary), so
the catalog's query of «Мои задачи» never finds them. Each bank keeps the
codes of its items that await someone (``Bank.awaiting``, kept by
``Bank.note``); the CMM process (``oko_processes`` of the federal defaults)
brings those items to the tasks through ``awaiting_items``.
"""
from core.cmm.model import BANK_NAME
from core.resources import Region
from core.security.roles import CurrentGrants

PROCESS = "cmm_items"


def banks_reached(site, grants=None):
    """The federal bank and the banks of the regions ``grants`` (``{path: roles}``) reach; every bank when None."""
    # NB: the paths' first names: a curator of 4,000 schools of one region reaches one bank (and the tasks'
    # grants, a CurrentGrants kept on the user, know them already).
    if grants is not None and not isinstance(grants, CurrentGrants):
        grants = CurrentGrants(grants)
    paths = None if grants is None else grants.tops
    everywhere = paths is None or "" in paths
    regions = [node for node in site.values() if isinstance(node, Region)] if everywhere else \
        [node for node in map(site.get, sorted(paths)) if isinstance(node, Region)]
    return [bank for bank in [site.get(BANK_NAME)] + [r.get(BANK_NAME) for r in regions] if bank is not None]


def awaiting_items(site, grants=None):
    """The items awaiting someone in the banks ``grants`` reach (``banks_reached``)."""
    for bank in banks_reached(site, grants):
        for code in bank.awaiting or ():
            item = bank.get(code)
            if item is not None:
                yield item


def process():
    """The CMM items as a process of ``oko_processes``."""
    return {"code": PROCESS, "title": "Задания банка КИМ на рассмотрении", "type_name": "cmm_item",
            "awaiting": awaiting_items}
