"""Tables of rows: CSV (UTF-8, comma or semicolon) and XLSX books, the one reader of them all.

``uploaded_table`` reads what a person uploads through a page: no more than
the site's upload size (``oko.upload_max_bytes``) is read, the inspector
decides by content what it is before any reader parses it, and at most
``MAX_ROWS`` rows below a heading are taken. ``table_rows`` reads a file an
operator's command hands over (the organisation tree, a region's million
teachers): any size, a row at a time, a CSV never decoded whole. Every
problem is a ``TableRefused`` whose lines name the line of the file.
"""
import csv
import io

from core.docinspect import Limits, inspect_upload
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
    sample = data[:4096].decode("utf-8-sig", "ignore")
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    # NB: the stream keeps one chunk decoded at a time; a whole decoded file of
    # Cyrillic names takes twice its size in bytes.
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    try:
        yield from enumerate(csv.reader(text, delimiter=delimiter), start=1)
    except UnicodeDecodeError:
        # NB: the chunk's offset is not the file's: the whole file, decoded once, names the line.
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
        raise TableRefused(f"Строка {line}: файл не в кодировке UTF-8 (сохраните его как «CSV UTF-8»).") from None


def _xlsx_rows(data):
    import openpyxl  # NB: here: a CSV, and every command that reads none, does without it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
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


def table_rows(data, filename):
    """``(line, [cells])`` of a CSV or XLSX file an operator hands over (bytes), a row at a time."""
    xlsx = data[:4] == _ZIP or filename.lower().endswith(".xlsx")
    return _xlsx_rows(data) if xlsx else _csv_rows(data)


def uploaded_table(upload, filename, limits=Limits(), allowed=("xlsx", "csv"), max_rows=MAX_ROWS, too_many=None):
    """``[(line, [cells, stripped])]`` of an uploaded table (a stream or bytes), inspected first.

    Refuses (``InspectionRefused``) a file larger than ``limits.max_size``
    or not a table of an ``allowed`` kind by its content ("text": a .txt
    saved from Notepad, read as a CSV), and (``TableRefused``) one that
    cannot be read, or holds more than ``max_rows`` rows below a heading
    (``too_many`` says so, or a message of its own).
    """
    data = upload.read(limits.max_size + 1) if hasattr(upload, "read") else upload
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
