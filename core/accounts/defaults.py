"""The accounts' federal answers, as a built-in plugin: the link to a node's people for those who manage it."""
from core import hookimpl

MANAGERS = ("federal_operator", "regional_operator", "municipal_coordinator")


@hookimpl
def oko_plugin_info():
    return {"name": "accounts", "version": "1.0", "title": "Учётные записи: приглашения, списки, приостановка",
            "regions": ["*"]}


@hookimpl
def oko_node_links(region, node_type):
    if node_type not in ("root", "region", "municipality", "school", "institution"):
        return []
    return [{"code": "people", "title": "Пользователи", "view": "people", "roles": list(MANAGERS)}]
