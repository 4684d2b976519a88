"""The five seed roadmaps rebuilt as the Word documents people really upload (the demo's roadmaps and the
roadmap tests' fixtures).

``core/demo/seeds/`` holds the text extracted from the real documents (a copy of
the project's seeds): tab-separated rows, a blank line where a page ended, the
header row again at the top of the next page, a row cut by the page break
continued on the next one. ``seed_docx(n)`` turns seed ``n`` back into a .docx
of that shape, the way a roadmap converted from PDF or typed over several
pages comes:

- every page of a table is a table of its own after a page break (000, 001,
  003, 004), or one table per section with the header rows repeated inside it
  (002, where the year column is merged down over the rows of its year);
- a row cut by a page break is two rows, the second with an empty first cell;
- cells of equal text in adjacent rows are merged vertically (000's
  deadlines, responsible bodies and notes, 001's responsible, 004's dates,
  003's measure «Планирование» over its two goals), so only the top one holds
  the text;
- paragraphs inside a cell (002's «<p>») are paragraphs, italics (000's
  «<i>») italic runs; stage and system titles are paragraphs between tables
  (000's in a heading style, 002's only bold).

004's seed text lost its page breaks in the extraction; it gets two, with the
header repeated and its sixth row cut mid-sentence across the first.
"""
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK

SEEDS = Path(__file__).resolve().parent / "seeds"
NAMES = {0: "000_161c4d1ace79ea74.txt", 1: "001_0a1b251576b246b4.txt", 2: "002_66ec66ffe9df9237.txt",
         3: "003_b179ca9af6affebe.txt", 4: "004_e3e2d3f74c826b9f.txt"}


def seed_text(number):
    """The text of seed ``number`` (0 to 4)."""
    return (SEEDS / NAMES[number]).read_text(encoding="utf-8")


@dataclass
class Para:
    """A paragraph between tables."""

    text: str
    style: str | None = None
    bold: bool = False


@dataclass
class Grid:
    """A table: rows of cell texts, and vertical merges ``(column, first row, last row)``."""

    rows: list
    merges: list = field(default_factory=list)


# -- reading the seed texts ------------------------------------------------------

def _tab_blocks(text):
    """Paragraphs and tables of a tab-separated seed: a blank line ends a page (and its table)."""
    blocks, table, lines = [], None, []

    def flush():
        if lines:
            blocks.append(Para("\n".join(lines)))
            lines.clear()
    for line in text.split("\n"):
        if "\t" in line:
            flush()
            if table is None:
                table = Grid([])
                blocks.append(table)
            table.rows.append(line.split("\t"))
        elif not line.strip():
            flush()
            table = None
        else:
            table = None
            lines.append(line.strip())
    flush()
    for block in blocks:
        if isinstance(block, Grid):
            width = max(len(row) for row in block.rows)
            block.rows = [row + [""] * (width - len(row)) for row in block.rows]
    return blocks


def _cells_004(text):
    """004's cells: each begins on a line opening with a tab; lines without one continue it."""
    cells = []
    for line in text.split("\n"):
        if line.lstrip(" ").startswith("\t"):
            cells.append([line.strip()])
        elif line.strip() and cells:
            cells[-1].append(line.strip())
    return ["\n".join(part for part in cell if part) for cell in cells]


def _is_header(row, header):
    return [c.strip() for c in row] == [c.strip() for c in header]


def _merge_runs(grid, columns, header):
    """Merge runs of equal, non-empty text in ``columns`` between header rows (keeping the top cell's)."""
    for column in columns:
        start = None
        for index in range(len(grid.rows) + 1):
            row = grid.rows[index] if index < len(grid.rows) else None
            same = (row is not None and start is not None and not _is_header(row, header)
                    and row[column].strip() and row[column].strip() == grid.rows[start][column].strip())
            if same:
                continue
            if start is not None and index - 1 > start:
                grid.merges.append((column, start, index - 1))
                for inner in range(start + 1, index):
                    grid.rows[inner][column] = ""
            start = index if row is not None and not _is_header(row, header) and row[column].strip() else None


# -- the five documents ----------------------------------------------------------

def _blocks_000():
    blocks = _tab_blocks(seed_text(0))
    first = blocks[0]
    title, _, stage = first.text.partition("¹")
    blocks[0:1] = [Para(title + "¹", "Title"), Para(stage, "Heading 2")]
    for block in blocks[2:]:
        if isinstance(block, Para) and re.match(r"^Этап ", block.text):
            block.style = "Heading 2"
        elif isinstance(block, Grid):
            _merge_runs(block, (3, 4, 5), block.rows[0])
    return blocks


def _blocks_001():
    blocks = _tab_blocks(seed_text(1))
    header = next(b for b in blocks if isinstance(b, Grid)).rows[0]
    for block in blocks:
        if isinstance(block, Grid):
            _merge_runs(block, (4,), header)
    return blocks


