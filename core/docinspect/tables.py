"""Tables of rows: CSV (UTF-8, comma or semicolon) and XLSX books, the one reader of them all.

``uploaded_table`` reads what a person uploads through a page: no more than
the site's upload size (``oko.upload_max_bytes``) is read, the inspector
decides by content what it is before any reader parses it, and at most
``MAX_ROWS`` rows below a heading are taken. ``table_rows`` reads a file an
operator's command hands over (the organisation tree, a region's million
teachers): any size, a row at a time, a CSV never decoded whole. Every
problem is a ``TableRefused`` whose lines name the line of the file.
``sheet_merges`` says which cells of an uploaded book are merged (openpyxl's
reader of uploads does not), for a reader of tables laid out for paper.
"""
import csv
import io
import os
import posixpath
import re
from pathlib import Path

from core.docinspect import Limits, inspect_upload
from core.docinspect._zip import Budget, guarded_xml, inflate, locate, parse_xml, read_directory
from core.refused import Refused

# Rows of data (below a heading) one upload through a page may hold; more is for the operator's command.
MAX_ROWS = 5000
_ZIP = b"PK\x03\x04"


class TableRefused(Refused, ValueError):
    """The table was not read, or its rows not accepted: ``errors`` lists why, Russian lines naming the line."""

    ERROR = "table_refused"

    def __init__(self, errors):
        errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("\n".join(errors), "invalid", errors)
        self.errors = errors


def _csv_rows(data):
    yield from _csv_stream(data[:4096], io.BytesIO(data), lambda: data)


def _csv_stream(head, stream, whole):
    """The rows of a CSV ``stream`` (bytes) whose first bytes are ``head``; ``whole()``, all its bytes,
    is asked for only to name the line of a byte that is not UTF-8."""
    sample = head.decode("utf-8-sig", "ignore")
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    # NB: the stream keeps one chunk decoded at a time; a whole decoded file of
    # Cyrillic names takes twice its size in bytes.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        yield from enumerate(csv.reader(text, delimiter=delimiter), start=1)
    except UnicodeDecodeError:
        # NB: the chunk's offset is not the file's: the whole file, decoded once, names the line.
        data = whole()
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
        raise TableRefused(f"Строка {line}: файл не в кодировке UTF-8 (сохраните его как «CSV UTF-8»).") from None


def _xlsx_rows(data):
    """The rows of a book: ``data``, its bytes or its file opened for reading bytes."""
    import openpyxl  # NB: here: a CSV, and every command that reads none, does without it

    try:
        source = io.BytesIO(data) if isinstance(data, bytes) else data
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception:
        raise TableRefused("Строка 1: файл не читается как книга Excel (.xlsx).") from None
    number = 0
    try:
        for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            yield number, ["" if v is None else str(v) for v in values]
    except (ValueError, TypeError, KeyError, IndexError):
        # NB: openpyxl raises these on a sheet it cannot read (a bad cell reference or value).
        raise TableRefused(f"Строка {number + 1}: не читается (книга Excel повреждена).") from None
    finally:
        book.close()


def _is_book(head, filename):
    """Whether a file beginning with ``head`` and named ``filename`` is an Excel book (else a CSV)."""
    return head[:4] == _ZIP or filename.lower().endswith(".xlsx")


def table_rows(data, filename):
    """``(line, [cells])`` of a CSV or XLSX file an operator hands over (bytes), a row at a time."""
    return _xlsx_rows(data) if _is_book(data, filename) else _csv_rows(data)


def file_rows(path):
    """``(line, [cells])`` of the CSV or XLSX file at ``path``, read from the disk as the rows are taken.

    ``table_rows`` of the file's bytes, without holding them: a million teachers'
    lines are 95 MB of a command's memory that the rows it keeps need for themselves.
    """
    path = Path(path)
    with open(path, "rb") as stream:
        head = stream.read(4096)
        stream.seek(0)
        if _is_book(head, path.name):
            yield from _xlsx_rows(stream)
        else:
            yield from _csv_stream(head, stream, path.read_bytes)


def uploaded_table(upload, filename, limits=Limits(), allowed=("xlsx", "csv"), max_rows=MAX_ROWS, too_many=None):
    """``[(line, [cells, stripped])]`` of an uploaded table (a stream or bytes), inspected first.

    Refuses (``InspectionRefused``) a file larger than ``limits.max_size``
    or not a table of an ``allowed`` kind by its content ("text": a .txt
    saved from Notepad, read as a CSV), and (``TableRefused``) one that
    cannot be read, or holds more than ``max_rows`` rows below a heading
    (``too_many`` says so, or a message of its own).
    """
    data = limits.read(upload) if hasattr(upload, "read") else upload
    kind = inspect_upload(data, filename, allowed=allowed, limits=limits).kind
    rows, filled = [], 0
    for line, cells in (_xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)):
        cells = [cell.strip() for cell in cells]
        filled += any(cells)
        if filled > max_rows + 1:
            raise TableRefused(too_many or f"В таблице больше {max_rows} строк: за один раз загружается не больше "
                                           f"{max_rows}. Разделите файл на части.")
        rows.append((line, cells))
    return rows


# -- the merged cells of a book's first sheet -----------------------------------------------

# Merged ranges one sheet may declare: a roadmap has a few hundred.
MAX_MERGES = 20000
_RELATIONSHIP_IDS = ("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
                     "{http://purl.oclc.org/ooxml/officeDocument/relationships}id")
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$")


def _local(tag):
    return tag.rpartition("}")[2]


def _column(letters):
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def sheet_merges(data, filename, limits=Limits()):
    """``[(first row, first column, last row, last column)]`` (from 1) of the merged cells of the first sheet
    of an XLSX upload (bytes), the one ``uploaded_table`` reads; read with the inspector's guarded parser.

    Call it on a book the inspector passed (``uploaded_table`` first): a part it cannot find gives no merges.
    """
    name = os.path.basename(filename or "") or "книга"
    entries = read_directory(data, name, limits)
    locate(data, entries, name)
    by_name = {entry.name.casefold(): entry for entry in entries}
    budget = Budget(name, limits)

    def parse(part, handler):
        entry = by_name.get(part.casefold())
        if entry is not None:
            parse_xml(guarded_xml(inflate(data, entry, budget), entry.name, name), handler, entry.name, name)

    first, targets, merges = [], {}, []

    def workbook(event, element):
        if event == "end" and _local(element.tag) == "sheet" and not first:
            first.append(next((element.get(key) for key in _RELATIONSHIP_IDS if element.get(key)), None))

    def relationships(event, element):
        if event == "end" and _local(element.tag) == "Relationship":
            targets[element.get("Id")] = element.get("Target") or ""

    def sheet(event, element):
        if event != "end" or _local(element.tag) != "mergeCell":
            return
        found = _REF.match((element.get("ref") or "").upper())
        if found and found[3]:
            if len(merges) >= MAX_MERGES:
                raise TableRefused(f"В книге «{name}» больше {MAX_MERGES} объединённых ячеек: "
                                   f"так много не загружается.")
            rows = sorted((int(found[2]), int(found[4])))
            columns = sorted((_column(found[1]), _column(found[3])))
            merges.append((rows[0], columns[0], rows[1], columns[1]))

    parse("xl/workbook.xml", workbook)
    parse("xl/_rels/workbook.xml.rels", relationships)
    target = targets.get(first[0]) if first else None
    if target:
        parse(posixpath.normpath(target.lstrip("/") if target.startswith("/") else "xl/" + target), sheet)
    return merges
