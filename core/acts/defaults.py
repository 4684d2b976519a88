"""Normative acts' federal answers, as a built-in plugin: the acts' workflows and the Word templates."""
from pathlib import Path

from core import docgen, hookimpl
from core.acts.workflows import ACT_WORKFLOWS

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "docs_templates"


@hookimpl
def oko_plugin_info():
    return {"name": "acts", "version": "1.0", "title": "Нормативные акты (федеральные шаблоны)", "regions": ["*"]}


@hookimpl
def oko_includeme(config):
    # NB: every region's templates are checked against their schemas here, so a
    # broken one stops start-up naming the file and the variable, not a user later;
    # the machine's cache of compiled page templates remembers the sound ones.
    registry = getattr(config, "registry", None)
    host = getattr(registry, "oko", None)
    if host is not None:
        cache = (getattr(registry, "settings", None) or {}).get("oko.template_cache")
        docgen.check_all(host, Path(cache) / "docx" if cache else None)


@hookimpl
def oko_workflows(region):
    return {make().name: make() for make in ACT_WORKFLOWS}


@hookimpl
def oko_processes():
    # NB: an act answers from its workflow: sent for signature, it awaits its approver.
    return [{"code": "acts", "title": "Нормативные акты", "type_name": "act"}]


@hookimpl
def oko_document_templates(region):
    return {p.stem: p for p in sorted(TEMPLATES_DIR.glob("*.docx"))}


@hookimpl
def oko_node_links(region, node_type):
    # NB: every authority keeps a register of acts; whoever sees its page sees the link.
    if node_type in ("region", "municipality", "school"):
        return [{"code": "acts", "title": "Акты", "view": "acts", "roles": []}]
    return []
