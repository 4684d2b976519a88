"""Roadmaps (дорожные карты): the plans of measures of an authority, as data (DOMAIN.md, process 4; seeds 000–004).

A roadmap belongs to the federation, a region, a municipality or a school
and lives in its child folder ``roadmaps`` (``core.roadmaps.model``). It is
imported from the document people have, a Word table or an Excel sheet,
through the upload inspector: ``read_document`` reads it into a preview
(``core.roadmaps.reading``: the header by its Russian names, rows cut by page
breaks merged back, years carried down, the levels of a table of levels),
and ``apply`` writes it once confirmed, changing nothing when the same file
comes again. Each measure keeps its period as written and as read
(``core.roadmaps.periods``). Who imports is declared once, a step per level
of authority, in ``core.roadmaps.access``.

A regional roadmap is handed down to the municipalities, a municipal one to
the schools (``core.roadmaps.derivation``): every derived measure keeps its
``origin``, a change upstream is offered downstream (accept or ignore),
never applied by itself, and local measures are added. Each occurrence of a
measure is executed (``core.roadmaps.execution``): a person or body
responsible, a status moving forward only, evidence (inspected files, links
by path), a history; the person responsible finds it in «Мои задачи» and
`oko remind` (``core.roadmaps.tasks``). Its measures are drawn on a time axis,
the late ones marked, and exported as XLSX (``core.roadmaps.timeline``).

Execution is counted as it changes (``core.roadmaps.indicators``: tallies
on the municipality, region and federation, like the 500+ indicators) and
monitored (``core.roadmaps.monitoring``): the share done on time by level,
section and authority below, the late measures, stages of monitoring held
on the days the region's schedule gives (``oko_roadmap_monitoring``) with
their справка and the annual report, and every region side by side. A
region names the sections of its roadmaps (``oko_roadmap_sections``) and
statuses of its own (``oko_roadmap_statuses``, ``core.roadmaps.statuses``).
"""
# NB: imported so that it counts every change of execution (``core.roadmaps.model.TRACKERS``).
from core.roadmaps import indicators
from core.roadmaps.access import IMPORT_ROADMAP, import_step, may_import, require_import
from core.roadmaps.importer import (
    ALLOWED,
    Report,
    RoadmapRefused,
    apply,
    declared_sections,
    default_title,
    folder_of,
    import_roadmap,
    level_of,
    read_document,
    roadmaps_of,
)
from core.roadmaps.model import FOLDER_NAME, LEVELS, Measure, Roadmap, RoadmapFolder, Section
from core.roadmaps.periods import Period, parse_period
from core.roadmaps.predicates import RoadmapLevel

__all__ = [
    "ALLOWED", "FOLDER_NAME", "IMPORT_ROADMAP", "LEVELS", "Measure", "Period", "Report", "Roadmap", "RoadmapFolder",
    "RoadmapRefused", "Section", "apply", "declared_sections", "default_title", "folder_of", "import_roadmap",
    "import_step", "indicators", "level_of", "may_import", "parse_period", "read_document", "require_import", "roadmaps_of",
]


def includeme(config):
    """The roadmaps' pages and API (its federal answers are the built-in plugin ``core.roadmaps.defaults``)."""
    config.add_view_predicate("roadmap_level", RoadmapLevel)
    config.scan("core.roadmaps.pages")
    config.scan("core.roadmaps.derived_pages")
    config.scan("core.roadmaps.execution_pages")
    config.scan("core.roadmaps.monitoring_pages")
    config.scan("core.roadmaps.timeline_pages")
    config.scan("core.roadmaps.api")
    config.scan("core.roadmaps.monitoring_api")
