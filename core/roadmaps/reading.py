"""Reading a roadmap out of the tables of a document: the measures, as the document has them.

A roadmap arrives as a Word document (or a book of Excel) whose tables were
laid out for paper, not for a machine: the header row again at the top of
every page, a row cut in two by a page break, a cell merged over the rows
below it, a year written once for a group of rows, stages or systems as
titles between the tables. ``read_blocks`` takes the document's paragraphs
and tables (``core.docinspect.wordtables``) and gives a ``Reading``:

- the **header** of a table is found by its Russian names
  (``core.roadmaps.columns``); a header row repeated further down (or at the
  top of the next table) marks a page break and is dropped, as is a row
  that only numbers the columns (1, 2, 3...);
- a **row cut by a page break** is merged back into the row it continues: a
  row with no number (or no date and year) of its own whose every text goes
  on mid-sentence (begins in lower case; or, right after the break, opens
  a quote or carries on a numbered list of the cell above); every such merge
  is kept in ``merges`` for the preview;
- a **vertically merged cell** gives its text to every row it spans; a year
  given once is carried down to the rows below it, until the next year or
  the next section;
- a **section** is a stage or a system: the title between two groups of
  tables (a heading, a bold paragraph, or the paragraph before a table after
  the first), or a row of a table holding one title only;
- in a **table of levels** (columns of region, municipality, school) each
  non-empty level cell is a measure of that level for the row's year;
  otherwise each row is a measure. The text of a cell stays one measure,
  whatever lists or paragraphs it holds.

Nothing here stores anything. Problems are ``Problem``s naming the table and
the row: errors (the file is refused) and warnings (a period not read, an
empty row skipped).
"""
import re

from core.docinspect.wordtables import Cell, Paragraph, Row, Table
from core.roadmaps import columns as cols
from core.roadmaps.drafts import (  # noqa: F401  (the reading's values, named here by its callers)
    ERROR,
    WARNING,
    Column,
    Draft,
    Layout,
    Merge,
    Problem,
    Reading,
    Section,
)
from core.roadmaps.drafts import snippet as _snippet
from core.roadmaps.periods import UNPARSED, parse_period

# Words of a title paragraph before the first table that names the roadmap itself.
_TITLE_WORDS = re.compile(r"дорожн|карт|план|программ|проект|циклограмм|мероприяти|график", re.I)
_FOOTNOTE = re.compile(r"^\s*(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\*+|\d+\)\s|примечани|прим\.)", re.I)
_MARKS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\*+$")
_YEARS = re.compile(r"\b((?:19|20)\d\d)\b(?:\s*(?:[-–—]|по|до)\s*((?:19|20)\d\d)\b)?")
_DASHES = {"-", "–", "—", "−", "--"}
_ITEM = re.compile(r"(?:^|\s)(\d{1,2})[.)]\s")
# Header rows are looked for among the first rows of a table (a title row may come first).
HEADER_SEARCH = 6


_REFERENCE = re.compile(r"(?<=[\s»)\]\"])[¹²³⁴⁵⁶⁷⁸⁹⁰]+")


# A tag of HTML pasted into a Word cell from a web page («<ul style="list-style-type: none">»): not its text.
_HTML_TAG = re.compile(r"</?(?:ul|ol|li|p|br|div|span|b|i|u|strong|em)\b[^<>]*>", re.I)


def _clean(text):
    """A cell's text: footnote marks after a word dropped («кабинетах ³»), tags of pasted HTML dropped, each
    line's spaces collapsed, empty lines dropped."""
    text = _HTML_TAG.sub("\n", _REFERENCE.sub("", text or ""))
    return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


def _empty(text):
    return not text or text.strip() in _DASHES


def section_years(title):
    """``(first, last)`` years a section's title gives («Этап реализации 2023–2024 гг.»), or (None, None)."""
    found = _YEARS.search(title or "")
    if not found:
        return None, None
    return int(found[1]), int(found[2] or found[1])


def _section(title):
    title = _MARKS.sub("", " ".join((title or "").split())).strip()
    return Section(title, *section_years(title))


