"""The tables of an uploaded Word document (.docx), with the paragraphs between them, in document order.

``word_blocks`` reads what a person uploads: the upload inspector passes the
file first (size, ZIP bombs, DOCTYPEs, macros), then ``word/document.xml`` is
read again with the same guarded streaming parser, never with python-docx.
A table keeps what a reader of its rows needs and python-docx's ``cells``
would hide: where each cell sits on the table's grid (``column``), how many
grid columns it spans (``gridSpan``), and whether it continues the cell
above it (a vertical merge, ``vMerge``), whose text Word stores only once.
A table inside a cell is read as that cell's paragraphs.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.docinspect import Limits, inspect_upload
from core.docinspect._ooxml import _W, _WordStyles
from core.docinspect._zip import Budget, guarded_xml, inflate, locate, parse_xml, read_directory
from core.docinspect.tables import TableRefused

# Rows of all the tables of one document: a roadmap of a region has a few hundred.
MAX_ROWS = 20000
_MAIN = "word/document.xml"
_STYLES = "word/styles.xml"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TAGS = {f"{{{namespace}}}{local}": local for namespace in _W
         for local in ("tbl", "tr", "tc", "p", "r", "t", "tab", "br", "cr", "noBreakHyphen", "gridSpan", "vMerge",
                       "gridBefore", "pStyle", "outlineLvl", "pPr", "tcPr", "trPr", "rPr", "b")}


@dataclass(frozen=True)
class Paragraph:
    """A paragraph outside the tables; ``heading`` when its style (or outline level) makes it one, ``bold``
    when all its text is bold (a title set by hand)."""

    text: str
    heading: bool = False
    bold: bool = False


@dataclass(frozen=True)
class Cell:
    """A cell: its text (paragraphs joined by newlines), its first grid column, its span, and whether it is
    the continuation of a vertically merged cell (``merged``: its text is the one of the cell above)."""

    text: str
    column: int
    span: int = 1
    merged: bool = False


@dataclass(frozen=True)
class Row:
    """A row of a table: its number in the table (from 1) and its cells, left to right."""

    number: int
    cells: tuple

    def texts(self, width, spread=True):
        """The text of each of ``width`` grid columns: a spanning cell fills every column it spans, or
        (``spread`` false) only its first."""
        found = [""] * width
        for cell in self.cells:
            last = cell.column + cell.span if spread else cell.column + 1
            for column in range(cell.column, min(last, width)):
                found[column] = cell.text
        return found


@dataclass(frozen=True)
class Table:
    """A table of the document: its number in the document (from 1) and its rows."""

    number: int
    rows: tuple

    @property
    def width(self):
        """How many grid columns its widest row fills."""
        return max((c.column + c.span for row in self.rows for c in row.cells), default=0)


class _OpenTable:
    def __init__(self):
        self.rows = []
        self.cells = None
        self.cell = None
        self.grid_before = 0


class _Body:
    """word/document.xml: top-level paragraphs and tables, in order."""

    def __init__(self, heading_ids, name):
        self.heading_ids = heading_ids
        self.name = name
        self.blocks = []
        self.tables = []        # open tables, innermost last
        self.paragraphs = []    # open paragraphs: [pieces, style, outline, runs with text, bold ones]
        self.run = None         # the open run: [has text, bold]
        self.fallback = 0
        self.rows = 0

    def _value(self, element):
        return element.get(f"{{{element.tag.rpartition('}')[0][1:]}}}val")

    def __call__(self, event, element):
        local = _TAGS.get(element.tag)
        if local is None:
            if element.tag == _MC_FALLBACK:
                self.fallback += 1 if event == "start" else -1
            return
        if self.fallback:
            return
        handler = getattr(self, f"_{event}_{local}", None)
        if handler is not None:
            handler(element)

    # tables, rows, cells
    def _start_tbl(self, element):
        self.tables.append(_OpenTable())

    def _end_tbl(self, element):
        table = self.tables.pop()
        if self.tables and self.tables[-1].cell is not None:
            # NB: a table in a cell is that cell's text, a line per row.
            outer = self.tables[-1].cell["paragraphs"]
            for cells in table.rows:
                outer.append(" ".join(c["text"] for c in cells if c["text"]))
            return
        rows = []
        for number, cells in enumerate(table.rows, start=1):
            rows.append(Row(number, tuple(Cell(c["text"], c["column"], c["span"], c["merged"]) for c in cells)))
        self.blocks.append(Table(sum(isinstance(b, Table) for b in self.blocks) + 1, tuple(rows)))

    def _start_tr(self, element):
        if self.tables:
            self.tables[-1].cells, self.tables[-1].grid_before = [], 0

    def _end_gridBefore(self, element):
        if self.tables and self._in("trPr", element):
            value = self._value(element)
            self.tables[-1].grid_before = int(value) if value and value.isdigit() else 0

    def _end_tr(self, element):
        if not self.tables or self.tables[-1].cells is None:
            return
        table = self.tables[-1]
        column = min(table.grid_before, 64)
        for cell in table.cells:
            cell["column"] = column
            column += cell["span"]
        table.rows.append(table.cells)
        table.cells = None
        self.rows += 1
        if self.rows > MAX_ROWS:
            raise TableRefused(f"В документе «{self.name}» больше {MAX_ROWS} строк таблиц: так много не загружается.")

    def _start_tc(self, element):
        if self.tables:
            self.tables[-1].cell = {"paragraphs": [], "span": 1, "merged": False, "text": "", "column": 0}

    def _end_gridSpan(self, element):
        if self.tables and self.tables[-1].cell is not None and self._in("tcPr", element):
            value = self._value(element)
            self.tables[-1].cell["span"] = max(1, min(int(value), 64)) if value and value.isdigit() else 1

    def _end_vMerge(self, element):
        if self.tables and self.tables[-1].cell is not None and self._in("tcPr", element):
            # NB: <w:vMerge/> without a value continues the cell above; "restart" begins a merged cell.
            self.tables[-1].cell["merged"] = (self._value(element) or "continue") == "continue"

    def _end_tc(self, element):
        if not self.tables or self.tables[-1].cell is None:
            return
        table = self.tables[-1]
        cell = table.cell
        cell["text"] = "\n".join(line for line in cell.pop("paragraphs") if line)
        if table.cells is not None:
            table.cells.append(cell)
        table.cell = None

    # paragraphs and their text
    def _start_p(self, element):
        self.paragraphs.append([[], None, None, 0, 0])

    def _end_p(self, element):
        if not self.paragraphs:
            return
        pieces, style, outline, runs, bold = self.paragraphs.pop()
        text = "\n".join(" ".join(line.split()) for line in "".join(pieces).split("\n")).strip()
        if self.paragraphs:
            # NB: a text box's paragraphs belong to the paragraph that holds it.
            self.paragraphs[-1][0].append(" " + text)
        elif self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell["paragraphs"].append(text)
        elif not self.tables and text:
            heading = style in self.heading_ids or (outline is not None and outline < 9)
            self.blocks.append(Paragraph(text, heading, bool(runs) and bold == runs))

    def _add(self, piece):
        if self.paragraphs:
            self.paragraphs[-1][0].append(piece)

    def _start_r(self, element):
        self.run = [False, False]

    def _end_b(self, element):
        if self.run is not None and self._in("rPr", element):
            self.run[1] = (self._value(element) or "true") not in ("0", "false", "off")

    def _end_r(self, element):
        if self.run is not None and self.run[0] and self.paragraphs:
            self.paragraphs[-1][3] += 1
            self.paragraphs[-1][4] += self.run[1]
        self.run = None

    def _end_t(self, element):
        self._add(element.text or "")
        if self.run is not None and (element.text or "").strip():
            self.run[0] = True

    def _end_noBreakHyphen(self, element):
        self._add("-")

    def _end_tab(self, element):
        if self._in("r", element):
            self._add(" ")

    def _end_br(self, element):
        if self._in("r", element):
            self._add("\n")

    _end_cr = _end_br

    def _end_pStyle(self, element):
        if self.paragraphs and self._in("pPr", element):
            self.paragraphs[-1][1] = self._value(element)

    def _end_outlineLvl(self, element):
        value = self._value(element)
        if self.paragraphs and self._in("pPr", element) and value and value.isdigit():
            self.paragraphs[-1][2] = int(value)

    @staticmethod
    def _in(local, element):
        parent = element.getparent()
        return parent is not None and _TAGS.get(parent.tag) == local


def word_blocks(upload, filename, limits=Limits()):
    """``[Paragraph | Table]`` of an uploaded .docx (a stream or bytes), in document order, inspected first.

    Refuses (``InspectionRefused``) what the upload inspector refuses, and
    (``TableRefused``) a document with more than ``MAX_ROWS`` table rows.
    """
    data = limits.read(upload) if hasattr(upload, "read") else upload
    inspected = inspect_upload(data, filename, allowed=("docx",), limits=limits)
    name = inspected.filename
    entries = read_directory(data, name, limits)
    locate(data, entries, name)
    by_name = {entry.name.casefold(): entry for entry in entries}
    budget = Budget(name, limits)
    styles = _WordStyles()
    if _STYLES in by_name:
        parse_xml(guarded_xml(inflate(data, by_name[_STYLES], budget), _STYLES, name), styles, _STYLES, name)
    body = _Body(styles.heading_ids(), name)
    parse_xml(guarded_xml(inflate(data, by_name[_MAIN], budget), _MAIN, name), body, _MAIN, name)
    return body.blocks
