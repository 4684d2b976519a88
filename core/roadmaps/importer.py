"""Importing a roadmap from the document people have: read it, preview it, then write it.

``read_document`` reads a Word document (.docx) or a table (.xlsx, .csv)
behind the upload inspector and answers a ``Reading`` (``core.roadmaps.reading``):
nothing is written, so the pages, the API and `oko import-roadmap --preview`
show it as it is. ``apply`` writes a reading into a roadmap of the authority
once the person confirms, and only when it has no error:

- the roadmap is the one named, else the one already imported from this very
  file, else the one imported from a document of the same title, else the one
  of the same title, else a new one;
- measures are matched to those already there within their section, level
  and year: by the same number and text, else the same text (renumbered),
  else the same number (reworded), else in order; a matched
  measure keeps its id (and uid), an unmatched one is added, one the file no
  longer has is removed;
- a field is written only when it differs, so importing the same file again
  changes nothing at all (and writes nothing).

Domain code: it takes the authority, the bytes and plain values, never a request.
"""
import datetime
import hashlib
import io
import os
import re
from collections import defaultdict

from core.catalog import reindex
from core.docinspect import Limits
from core.docinspect.tables import sheet_merges, uploaded_table
from core.docinspect.wordtables import word_blocks
from core.refused import Refused
from core.resources import File, Municipality, Region, Root, School, region_code_of
from core.roadmaps.model import FOLDER_NAME, ImportEntry, Roadmap, RoadmapFolder, Section, Source, tracking
from core.roadmaps.reading import Problem, Reading, read_blocks, read_rows

# What a roadmap is imported from.
ALLOWED = ("docx", "xlsx", "csv")
LEVEL_OF = ((Root, "federal"), (Region, "region"), (Municipality, "municipality"), (School, "school"))
TITLE_MAX = 300
_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                  ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t",
                   "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia"]))


class RoadmapRefused(Refused):
    """A roadmap was not imported; the message is Russian, ``details`` the lines naming table and row."""

    STATUSES = {"forbidden": 403, "not_found": 404, "order": 409}
    ERROR = "roadmap_{code}"


def level_of(authority):
    """"federal", "region", "municipality" or "school" for an authority, else None."""
    return next((level for cls, level in LEVEL_OF if isinstance(authority, cls)), None)


def folder_of(authority, create=False):
    """The authority's roadmaps, made on first use when ``create`` is true (else None)."""
    folder = authority.get(FOLDER_NAME)
    if folder is None and create:
        folder = authority.add(FOLDER_NAME, RoadmapFolder())
    return folder


def roadmaps_of(authority):
    """The authority's roadmaps, by title."""
    folder = folder_of(authority)
    return sorted(folder.values(), key=lambda r: r.title) if folder is not None else []


def read_document(data, filename, level=None, limits=Limits()):
    """The ``Reading`` of an uploaded roadmap (bytes): a .docx's tables, or an .xlsx/.csv sheet.

    Never raises for the file's sake: a file the inspector refuses, or one
    that cannot be read, is a Reading with that one error.
    """
    kind = os.path.splitext(filename or "")[1].casefold().lstrip(".")
    try:
        if kind == "docx":
            return read_blocks(word_blocks(data, filename, limits), level)
        if kind in ("xlsx", "csv"):
            rows = uploaded_table(data, filename, limits, allowed=("xlsx", "csv"))
            return read_rows(rows, level, sheet_merges(data, filename, limits) if kind == "xlsx" else ())
        raise RoadmapRefused(f"Файл «{os.path.basename(filename or '')}» не принят: дорожная карта загружается "
                             f"документом Word (.docx) или таблицей Excel (.xlsx, .csv).")
    except Refused as exc:
        return Reading(None, (), (), (), (Problem(None, None, str(exc)),), ())


def default_title(reading, filename):
    """The title a roadmap read from ``filename`` gets unless the person gives one."""
    title = reading.title or os.path.splitext(os.path.basename(filename or ""))[0] or "Дорожная карта"
    return title[:TITLE_MAX]