# -- the header -----------------------------------------------------------------

def _layout(table, row):
    texts = row.texts(table.width)
    # NB: the header ends at its last named column: text beyond it in a row has no column to be read into.
    while texts and not texts[-1].strip():
        texts.pop()
    columns, seen = [], set()
    for position, text in enumerate(texts):
        if position > 0 and row.cells and text and text == texts[position - 1] and _spans(row, position):
            continue  # NB: a header cell spanning two columns names the first
        field = cols.field_of(text)
        if field in seen:
            field = None
        seen.add(field)
        columns.append(Column(position, _clean(text), field))
    fields = {c.field for c in columns}
    known = len(fields - {None})
    if known < 2 or not (cols.TEXT in fields or any(cols.level_of(f) for f in fields)):
        return None
    yearly = any(c.field == cols.PERIOD and cols.says_yearly(c.header) for c in columns)
    return Layout(table.number, row.number, tuple(columns), yearly)


def _spans(row, position):
    return any(c.column < position < c.column + c.span for c in row.cells)


def find_header(table):
    """``(index of the header row, Layout)`` among the first rows of ``table``, or (None, None)."""
    for index, row in enumerate(table.rows[:HEADER_SEARCH]):
        layout = _layout(table, row)
        if layout is not None:
            return index, layout
    return None, None


def _is_header(texts, layout):
    found = tuple(cols.normalise(texts[c.position]) if c.position < len(texts) else "" for c in layout.columns)
    return found == layout.headers


def _is_numbering(texts):
    filled = [t.strip().rstrip(".") for t in texts if t.strip()]
    return len(filled) >= 2 and filled == [str(n) for n in range(1, len(filled) + 1)]


# -- rows cut by a page break ----------------------------------------------------

def _ends_sentence(text):
    return text.rstrip().endswith((".", "!", "?", ";"))


def _last_item(text):
    found = _ITEM.findall(text)
    return int(found[-1]) if found else None


def continues(previous, text, after_break):
    """Whether ``text`` goes on with the cell ``previous`` (a row cut by a page break).

    Lower case goes on anywhere; right after a page break, so do a quote or
    a bracket opened mid-sentence and the next item of a numbered list.
    """
    text = text.lstrip()
    if not previous or not text:
        return False
    first = text[0]
    if first.isalpha() and first.islower():
        return True
    if not after_break:
        return False
    if first in ",;:)]»" or (first in "«\"(„“" and not _ends_sentence(previous)):
        return True
    last = _last_item(previous)
    items = _ITEM.findall(text)
    return last is not None and bool(items) and int(items[0]) == last + 1 and not re.match(r"^1[.)]\s", text)


def _words(text):
    return [w.strip(".,;:«»\"()").casefold() for w in text.split()]


def _join(previous, text):
    """``previous`` and its continuation ``text``, less the words ``text`` repeats from its end («…Российской
    Федерации» + «Федерации, ответственные…»: a document converted from pages repeats the last line of a page
    at the top of the next)."""
    before, after = _words(previous), text.split(" ")
    for size in (3, 2, 1):
        if len(before) >= size and len(after) > size and before[-size:] == _words(" ".join(after[:size])):
            kept = after[size - 1].rstrip(".,;:«»\"()")
            rest = after[size - 1][len(kept):]
            return f"{previous}{rest} {' '.join(after[size:])}" if rest else f"{previous} {' '.join(after[size:])}"
    return f"{previous} {text}"


# -- the rows of a group of tables -----------------------------------------------

class _Record:
    """A measure row being read (and the rows merged into it)."""

    def __init__(self, table, row, values, section, year):
        self.table, self.row, self.values, self.section, self.year = table, row, values, section, year


