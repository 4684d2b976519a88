"""Roadmaps as stored: an authority's roadmaps, their sections and their measures.

An authority (the federation, a region, a municipality or a school) keeps its
roadmaps in its child folder ``roadmaps`` (``RoadmapFolder``, out of the
catalog like a register of acts, so the tree's listings show only the tree);
a roadmap's path names its authority (``/66/roadmaps/rsoko``). A
``Roadmap`` holds its sections (stages, systems) and its measures in a
BTree of its own, keyed by the measure's number within the roadmap: each
``Measure`` is a record of its own, so a roadmap of hundreds of measures is
no one large record, and a change to one measure (its execution, later)
writes that measure alone. A measure's ``uid`` (the roadmap's uid and its
id) never changes: a measure derived from it, an act approving the roadmap,
its execution will point at it.

A stored measure keeps only the fields it has (a class default stands for
the empty ones): 40,000 schools of twenty measures each stay small.
"""
import contextlib
import datetime
import secrets
from typing import NamedTuple

from BTrees.IOBTree import IOBTree
from persistent import Persistent

from core.resources import Folder

FOLDER_NAME = "roadmaps"
LEVELS = {"federal": "Федеральный уровень", "region": "Региональный уровень",
          "municipality": "Муниципальный уровень", "school": "Уровень ОО"}
# The fields of a measure the import compares and writes (``Measure.values``).
FIELDS = ("number", "text", "result", "indicator", "responsible", "participants", "notes", "level", "section",
          "year", "period")


# Who keeps figures of execution around a change of a measure or a roadmap: each a function of the changed
# object giving a context manager (``core.roadmaps.indicators`` registers itself; the model imports no figures).
TRACKERS = []


@contextlib.contextmanager
def tracking(obj):
    """Around a change of ``obj`` (a ``Measure`` or a ``Roadmap``): every tracker sees it before and after."""
    with contextlib.ExitStack() as stack:
        for tracker in TRACKERS:
            stack.enter_context(tracker(obj))
        yield obj


class Section(NamedTuple):
    """A stage or system of a roadmap: its code (stable across imports), title and the years its title gives."""

    code: str
    title: str
    first_year: int | None = None
    last_year: int | None = None


class Source(NamedTuple):
    """A file a roadmap was imported from: its checksum, name, size, when, by whom, and the file kept."""

    sha256: str
    filename: str
    size: int
    imported: datetime.datetime
    actor: str
    file: object = None


class ImportEntry(NamedTuple):
    """One import that changed the roadmap: when, by whom, from which file, and what changed."""

    when: datetime.datetime
    actor: str
    filename: str
    sha256: str
    added: int
    changed: int
    removed: int


class RoadmapFolder(Folder):
    """The roadmaps of one authority."""

    type_name = "roadmaps"
    type_title = "Дорожные карты"
    # NB: its roadmaps are catalogued, the folder itself is not: a region's listing shows only its municipalities.
    catalogued = False

    def __init__(self):
        super().__init__("Дорожные карты")

    @property
    def authority(self):
        """The federation, region, municipality or school whose roadmaps these are."""
        return self.__parent__


class Measure(Persistent):
    """A measure of a roadmap: what is done, when (``period``: ``core.roadmaps.periods.Period``, as written
    and as read; None where the table has no column of dates), by whom, with what result.

    ``level`` is the level that carries it out ("federal", "region",
    "municipality", "school"); ``section`` the code of its section;
    ``year`` the year a table of years puts it in; ``position`` its place
    in the document; ``source`` the table and row it was read from.
    """

    # NB: class defaults: a stored measure keeps only the fields it has.
    number = None
    result = None
    indicator = None
    responsible = None
    participants = None
    notes = None
    year = None
    period = None
    source = None
    origin = None
    # Its occurrences' execution, by deadline (``core.roadmaps.execution``), made on first use.
    executions = None

    def __init__(self, id, section, level, text, position, **fields):
        self.id = id
        self.section = section
        self.level = level
        self.text = text
        self.position = position
        self.__parent__ = None
        for name, value in fields.items():
            if value is not None:
                setattr(self, name, value)

    type_name = "roadmap_measure"

    @property
    def __name__(self):
        """Its name under its roadmap (``m<id>``)."""
        return f"m{self.id}"

    @property
    def title(self):
        """Its number and text, as a task names it."""
        text = self.text if len(self.text) <= 120 else self.text[:119] + "…"
        return f"№ {self.number}. {text}" if self.number else text

    @property
    def uid(self):
        """The stable id of the measure across the site: its roadmap's uid and its own."""
        return f"{self.__parent__.uid}-{self.id}"

    @property
    def level_title(self):
        """The level in Russian."""
        return LEVELS.get(self.level, "")

    def values(self):
        """The fields the import compares, by name."""
        return {name: getattr(self, name) for name in FIELDS}

    def update(self, position=None, source=None, **values):
        """Take the ``values`` that differ (and the place in the document); whether any field of ``FIELDS``
        changed. Nothing is written when nothing differs."""
        changed = False
        for name, value in values.items():
            if getattr(self, name) != value:
                setattr(self, name, value)
                changed = True
        if position is not None and self.position != position:
            self.position = position
        if source is not None and self.source != source:
            self.source = source
        return changed