def _blocks_002():
    blocks, joined = [], None
    for block in _tab_blocks(seed_text(2)):
        if isinstance(block, Grid):
            # NB: the pages of one system are one table here, the header rows repeated inside it.
            if joined is None:
                joined = block
                blocks.append(block)
            else:
                joined.rows.extend(block.rows)
            continue
        joined = None
        if block.text.startswith("К проекту"):
            blocks.append(Para(block.text, "Title"))
        else:
            blocks.append(Para(block.text, bold=True))
    for block in blocks:
        if isinstance(block, Grid):
            _merge_years(block)
    return blocks


def _merge_years(grid):
    """The year cell of a row merged down over the rows of its year on the same page."""
    header = grid.rows[0]
    start = None
    for index in range(len(grid.rows) + 1):
        row = grid.rows[index] if index < len(grid.rows) else None
        ends = row is None or _is_header(row, header) or row[0].strip()
        if ends:
            if start is not None and index - 1 > start:
                grid.merges.append((0, start, index - 1))
            start = index if row is not None and row[0].strip() and not _is_header(row, header) else None


def _blocks_003():
    blocks = _tab_blocks(seed_text(3))
    for block in blocks:
        if isinstance(block, Para) and block.text.startswith("**"):
            block.text, block.bold = block.text.strip("*"), True
    table = next(b for b in blocks if isinstance(b, Grid))
    # NB: measure 3 has a goal of its own and shares the measure, deadline and responsible of measure 2.
    for index, row in enumerate(table.rows):
        if index > 1 and re.match(r"^\d+\.$", row[0].strip()):
            for column in (1, 3, 4):
                if not row[column].strip() and table.rows[index - 1][column].strip():
                    table.merges.append((column, index - 1, index))
    return blocks


def _blocks_004():
    cells = _cells_004(seed_text(4))
    header, rows = cells[:4], [cells[i:i + 4] for i in range(4, len(cells), 4)]
    cut = 5  # the sixth row, cut mid-sentence by the first page break
    words = rows[cut][2].split(" ")
    half = next(i for i in range(len(words) // 2, len(words)) if words[i + 1][:1].islower())
    head, tail = " ".join(words[:half + 1]), " ".join(words[half + 1:])
    pages = [[header] + rows[:cut] + [[rows[cut][0], rows[cut][1], head, rows[cut][3]]],
             [header, ["", "", tail, ""]] + rows[cut + 1:18],
             [header] + rows[18:]]
    blocks = []
    for page in pages:
        grid = Grid([list(row) for row in page])
        _merge_runs(grid, (0,), header)
        blocks.append(grid)
    return blocks


RECIPES = {0: _blocks_000, 1: _blocks_001, 2: _blocks_002, 3: _blocks_003, 4: _blocks_004}


# -- writing the .docx ----------------------------------------------------------------

def _runs(paragraph, text):
    italic = False
    for piece in re.split(r"(</?i>)", text):
        if piece == "<i>":
            italic = True
        elif piece == "</i>":
            italic = False
        elif piece:
            paragraph.add_run(piece).italic = italic or None


def _cell_paragraphs(text):
    pieces = [p.strip() for p in re.split(r"</?p>", text)]
    pieces = [p for p in pieces if p]
    return pieces or [""]


def _fill(cell, text):
    for index, piece in enumerate(_cell_paragraphs(text)):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        for number, line in enumerate(piece.split("\n")):
            if number:
                paragraph = cell.add_paragraph()
            _runs(paragraph, line)


def build_docx(blocks):
    """The .docx (bytes) of ``blocks``: a page break between two tables in a row, as a converter writes it."""
    document = docx.Document()
    previous = None
    for block in blocks:
        if isinstance(block, Para):
            paragraph = document.add_paragraph(style=block.style)
            for number, line in enumerate(block.text.split("\n")):
                if number:
                    paragraph.add_run().add_break()
                run = paragraph.add_run(line)
                run.bold = block.bold or None
        else:
            if isinstance(previous, Grid):
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            table.style = "Table Grid"
            # NB: a row's cells read once: ``table.cell`` reads the whole table's grid at every call.
            for row_of_table, row in zip(table.rows, block.rows):
                for cell, text in zip(row_of_table.cells, row):
                    _fill(cell, text.strip())
            for column, first, last in block.merges:
                table.cell(first, column).merge(table.cell(last, column))
        previous = block
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def seed_docx(number):
    """Seed ``number`` (0 to 4) as the Word document people upload (bytes)."""
    return build_docx(RECIPES[number]())


def seed_filename(number):
    """The name the document is uploaded under."""
    return {0: "Дорожная карта Целевой модели.docx", 1: "Проект Красноярского края.docx",
            2: "Дорожная карта РСОКО Свердловской области.docx", 3: "Циклограмма аттестации.docx",
            4: "Дорожная карта 500+.docx"}[number]


if __name__ == "__main__":
    import sys
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    for n in RECIPES:
        (target / seed_filename(n)).write_bytes(seed_docx(n))