class _Group:
    """Reads the rows of one group of tables (one header) into records."""

    def __init__(self, reader, layout, section):
        self.reader, self.layout, self.section = reader, layout, section
        self.year = None
        self.record = None
        self.above = {}
        self.anchors = ([layout.position(cols.NUMBER)] if layout.position(cols.NUMBER) is not None
                        else [p for p in (layout.position(cols.PERIOD), layout.position(cols.YEAR)) if p is not None])

    def rows(self, table, rows, after_break):
        width = self.layout.width
        self.above = {}
        for row in rows:
            grid = max((c.column + c.span for c in row.cells), default=0)
            # NB: a cell merged across columns gives its text to the first of them only: a title row, or one text
            # for two columns, is never read twice.
            texts = row.texts(max(width, grid), spread=False)
            if any(t.strip() for t in texts[width:]):
                self.reader.problem(table.number, row.number, f"в строке больше столбцов, чем в заголовке "
                                    f"({grid} против {width}): текст за последним столбцом не читается.")
                continue
            texts = texts[:width]
            if _is_header(texts, self.layout):
                after_break = True
                self.above = {}
                continue
            if _is_numbering(texts) or not any(t.strip() for t in texts):
                continue
            merged = {p for c in row.cells if c.merged for p in range(c.column, c.column + c.span)}
            if self._section_row(row, texts, merged):
                continue
            if self._continuation(table, row, texts, merged, after_break):
                after_break = False
                continue
            after_break = False
            self._new(table, row, texts, merged)

    def _section_row(self, row, texts, merged):
        """A row holding a title only (a stage, a system): a cell across the row, alone or after its number;
        or, in a sheet, a title alone in a first column of numbers or years."""
        if merged:
            return False
        width = self.layout.width
        filled = [c for c in row.cells if c.column < width and c.text.strip()]
        number = self.layout.position(cols.NUMBER)
        title = None
        if len(filled) == 1:
            cell = filled[0]
            first_field = self.layout.columns[0].field if self.layout.columns else None
            if cell.span >= max(width - 1, 2) or (cell.column == 0 and first_field in (cols.NUMBER, cols.YEAR)):
                title = cell.text
        elif len(filled) == 2 and number is not None and filled[0].column == number and \
                re.fullmatch(r"[\dIVXivx]+(?:\.\d+)*\.?", filled[0].text.strip()) and \
                filled[1].span >= max(width - number - 2, 2):
            title = f"{filled[0].text.strip()} {filled[1].text}"
        if title is None:
            return False
        title = " ".join(title.split())
        if re.fullmatch(r"[\d.\s]+", title) or cols.field_of(title) == cols.YEAR:
            return False
        self.section = self.reader.new_section(title)
        self.year = None
        self.record = None
        return True

    def _continuation(self, table, row, texts, merged, after_break):
        record = self.record
        if record is None:
            return False
        number = self.layout.position(cols.NUMBER)
        if number is not None and number in merged:
            # NB: the number merged over this row: the row is more of the same measure.
            return self._merge(record, table, row, texts, merged, check=False)
        if any(texts[p].strip() or p in merged for p in self.anchors):
            return False
        if number is not None and after_break:
            # NB: a numbered table's row with no number of its own, right after a page break, is the rest of
            # the row cut by it, whatever its first word («Федерации, ответственные за…»).
            return self._merge(record, table, row, texts, merged, check=False)
        return self._merge(record, table, row, texts, merged, check=True, after_break=after_break)

    def _merge(self, record, table, row, texts, merged, check, after_break=False):
        parts = [(c, texts[c.position].strip()) for c in self.layout.columns
                 if c.field and c.position not in merged and not _empty(texts[c.position])]
        if not parts:
            return False
        if check and not all(continues(record.values.get(c.field), text, after_break) for c, text in parts):
            return False
        for column, text in parts:
            previous = record.values.get(column.field) or ""
            joined = _clean(text)
            record.values[column.field] = _join(previous, joined) if previous else joined
            self.reader.merges.append(Merge("continuation", table.number, row.number, record.table,
                                            record.row, column.header, joined))
        return True

    def _new(self, table, row, texts, merged):
        values = {}
        for column in self.layout.columns:
            if column.field is None:
                continue
            text = _clean(texts[column.position])
            if column.position in merged:
                text = self.above.get(column.position, "")
                if text and column.field != cols.YEAR:
                    above_row = self.above.get(("row", column.position))
                    self.reader.merges.append(Merge("cell", table.number, row.number, table.number, above_row,
                                                    column.header, text))
            else:
                self.above[column.position] = text
                self.above[("row", column.position)] = row.number
            values[column.field] = text
        year_text = values.get(cols.YEAR)
        if year_text:
            found = _YEARS.search(year_text)
            if found is None:
                self.reader.problem(table.number, row.number, f"«{_snippet(year_text)}» в столбце «Год» — не год.")
                return
            self.year = int(found[1])
        filled = [f for f, v in values.items() if v and f not in (cols.NUMBER, cols.YEAR) and not _empty(v)]
        if not filled:
            label = values.get(cols.NUMBER) or year_text or ""
            self.reader.problem(table.number, row.number, f"пустая строка{f' «{label}»' if label else ''} пропущена.",
                                WARNING)
            self.record = None
            return
        self.record = _Record(table.number, row.number, values, self.section, self.year)
        self.reader.records.append((self.layout, self.record))


