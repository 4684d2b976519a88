"""Who may import a roadmap, declared once: the authority's own operator, coordinator or head.

The pages, the API and the domain read this one declaration: a roadmap of
the federation is imported by the federal operator, a region's by its
regional operator, a municipality's by its municipal coordinator, a school's
by its head. A role held higher up does not reach down: the regional
operator does not import a municipality's roadmap (its coordinator does).
"""
from core.roadmaps.importer import RoadmapRefused, level_of
from core.security.roles import effective_roles

# The step «import a roadmap»: the roles that take it, by the level of the authority.
IMPORT_ROADMAP = {
    "federal": ("federal_operator",),
    "region": ("regional_operator",),
    "municipality": ("municipal_coordinator",),
    "school": ("school_head",),
}
REFUSED = {
    "federal": "Федеральную дорожную карту загружает федеральный оператор.",
    "region": "Дорожную карту региона загружает региональный оператор.",
    "municipality": "Дорожную карту муниципалитета загружает муниципальный координатор.",
    "school": "Дорожную карту школы загружает её руководитель.",
}


def may_import(authority, actor):
    """Whether ``actor`` may import a roadmap of ``authority`` (a role of ``IMPORT_ROADMAP`` held on it)."""
    roles = IMPORT_ROADMAP.get(level_of(authority), ())
    return bool(set(roles) & effective_roles(authority, actor))


def require_import(authority, actor):
    """Refuse (RoadmapRefused, ``forbidden``) unless ``actor`` may import a roadmap of ``authority``."""
    if not may_import(authority, actor):
        raise RoadmapRefused(REFUSED.get(level_of(authority), "Здесь дорожные карты не загружаются."), "forbidden")
