"""The organisations' federal answers, as a built-in plugin: the links to a region's organisations and start page,
to a school's facts, to a municipality's bodies, for those who keep the region's tree."""
from core import hookimpl
from core.orgs.access import KEEPERS


@hookimpl
def oko_plugin_info():
    return {"name": "orgs", "version": "1.0", "title": "Организации региона и страница запуска",
            "regions": ["*"]}


@hookimpl
def oko_node_links(region, node_type):
    if node_type == "region":
        return [{"code": "start", "title": "Запуск региона", "view": "start", "roles": list(KEEPERS)},
                {"code": "orgs", "title": "Организации", "view": "orgs", "roles": list(KEEPERS)}]
    if node_type == "municipality":
        return [{"code": "orgs", "title": "Органы и учреждения", "view": "orgs", "roles": list(KEEPERS)}]
    if node_type == "school":
        return [{"code": "school-facts", "title": "Сведения о школе", "view": "edit", "roles": list(KEEPERS)}]
    return []
