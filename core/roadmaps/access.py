"""Who may import a roadmap, declared once (``core.security.steps``): the authority's own operator, coordinator
or head.

A roadmap of the federation is imported by the federal operator, a region's
by its regional operator, a municipality's by its municipal coordinator, a
school's by its head: one step per level of authority. The pages and the API
declare ``permission=import_step(authority).permission`` (``IMPORT_ROADMAP`` by
level); the domain calls ``require_import``. A role held higher up does not
reach down: the regional operator does not import a municipality's roadmap
(its coordinator does).
"""
from core.roadmaps.importer import RoadmapRefused, level_of
from core.security.steps import Step


def _step(level, role, message):
    return Step(f"roadmaps.import_{level}", (role,), refusal=RoadmapRefused, message=message)


# The step «import a roadmap», by the level of the authority.
IMPORT_ROADMAP = {
    "federal": _step("federal", "federal_operator", "Федеральную дорожную карту загружает федеральный оператор."),
    "region": _step("region", "regional_operator", "Дорожную карту региона загружает региональный оператор."),
    "municipality": _step("municipality", "municipal_coordinator",
                          "Дорожную карту муниципалитета загружает муниципальный координатор."),
    "school": _step("school", "school_head", "Дорожную карту школы загружает её руководитель."),
}


def import_step(authority):
    """The step of importing a roadmap of ``authority`` (None where roadmaps are not kept)."""
    return IMPORT_ROADMAP.get(level_of(authority))


def may_import(authority, actor):
    """Whether ``actor`` may import a roadmap of ``authority``."""
    step = import_step(authority)
    return step is not None and step.allows(authority, actor)


def require_import(authority, actor):
    """Refuse (RoadmapRefused, ``forbidden``, the step's message) unless ``actor`` may import here."""
    step = import_step(authority)
    if step is None:
        raise RoadmapRefused("Здесь дорожные карты не загружаются.", "forbidden")
    step.require(authority, actor)
