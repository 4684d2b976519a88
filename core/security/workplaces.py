"""Where a person really works, read from the roles they hold, not from what somebody typed.

Rules such as "never an expert of the attestee's municipality" need to know
where an expert works. A person works where they hold a role on a node of
the organisation tree: an operator or a methodologist of a municipality,
the head, officer or a teacher of a school, a school's curator. A role held
on a case object for one job (an expert on the dossier or the answer they
review, an attestee on its own dossier, a reader of one act) says nothing
about the workplace and is left out.
"""
from pyramid.traversal import find_interface

from core.resources import Municipality, Region, School, path_of, traverse_path
from core.security.roles import PSEUDO_ROLES, current_grants

_ORG_NODES = (Region, Municipality, School)


def _places(site, user, kind):
    found = set()
    for path, roles in current_grants(user).items():
        if not set(roles) - set(PSEUDO_ROLES):
            continue
        node = traverse_path(site, path)
        if not isinstance(node, _ORG_NODES):
            continue
        place = find_interface(node, kind)
        if place is not None:
            found.add(path_of(place))
    return found


def municipalities_of(site, user):
    """The paths of the municipalities ``user`` works in (by its roles on them or on their schools)."""
    return _places(site, user, Municipality)


def schools_of(site, user):
    """The paths of the schools ``user`` works in or curates."""
    return _places(site, user, School)


def describe(site, user):
    """Where ``user`` works, as a person reads it: the municipalities' titles, or the region's level."""
    titles = sorted(node.title for node in (traverse_path(site, p) for p in municipalities_of(site, user))
                    if node is not None)
    return ", ".join(titles) or "региональный уровень"


def conflict(site, user, school):
    """Why ``user`` may not judge a person of ``school`` (a Russian phrase), or None.

    Nobody judges a person of their own school, nor of their own municipality.
    """
    municipality = school.__parent__
    if path_of(school) in schools_of(site, user):
        return f"{user.title} работает в «{school.title}» или курирует её"
    if isinstance(municipality, Municipality) and path_of(municipality) in municipalities_of(site, user):
        return f"{user.title} работает в муниципалитете «{municipality.title}»"
    return None
