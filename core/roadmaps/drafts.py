"""What reading a roadmap's document gives (``core.roadmaps.reading``): its measures as drafts, its sections,
the layouts of its tables, and the problems and merges the preview shows.

Nothing here reads or stores anything; these are the values the reader hands
to the preview, the importer, the API and `oko import-roadmap --json`.
"""
from typing import NamedTuple

from core.roadmaps import columns as cols
from core.roadmaps.periods import UNPARSED

ERROR, WARNING = "error", "warning"


class Problem(NamedTuple):
    """Something the preview must say: ``severity`` ERROR (the file is refused) or WARNING."""

    table: int | None
    row: int | None
    message: str
    severity: str = ERROR

    def line(self):
        """The problem as one Russian line naming the table and the row."""
        where = ", ".join(filter(None, (f"таблица {self.table}" if self.table else "",
                                        f"строка {self.row}" if self.row else "")))
        return f"{where.capitalize()}: {self.message}" if where else self.message

    def as_json(self):
        """The problem for the API and `oko import-roadmap --json`."""
        return {"table": self.table, "row": self.row, "severity": self.severity, "message": self.message}


class Merge(NamedTuple):
    """A row merged back into the row it continues (``kind`` "continuation"), or a cell merged
    vertically whose text was given to the rows it spans ("cell")."""

    kind: str
    table: int
    row: int
    into_table: int
    into_row: int
    column: str
    text: str

    def line(self):
        """The merge as one Russian line."""
        if self.kind == "continuation":
            return (f"Таблица {self.table}, строка {self.row}: продолжение строки {self.into_row}"
                    f"{f' таблицы {self.into_table}' if self.into_table != self.table else ''} "
                    f"после разрыва страницы, присоединено к ней (столбец «{self.column}»: «{snippet(self.text)}»)")
        return (f"Таблица {self.table}, строка {self.row}: ячейка «{self.column}» объединена со строкой "
                f"{self.into_row}, взят её текст «{snippet(self.text)}»")

    def as_json(self):
        """The merge for the API and `oko import-roadmap --json`."""
        return {"kind": self.kind, "table": self.table, "row": self.row, "into_table": self.into_table,
                "into_row": self.into_row, "column": self.column, "text": self.text}


class Column(NamedTuple):
    """A column of a table as understood: its header text, the field it is read into (None: not read)."""

    position: int
    header: str
    field: str | None

    @property
    def understood(self):
        """The field's Russian name, or «не используется»."""
        return cols.title_of(self.field)


class Layout(NamedTuple):
    """The header of a group of tables: where it is, its columns, and whether its dates recur yearly."""

    table: int
    row: int
    columns: tuple
    yearly: bool

    def position(self, field):
        """The grid column of ``field``, or None."""
        return next((c.position for c in self.columns if c.field == field), None)

    @property
    def levels(self):
        """``(position, level)`` of the level columns, left to right."""
        return [(c.position, cols.level_of(c.field)) for c in self.columns if cols.level_of(c.field)]

    @property
    def width(self):
        """Grid columns of the header."""
        return max((c.position for c in self.columns), default=-1) + 1

    @property
    def headers(self):
        """The normalised header texts, to know the header when it comes again."""
        return tuple(cols.normalise(c.header) for c in self.columns)


class Section(NamedTuple):
    """A stage or system of the roadmap: its title and the years its title gives."""

    title: str
    first_year: int | None = None
    last_year: int | None = None


class Draft(NamedTuple):
    """A measure as read from the document, before it is stored (fields a table lacks are None)."""

    section: int
    level: str | None
    text: str
    number: str | None = None
    year: int | None = None
    period: object = None
    result: str | None = None
    indicator: str | None = None
    responsible: str | None = None
    participants: str | None = None
    notes: str | None = None
    table: int = 0
    row: int = 0


class Reading(NamedTuple):
    """What was read: the title found, sections, the layouts of the tables, measures, problems and merges."""

    title: str | None
    sections: tuple
    layouts: tuple
    measures: tuple
    problems: tuple
    merges: tuple

    @property
    def errors(self):
        """The problems that refuse the file."""
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self):
        """The problems that do not."""
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def unparsed(self):
        """The measures whose period was not read."""
        return [m for m in self.measures if m.period is not None and m.period.kind == UNPARSED]


def snippet(text, size=60):
    """``text`` on one line, cut to ``size`` characters with «…»: what a preview line quotes of a cell."""
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size - 1] + "…"