class _Reader:
    """Reads the blocks of a document into a Reading."""

    def __init__(self, level):
        self.level = level
        self.sections = []
        self.layouts = []
        self.records = []
        self.problems = []
        self.merges = []

    def problem(self, table, row, message, severity=ERROR):
        self.problems.append(Problem(table, row, message, severity))

    def new_section(self, title):
        self.sections.append(_section(title))
        return len(self.sections) - 1

    def read(self, blocks):
        groups, title = self._groups(blocks)
        if not groups:
            self.problem(None, None, "в документе нет таблиц: дорожная карта загружается таблицей мероприятий "
                                     "(документ Word или книга Excel).")
        sectioned = len(groups) > 1
        for paragraphs, tables in groups:
            first = tables[0]
            index, layout = find_header(first)
            if layout is None:
                if first.width >= 3 and len(first.rows) >= 2:
                    self.problem(first.number, None, "не найдена строка заголовков. Ожидаются столбцы "
                                 "«Мероприятие» (или «Наименование мероприятия», «Событие»), «Сроки» (или «Дата»), "
                                 "«Ответственные»… либо «Год» и столбцы уровней («Региональный уровень», "
                                 "«Муниципальный уровень», «Уровень ОО»).")
                else:
                    self.problem(first.number, None, "таблица не похожа на таблицу мероприятий и пропущена.", WARNING)
                continue
            if title is None:
                # NB: a sheet has no paragraphs: its title is a row above the header, when it names a plan.
                title = next((t for t in self._above(first, index) if _TITLE_WORDS.search(t)), None)
            heading = self._heading(paragraphs, sectioned, first, index, title)
            if heading is not None:
                section = self.new_section(heading)
            elif not self.sections:
                section = self.new_section("")
            else:
                section = len(self.sections) - 1
            self.layouts.append(layout)
            group = _Group(self, layout, section)
            group.rows(first, first.rows[index + 1:], after_break=False)
            for table in tables[1:]:
                if table.width != layout.width:
                    self.problem(table.number, None, f"в таблице {table.width} столбцов, а в таблице {layout.table} "
                                 f"с её заголовком — {layout.width}: продолжение таблицы не совпадает с ней.")
                    continue
                group.rows(table, table.rows, after_break=True)
        return self._reading(title)

    @staticmethod
    def _above(table, header_index):
        """The texts of the rows above a table's header that hold one text each."""
        found = []
        for row in table.rows[:header_index]:
            filled = {t.strip() for t in row.texts(table.width) if t.strip()}
            if len(filled) == 1:
                found.append(" ".join(filled.pop().split()))
        return found

    def _heading(self, paragraphs, sectioned, table, header_index, title):
        """The title of a group of tables: its last heading or bold paragraph; when the document has several
        groups, its last paragraph; else a row above the table's header holding one text (not the title)."""
        marked = [p for p in paragraphs if p.heading or p.bold]
        chosen = marked or (paragraphs if sectioned else [])
        if chosen:
            return " ".join(chosen[-1].text.split())
        return next((t for t in reversed(self._above(table, header_index)) if t != title), None)

    @staticmethod
    def _groups(blocks):
        """``[(paragraphs before, [tables])]``: a group begins at a table after a paragraph that is no footnote
        (a page break between two tables is none); and the title of the document."""
        groups, pending, title, seen_table = [], [], None, False
        for block in blocks:
            if isinstance(block, Paragraph):
                if not _FOOTNOTE.match(block.text):
                    pending.append(block)
                continue
            if not seen_table:
                found = next((p for p in pending if _TITLE_WORDS.search(p.text)), None)
                if found is not None:
                    title = _MARKS.sub("", " ".join(found.text.split())).strip()
                    pending = [p for p in pending if p is not found]
                seen_table = True
            if pending or not groups:
                groups.append((pending, [block]))
            else:
                groups[-1][1].append(block)
            pending = []
        return groups, title

    def _reading(self, title):
        drafts = []
        for layout, record in self.records:
            drafts.extend(self._drafts(layout, record))
        if not drafts and not self.problems:
            self.problem(None, None, "в таблицах не найдено ни одного мероприятия.")
        return Reading(title, tuple(self.sections), tuple(self.layouts), tuple(drafts), tuple(self.problems),
                       tuple(self.merges))

    def _drafts(self, layout, record):
        values = record.values
        section = self.sections[record.section]
        first, last = (record.year, record.year) if record.year else (section.first_year, section.last_year)
        period = None
        if layout.position(cols.PERIOD) is not None:
            period = parse_period(values.get(cols.PERIOD), first, last, layout.yearly)
            if period is not None and period.kind == UNPARSED:
                self.problem(record.table, record.row, f"срок «{_snippet(period.text)}» не распознан ({period.note}): "
                                                       f"мероприятие сохранится со сроком, как он написан.", WARNING)
        common = {name: (values.get(name) or None) if layout.position(name) is not None else None
                  for name in (cols.RESULT, cols.INDICATOR, cols.RESPONSIBLE, cols.PARTICIPANTS, cols.NOTES)}
        number = values.get(cols.NUMBER)
        number = number.strip().rstrip(".") or None if number is not None else None
        base = dict(number=number, year=record.year, period=period, table=record.table, row=record.row, **common)
        if layout.levels:
            found = [Draft(record.section, level, values[f"level:{level}"], **base)
                     for _, level in layout.levels if not _empty(values.get(f"level:{level}"))]
            if not found and not values.get(cols.TEXT):
                self.problem(record.table, record.row, "в строке нет мероприятий ни одного уровня.", WARNING)
            if values.get(cols.TEXT) and not found:
                found = [Draft(record.section, self.level, values[cols.TEXT], **base)]
            return found
        text = values.get(cols.TEXT)
        if _empty(text):
            self.problem(record.table, record.row, "нет текста мероприятия (столбец «Мероприятие» пуст).")
            return []
        return [Draft(record.section, self.level, text, **base)]


