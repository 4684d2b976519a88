"""Roadmaps' federal answers, as a built-in plugin: the link to an authority's roadmaps, the measures' tasks, the
schedules of monitoring (seeds 000 and 004), no sections and no statuses of a region's own."""
from core import hookimpl
from core.roadmaps import tasks


@hookimpl
def oko_plugin_info():
    return {"name": "roadmaps", "version": "1.0", "title": "Дорожные карты", "regions": ["*"]}


@hookimpl
def oko_node_links(region, node_type):
    # NB: every authority may keep roadmaps; whoever sees its page sees the link (the page says who imports).
    links = []
    if node_type in ("root", "region", "municipality", "school"):
        links.append({"code": "roadmaps", "title": "Дорожные карты", "view": "roadmaps", "roles": []})
    if node_type == "root":
        links.append({"code": "roadmap_execution", "title": "Исполнение дорожных карт по регионам",
                      "view": "roadmap-execution", "roles": ["federal_operator"]})
    return links


@hookimpl
def oko_processes():
    # NB: measures are kept out of the catalog: the process brings those awaiting their responsible person.
    return [tasks.process()]


# The federal schedules of monitoring: seed 000 (the Target Model, «ежеквартально, 15 числа каждого последнего
# месяца квартала») and seed 004 (the 500+ roadmap: a first stage in June, a second in September).
QUARTERLY = {"code": "quarterly", "title": "Ежеквартально, 15 числа последнего месяца квартала",
             "stages": [{"code": f"q{n}", "title": f"{roman} квартал", "month": 3 * n, "day": 15}
                        for n, roman in ((1, "I"), (2, "II"), (3, "III"), (4, "IV"))]}
PROJECT500 = {"code": "project500", "title": "Проект «500+»: июнь и сентябрь", "matches": ["500+", "500 +"],
              "stages": [{"code": "first", "title": "Первый этап (июнь)", "month": 6},
                         {"code": "second", "title": "Второй этап (сентябрь)", "month": 9}]}


@hookimpl
def oko_roadmap_monitoring(region):
    return [QUARTERLY, PROJECT500]


@hookimpl
def oko_roadmap_sections(region):
    return []


@hookimpl
def oko_roadmap_statuses(region):
    return []
