"""Evolve steps of the CMM bank (numbered in the one sequence of ``core.evolve``)."""
from BTrees.OOBTree import OOTreeSet

from core.cmm.tasks import banks_reached
from core.evolve import meaning_from_workflow
from core.plugins import Host, make_plugin_manager


def awaiting_items(site):
    """Items keep what their state means, and each bank the codes of its items awaiting someone (their tasks)."""
    host = Host(make_plugin_manager())
    for bank in banks_reached(site):
        bank.awaiting = OOTreeSet()
        for item in bank.values():
            # NB: items stay out of the catalog, so the platform's step did not reach them.
            if getattr(item, "workflow_state", None) is not None and "workflow_meaning" not in vars(item):
                meaning_from_workflow(host, item)
            bank.note(item)


STEPS = [
    (17, "банки КИМ помнят задания, ожидающие решения (Мои задачи)", awaiting_items),
]