class Roadmap(Persistent):
    """A roadmap of an authority: sections, measures, the files it was imported from and its imports.

    ``level`` is the authority's level; ``uid`` names the roadmap across the
    site for the measures that will point at its measures;
    ``document_title`` is the title its document gives (a file saved again
    is known by it, whatever title the roadmap was given).
    """

    document_title = None
    # NB: class defaults: a roadmap imported, not derived, stores neither (``core.roadmaps.derivation``).
    derived_from = None
    ignored = ()
    # Whether a measure is marked done only with evidence (``core.roadmaps.execution``).
    evidence_required = True
    # The ids of its measures with an unfinished occurrence a person is responsible for (their tasks).
    assigned = ()

    type_name = "roadmap"
    type_title = "Дорожная карта"

    def __init__(self, title, level, creator, now=None):
        self.title = title
        self.level = level
        self.uid = secrets.token_hex(6)
        self.sections = ()
        self.measures = IOBTree()
        self.last_id = 0
        self.sources = ()
        self.imports = ()
        self.creator = creator
        self.created = self.modified = now or datetime.datetime.now(datetime.timezone.utc)
        self.__name__ = None
        self.__parent__ = None

    @property
    def authority(self):
        """The federation, region, municipality or school whose roadmap this is."""
        return self.__parent__.__parent__ if self.__parent__ is not None else None

    def __len__(self):
        return len(self.measures)

    def __getitem__(self, name):
        # NB: a measure is reached as ``m<id>`` (the tasks link to it); any other name is a view's.
        if isinstance(name, str) and name[:1] == "m" and name[1:].isdigit() and int(name[1:]) in self.measures:
            return self.measures[int(name[1:])]
        raise KeyError(name)

    def __bool__(self):
        return True

    def section(self, code):
        """The section ``code``, or None."""
        return next((s for s in self.sections if s.code == code), None)

    def add_measure(self, section, level, text, position, **fields):
        """A new measure with the next id of the roadmap."""
        self.last_id += 1
        measure = Measure(self.last_id, section, level, text, position, **fields)
        measure.__parent__ = self
        self.measures[measure.id] = measure
        return measure

    def remove_measure(self, measure):
        """Take ``measure`` out of the roadmap (its id is never given again)."""
        del self.measures[measure.id]

    def ordered(self):
        """The measures in the order of the document: by section, then by place."""
        order = {s.code: index for index, s in enumerate(self.sections)}
        return sorted(self.measures.values(), key=lambda m: (order.get(m.section, len(order)), m.position))

    def by_section(self, level=None, year=None):
        """``[(section, [measures])]`` in order, of ``level`` and ``year`` only when given; empty sections left out."""
        groups = {s.code: [] for s in self.sections}
        for measure in self.ordered():
            if (level is None or measure.level == level) and (year is None or measure.year == year):
                groups.setdefault(measure.section, []).append(measure)
        return [(self.section(code) or Section(code, ""), found) for code, found in groups.items() if found]

    def source(self, sha256):
        """The imported file of checksum ``sha256``, or None."""
        return next((s for s in self.sources if s.sha256 == sha256), None)

    def levels(self):
        """The levels of its measures, in the order of ``LEVELS``."""
        found = {m.level for m in self.measures.values()}
        return [level for level in LEVELS if level in found]

    def years(self):
        """The years its measures are put in, in order."""
        return sorted({m.year for m in self.measures.values() if m.year is not None})
