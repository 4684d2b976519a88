"""The attestation monitoring as a built-in plugin: its link on a region's page."""
from core import hookimpl
from core.federal import OPERATORS


@hookimpl
def oko_plugin_info():
    return {"name": "attestation_monitoring", "version": "1.0", "title": "Мониторинг аттестации руководителей",
            "regions": ["*"]}


@hookimpl
def oko_node_links(region, node_type):
    if node_type != "region":
        return []
    return [{"code": "attestation_monitoring", "title": "Мониторинг аттестации", "view": "attestation-monitoring",
             "roles": OPERATORS}]