class Report:
    """What an import did: the roadmap, whether it is new, and how many measures were added, changed,
    removed or left as they were."""

    def __init__(self, roadmap, created):
        self.roadmap, self.created = roadmap, created
        self.added = self.changed = self.removed = self.unchanged = 0

    @property
    def touched(self):
        """Whether anything was written."""
        return bool(self.created or self.added or self.changed or self.removed)

    def summary(self):
        """The import in one Russian sentence."""
        if not self.touched:
            return (f"Дорожная карта «{self.roadmap.title}» уже содержит этот файл: ничего не изменилось "
                    f"({self.unchanged} мероприятий).")
        what = "создана" if self.created else "обновлена"
        return (f"Дорожная карта «{self.roadmap.title}» {what}: новых мероприятий {self.added}, изменено "
                f"{self.changed}, удалено {self.removed}, без изменений {self.unchanged}.")

    def as_json(self):
        """The report for the API."""
        return {"created": self.created, "added": self.added, "changed": self.changed, "removed": self.removed,
                "unchanged": self.unchanged, "summary": self.summary()}


def _name_for(title, folder):
    latin = "".join(_LATIN.get(ch, ch) for ch in title.lower())
    base = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")[:40].strip("-") or "roadmap"
    name, number = base, 1
    while name in folder:
        number += 1
        name = f"{base}-{number}"
    return name


def _target(folder, sha256, document_title, title, into):
    if into is not None:
        found = folder.get(into)
        if not isinstance(found, Roadmap):
            raise RoadmapRefused(f"Дорожной карты «{into}» здесь нет.", "not_found")
        return found
    roadmaps = list(folder.values())
    return (next((r for r in roadmaps if r.source(sha256) is not None), None)
            or next((r for r in roadmaps if document_title and r.document_title == document_title), None)
            or next((r for r in roadmaps if r.title == title), None))


def _norm(title):
    return " ".join(title.lower().replace("ё", "е").split())


def _bare(title):
    return " ".join(re.sub(r"[^\w\s+]", " ", _norm(title or "")).split())


def declared_sections(host, authority):
    """The sections the region of ``authority`` declares for its roadmaps (``oko_roadmap_sections``)."""
    return host.items("oko_roadmap_sections", region_code_of(authority) or "00")


def _declared(declared, title, used):
    """The declared section a document's section of ``title`` is (its title or an alias, or begins so)."""
    bare = _bare(title)
    if not bare:
        return None
    for item in declared:
        if item["code"] in used:
            continue
        for name in [item["title"], *item.get("aliases", ())]:
            known = _bare(name)
            if known and (bare == known or bare.startswith(known + " ")):
                return item
    return None


def _sections(roadmap, reading, declared=()):
    """The stored sections for the reading's, by title: codes kept for titles the roadmap had; a section the
    region declares (``declared``: ``oko_roadmap_sections``) under the region's code."""
    free = list(roadmap.sections)
    used = {s.code for s in roadmap.sections}
    result = []
    for found in reading.sections:
        same = next((s for s in free if _norm(s.title) == _norm(found.title)), None)
        region = _declared(declared, found.title, {s.code for s in result})
        if region is not None and (same is None or same.code != region["code"]):
            if same is not None:
                free.remove(same)
            used.add(region["code"])
            result.append(Section(region["code"], found.title, found.first_year, found.last_year))
            continue
        if same is not None:
            free.remove(same)
            code = same.code
        else:
            number = 1
            while f"s{number}" in used:
                number += 1
            code = f"s{number}"
            used.add(code)
        result.append(Section(code, found.title, found.first_year, found.last_year))
    return tuple(result)


def _values(draft, section):
    return {"number": draft.number, "text": draft.text, "result": draft.result, "indicator": draft.indicator,
            "responsible": draft.responsible, "participants": draft.participants, "notes": draft.notes,
            "level": draft.level, "section": section, "year": draft.year, "period": draft.period}


_MATCHES = (
    lambda m, v: (m.number, m.text) == (v["number"], v["text"]),   # the same measure
    lambda m, v: m.text == v["text"],                               # renumbered
    lambda m, v: v["number"] is not None and m.number == v["number"],  # reworded
)


