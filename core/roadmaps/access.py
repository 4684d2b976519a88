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


# The step «hand the roadmap down» («Передать в муниципалитеты» / «Передать в школы»), by the roadmap's level.
DERIVE_ROADMAP = {
    "region": Step("roadmaps.derive_region", ("regional_operator",), refusal=RoadmapRefused,
                   message="Дорожную карту региона передаёт в муниципалитеты региональный оператор."),
    "municipality": Step("roadmaps.derive_municipality", ("municipal_coordinator",), refusal=RoadmapRefused,
                         message="Дорожную карту муниципалитета передаёт в школы муниципальный координатор."),
}
# The step «keep a derived roadmap»: accept or ignore a change upstream, add a local measure.
KEEP_ROADMAP = {
    "municipality": Step("roadmaps.keep_municipality", ("municipal_coordinator",), refusal=RoadmapRefused,
                         message="Дорожную карту муниципалитета ведёт муниципальный координатор."),
    "school": Step("roadmaps.keep_school", ("school_head",), refusal=RoadmapRefused,
                   message="Дорожную карту школы ведёт её руководитель."),
}


def _require(steps, roadmap, actor, absent):
    step = steps.get(roadmap.level)
    if step is None:
        raise RoadmapRefused(absent, "forbidden")
    step.require(roadmap, actor)


def may_derive(roadmap, actor):
    """Whether ``actor`` may hand ``roadmap`` down a level."""
    step = DERIVE_ROADMAP.get(roadmap.level)
    return step is not None and step.allows(roadmap, actor)


def require_derive(roadmap, actor):
    """Refuse (RoadmapRefused, ``forbidden``) unless ``actor`` may hand ``roadmap`` down."""
    _require(DERIVE_ROADMAP, roadmap, actor, "Эта дорожная карта не передаётся ниже.")


def may_keep(roadmap, actor):
    """Whether ``actor`` may accept changes upstream and add local measures in ``roadmap``."""
    step = KEEP_ROADMAP.get(roadmap.level)
    return step is not None and step.allows(roadmap, actor)


def require_keep(roadmap, actor):
    """Refuse (RoadmapRefused, ``forbidden``) unless ``actor`` keeps ``roadmap``."""
    _require(KEEP_ROADMAP, roadmap, actor, "Эту дорожную карту здесь не ведут.")


# The step «report a measure's execution», by the roadmap's level; the person made responsible for an
# occurrence reports it too (``may_report``).
REPORT_EXECUTION = {
    "federal": Step("roadmaps.report_federal", ("federal_operator",), refusal=RoadmapRefused,
                    message="Исполнение федеральной дорожной карты отмечает федеральный оператор."),
    "region": Step("roadmaps.report_region", ("regional_operator",), refusal=RoadmapRefused,
                   message="Исполнение дорожной карты региона отмечает региональный оператор или ответственный."),
    "municipality": Step("roadmaps.report_municipality", ("municipal_coordinator",), refusal=RoadmapRefused,
                         message="Исполнение дорожной карты муниципалитета отмечает муниципальный координатор "
                                 "или ответственный."),
    "school": Step("roadmaps.report_school", ("school_head",), refusal=RoadmapRefused,
                   message="Исполнение дорожной карты школы отмечает её руководитель или ответственный."),
}


def may_assign(roadmap, actor):
    """Whether ``actor`` names who is responsible for the measures of ``roadmap``."""
    step = REPORT_EXECUTION.get(roadmap.level)
    return step is not None and step.allows(roadmap, actor)


def require_assign(roadmap, actor):
    """Refuse unless ``actor`` names who is responsible in ``roadmap``."""
    _require(REPORT_EXECUTION, roadmap, actor, "Исполнение этой дорожной карты здесь не отмечают.")


def may_report(roadmap, occurrence, actor):
    """Whether ``actor`` reports the execution of ``occurrence``: the step's roles, or its responsible person."""
    return (occurrence is not None and actor is not None and occurrence.responsible == actor) \
        or may_assign(roadmap, actor)


def require_report(roadmap, occurrence, actor):
    """Refuse unless ``actor`` may report ``occurrence``."""
    if not may_report(roadmap, occurrence, actor):
        require_assign(roadmap, actor)
