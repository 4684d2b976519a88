"""The measures whose execution awaits the person responsible, for «Мои задачи» and `oko remind` (``core.tasks``).

Measures are records of their roadmap, out of the catalog, so the catalog's
query of «Мои задачи» never finds them. Each roadmap keeps the ids of its
measures with an unfinished occurrence a person is responsible for
(``Roadmap.assigned``, kept by ``core.roadmaps.execution``); the roadmaps'
process (``oko_processes`` of ``core.roadmaps.defaults``) brings those
measures to the tasks through ``awaiting_measures``, and each answers what
it awaits with ``core.roadmaps.execution.awaited``.
"""
from core.resources import traverse_path
from core.roadmaps.execution import awaited
from core.roadmaps.importer import level_of, roadmaps_of

PROCESS = "roadmap_measures"


def _places(site, grants):
    """The authorities whose roadmaps may hold a task of a person of ``grants``: each place, the places above
    it and those right below it."""
    seen = {}
    for path in grants:
        node = traverse_path(site, path)
        if level_of(node) is None:
            continue
        for found in node.values():
            if level_of(found) is not None:
                seen.setdefault(id(found), found)
        while node is not None:
            seen.setdefault(id(node), node)
            node = node.__parent__
    return seen.values()


def _all_roadmaps(site):
    query = site.services["catalog"]["type_name"].eq("roadmap")
    docmap = site.services["docmap"]
    for docid in query.execute().all(resolve=False):
        path = docmap.path_for(docid)
        if path is not None:
            yield traverse_path(site, path)


def _normal(path):
    return "/" + path.strip("/")


def _parent(path):
    return path.rsplit("/", 1)[0] or "/"


def _roadmap_paths(site):
    query = site.services["catalog"]["type_name"].eq("roadmap")
    docmap = site.services["docmap"]
    return [path for path in map(docmap.path_for, query.execute().all(resolve=False)) if path is not None]


def _reached_by_paths(site, grants, paths):
    """The roadmaps of ``paths`` whose authority ``grants`` reach (``_places``), told from the paths alone.

    A superset at worst (a grant on a node that is no authority counts):
    each measure found still answers whom it awaits.
    """
    held = {_normal(path) for path in grants}
    # NB: the places held share their parents (4,000 schools, 40 municipalities): climb from those once.
    above, climbing = set(), {_parent(path) for path in held}
    while climbing:
        above |= climbing
        climbing = {_parent(path) for path in climbing if path != "/"} - above
    for path in paths:
        authority = _parent(_parent(path))  # <authority>/roadmaps/<roadmap>
        if authority in held or authority in above or _parent(authority) in held:
            found = traverse_path(site, path)
            if found is not None:
                yield found


def _reached(site, grants):
    """The roadmaps ``grants`` reach: by walking the places held, or, for a person holding more places
    than there are roadmaps (a curator of 4,000 schools), by looking at each roadmap's path."""
    paths = _roadmap_paths(site)
    if not paths:
        return ()
    if len(grants) > len(paths):
        return _reached_by_paths(site, grants, paths)
    return (roadmap for place in _places(site, grants) for roadmap in roadmaps_of(place))


def awaiting_measures(site, grants=None):
    """The measures awaiting a responsible person in the roadmaps ``grants`` (``{path: roles}``) reach; in every
    roadmap when None."""
    roadmaps = _all_roadmaps(site) if grants is None else _reached(site, grants)
    for roadmap in roadmaps:
        for measure_id in roadmap.assigned:
            measure = roadmap.measures.get(measure_id)
            if measure is not None:
                yield measure


def process():
    """The roadmaps' measures as a process of ``oko_processes``."""
    return {"code": PROCESS, "title": "Мероприятия дорожных карт", "type_name": "roadmap_measure",
            "awaited": awaited, "awaiting": awaiting_measures}