def read_blocks(blocks, level=None):
    """The ``Reading`` of a document's ``blocks`` (``Paragraph`` and ``Table``, in order).

    ``level`` is the level of the authority whose roadmap it is ("federal",
    "region", "municipality", "school"): the level of every measure of a table
    without level columns.
    """
    return _Reader(level).read(blocks)


def read_rows(rows, level=None, merges=()):
    """The ``Reading`` of the rows of a sheet (``[(line, [cells])]``, ``core.docinspect.tables``): one table.

    ``merges`` are the sheet's merged cells (``core.docinspect.tables.sheet_merges``): a cell merged over
    the rows below gives them its text, as in a Word table.
    """
    spans, covered, continued = {}, set(), set()
    for first_row, first_column, last_row, last_column in merges:
        for line in range(first_row, last_row + 1):
            spans[(line, first_column)] = last_column - first_column + 1
            if line > first_row:
                continued.add((line, first_column))
            covered.update((line, column) for column in range(first_column + 1, last_column + 1))
    table = Table(1, tuple(
        Row(line, tuple(Cell(text, i, spans.get((line, i + 1), 1), (line, i + 1) in continued)
                        for i, text in enumerate(cells) if (line, i + 1) not in covered))
        for line, cells in rows))
    return read_blocks([table], level)
