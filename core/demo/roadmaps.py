"""The demo's roadmaps: the five seeds imported where they belong, handed down, and executed in every status.

The federation holds 000's (the target model of monitoring), region 66
002's (its system of quality assessment, eight systems by year and level),
handed down to its municipalities, region 24 001's, Yekaterinburg 004's
(the 500+ project's municipal roadmap) and the first demo school 003's (the
attestation's cyclogram). Each is imported from the Word document people
upload (``core.demo.roadmap_seeds``, shipped with the package) through the
importer a person's upload goes through, then executed by its own people:
one occurrence done with its evidence (a link to a document already in
OKO Case), one under way, one not done and one moved, each with its reason,
one only planned with a person named, so every status shows at every level.
"""
import datetime
from typing import NamedTuple

from core import roadmaps
from core.demo.roadmap_seeds import seed_docx, seed_filename
from core.resources import path_of
from core.roadmaps import derivation, execution

# The statuses every demo roadmap shows, in the order its chosen measures get them.
SHOWN = ("done", "in_progress", "not_done", "moved", "planned")


class Placed(NamedTuple):
    """A demo roadmap: the seed, where, who imports and executes it, the title it gets."""

    seed: int
    actor: str
    title: str


def _pick(roadmap, count):
    """``count`` measures spread over the roadmap (one from each part of it), each with a first occurrence."""
    measures = roadmap.ordered()
    step = max(len(measures) // count, 1)
    return [measures[min(n * step + step // 2, len(measures) - 1)] for n in range(count)]


def execute(roadmap, actor, evidence_path, today=None):
    """Take ``SHOWN`` measures of ``roadmap`` through each status, as ``actor``; returns ``{status: measure}``."""
    today = today or datetime.date.today()
    shown = {}
    for status, measure in zip(SHOWN, _pick(roadmap, len(SHOWN))):
        key = execution.occurrences(measure)[0][0]
        execution.assign(measure, key, actor, responsible=actor)
        if status == "done":
            execution.add_evidence(measure, key, actor, execution.Evidence(
                "link", "Документ, подтверждающий исполнение", path=evidence_path))
            execution.set_status(measure, key, actor, "done")
        elif status == "in_progress":
            execution.set_status(measure, key, actor, "in_progress")
        elif status == "not_done":
            execution.set_status(measure, key, actor, "not_done",
                                 reason="Мероприятие не проведено: не сформирована рабочая группа.")
        elif status == "moved":
            execution.set_status(measure, key, actor, "moved", reason="Перенос по решению рабочей группы.",
                                 moved_to=today + datetime.timedelta(days=45))
        shown[status] = measure
    return shown


def _import(authority, placed):
    reading, report = roadmaps.import_roadmap(authority, seed_docx(placed.seed), seed_filename(placed.seed),
                                              placed.actor, title=placed.title)
    return report.roadmap


def build(site, first_school):
    """The five seeds' roadmaps in the demo ``site``, executed; returns ``{path: roadmap}``."""
    ekb = first_school.__parent__
    evidence = {"": "/", "66": path_of(site["66"]), "24": path_of(site["24"])}
    acts = ekb.get("acts")
    ekb_evidence = path_of(next(iter(acts.values()))) if acts is not None and len(acts) else path_of(ekb)
    school_doc = first_school.get("doc-1")
    places = [(site, Placed(0, "federal", "Дорожная карта целевой модели мониторинга качества образования"),
               evidence[""]),
              (site["66"], Placed(2, "region66", "Дорожная карта РСОКО Свердловской области"), evidence["66"]),
              (site["24"], Placed(1, "region24", "Проект Красноярского края"), evidence["24"]),
              (ekb, Placed(4, "coordinator", "Муниципальная дорожная карта проекта «500+»"), ekb_evidence),
              (first_school, Placed(3, "head", "Циклограмма аттестации"),
               path_of(school_doc) if school_doc is not None else path_of(first_school))]
    made = {}
    for authority, placed, evidence_path in places:
        roadmap = _import(authority, placed)
        execute(roadmap, placed.actor, evidence_path)
        made[path_of(roadmap)] = roadmap
    regional = next(r for r in made.values() if r.authority is site["66"])
    derivation.derive(regional, "region66")
    return made
