"""A region's own statuses of a measure's execution (``oko_roadmap_statuses``): each shown by its title and
moved as the federal status it means, so the order of statuses, the evidence done requires, the indicators
and the справка keep counting."""
from core.resources import region_code_of
from core.roadmaps.execution import MOVES, STATUSES


def regional(host, roadmap):
    """The statuses of the roadmap's region, beyond the federal ones."""
    return host.items("oko_roadmap_statuses", region_code_of(roadmap) or "00")


def resolve(host, roadmap, code):
    """``(federal status, title of the region's status or None)`` for the status ``code`` chosen."""
    if code in STATUSES:
        return code, None
    found = next((s for s in regional(host, roadmap) if s["code"] == code), None)
    return (found["means"], found["title"]) if found is not None else (code, None)


def offered(host, roadmap, status):
    """``[(code, title)]``: the statuses an occurrence in ``status`` may move to, the region's after the federal."""
    moves = MOVES[status]
    return [(s, STATUSES[s]) for s in moves] + [(s["code"], s["title"]) for s in regional(host, roadmap)
                                                if s["means"] in moves]