def _sync(roadmap, drafts, report):
    """Match the drafts to the roadmap's measures within their section, level and year (the same number and
    text; else the same text; else the same number; else in order), then update, add and remove."""
    groups = defaultdict(list)
    for measure in roadmap.ordered():
        groups[(measure.section, measure.level, measure.year)].append(measure)
    wanted = defaultdict(list)
    for position, (draft, values) in enumerate(drafts):
        wanted[(values["section"], values["level"], values["year"])].append((position, draft, values))
    pairs, unmatched = [], []
    for key, items in wanted.items():
        free = groups.pop(key, [])
        for same in _MATCHES:
            rest = []
            for item in items:
                found = next((m for m in free if same(m, item[2])), None)
                if found is not None:
                    free.remove(found)
                    pairs.append((found, item))
                else:
                    rest.append(item)
            items = rest
        for item in items:
            if free:
                pairs.append((free.pop(0), item))
            else:
                unmatched.append(item)
        groups[key] = free
    for measure, (position, draft, values) in pairs:
        if measure.update(position=position, source=(draft.table, draft.row), **values):
            report.changed += 1
        else:
            report.unchanged += 1
    for position, draft, values in sorted(unmatched, key=lambda item: item[0]):
        fields = {k: v for k, v in values.items() if k not in ("section", "level", "text")}
        roadmap.add_measure(values["section"], values["level"], values["text"], position,
                            source=(draft.table, draft.row), **fields)
        report.added += 1
    for left in groups.values():
        for measure in left:
            roadmap.remove_measure(measure)
            report.removed += 1


def apply(authority, reading, actor, data, filename, title=None, into=None, now=None, sections=()):
    """Write ``reading`` (read from ``data``, the file ``filename``) into a roadmap of ``authority``.

    ``title`` is the roadmap's (by default the one the document gives, or
    the file's name); ``into`` the name of a roadmap of the authority to
    update; ``sections`` those the region declares (``declared_sections``). Raises RoadmapRefused, with every error naming its table and row,
    when the reading has errors; nothing is written then. Returns a Report.
    """
    if reading.errors:
        raise RoadmapRefused("Файл не загружен, ничего не изменилось: " + reading.errors[0].line(), "invalid",
                             [p.line() for p in reading.errors])
    level = level_of(authority)
    if level is None:
        raise RoadmapRefused("Дорожная карта загружается в федерацию, регион, муниципалитет или школу.")
    title = " ".join((title or default_title(reading, filename)).split())[:TITLE_MAX]
    now = now or datetime.datetime.now(datetime.timezone.utc)
    sha256 = hashlib.sha256(data).hexdigest()
    folder = folder_of(authority)
    document_title = reading.title or None
    roadmap = _target(folder, sha256, document_title, title, into) if folder is not None else None
    created = roadmap is None
    if created:
        folder = folder or folder_of(authority, create=True)
        roadmap = Roadmap(title, level, actor, now)
        folder.add(_name_for(title, folder), roadmap)
    elif into is not None and title and roadmap.title != title:
        roadmap.title = title
        reindex(roadmap)
    if roadmap.document_title != document_title:
        roadmap.document_title = document_title
    report = Report(roadmap, created)
    sections = _sections(roadmap, reading, sections)
    codes = [s.code for s in sections]
    drafts = [(d, _values(d, codes[d.section])) for d in reading.measures]
    with tracking(roadmap):
        _sync(roadmap, drafts, report)
        if roadmap.sections != sections:
            roadmap.sections = sections
    if report.touched:
        if roadmap.source(sha256) is None:
            kept = File(io.BytesIO(data), os.path.basename(filename or "roadmap"))
            roadmap.sources = roadmap.sources + (Source(sha256, kept.filename, len(data), now, actor, kept),)
        roadmap.imports = roadmap.imports + (ImportEntry(now, actor, os.path.basename(filename or ""), sha256,
                                                         report.added, report.changed, report.removed),)
        roadmap.modified = now
    return report


def import_roadmap(authority, data, filename, actor, title=None, into=None, limits=Limits(), now=None, sections=()):
    """Read and write a roadmap file in one step (the API without preview, the command line).

    Raises RoadmapRefused (nothing written) when the file has errors.
    """
    reading = read_document(data, filename, level_of(authority), limits)
    return reading, apply(authority, reading, actor, data, filename, title, into, now, sections)


__all__ = ["ALLOWED", "Report", "RoadmapRefused", "apply", "declared_sections", "default_title", "folder_of",
           "import_roadmap",
           "level_of", "read_document", "roadmaps_of"]
