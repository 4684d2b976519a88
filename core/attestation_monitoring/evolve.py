"""Evolve steps of the attestation monitoring (numbered in the one sequence of ``core.evolve``)."""
from core.attestation.model import WORKFLOW
from core.attestation_monitoring.quarterly import snapshots
from core.plugins import Host, make_plugin_manager
from core.resources import Region


def state_meanings(site):
    """The states of a stored quarterly snapshot say what they mean (the annual report counts by meaning)."""
    host = Host(make_plugin_manager())
    for region in (node for node in site.values() if isinstance(node, Region)):
        workflow = host.workflow(region.code, WORKFLOW)
        for snapshot in snapshots(region):
            states = snapshot.figures.get("states", ())
            if all("meaning" in s for s in states):
                continue
            rows = [{**s, "meaning": getattr(workflow.states.get(s["state"]), "meaning", None)} for s in states]
            snapshot.figures = {**snapshot.figures, "states": rows}


STEPS = [
    (18, "состояния квартального мониторинга говорят, что они значат", state_meanings),
]
