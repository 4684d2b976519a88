"""The tables an operator uploads (school codes, the survey's risk profiles) and the profile a school downloads.

An uploaded table is a CSV (UTF-8, comma or semicolon) or an XLSX book. Its
type is decided by content; an XLSX passes the safe inspector (size, zip
bombs, XML) before openpyxl reads it, and a file that is not what its name
says is refused with a Russian message, like any other upload.
"""
import re

from core import docinspect
from core.docinspect.tables import TableRefused, uploaded_table
from core.project500.model import LEVELS
from core.workbooks import workbook_bytes

CODE_HEADERS = {"school_code", "code", "код", "код оо", "код школы"}
FACTOR_HEADERS = {"factor", "risk_factor", "рисковое направление", "направление", "рисковый фактор",
                  "фактор риска"}
LEVEL_HEADERS = {"level", "уровень", "уровень риска"}
_SEPARATORS = re.compile(r"[\s,;]+")


def pasted_codes(text):
    """School codes typed or pasted: separated by spaces, commas, semicolons or lines."""
    return [code for code in _SEPARATORS.split(text or "") if code]


def _rows(stream, filename, limits):
    # NB: a .txt is read as a CSV, as operators save one from Notepad.
    return uploaded_table(stream, filename, limits, allowed=("xlsx", "csv", "text"))


def _header(cells, wanted):
    names = [c.casefold() for c in cells]
    return {key: names.index(h) for key, headers in wanted.items() for h in headers if h in names}


def codes_from_file(stream, filename, limits):
    """The school codes of an uploaded list: the column headed «Код ОО» (or the first one).

    ``limits`` are the site's upload limits (``host.upload_limits``).
    """
    rows = _rows(stream, filename, limits)
    column = 0
    if rows:
        found = _header(rows[0][1], {"code": CODE_HEADERS})
        if found:
            column, rows = found["code"], rows[1:]
    return [cells[column] for _, cells in rows if len(cells) > column and cells[column]]


def risk_rows(stream, filename, limits):
    """``(line, school code, factor, level)`` of the survey's file, for ``steps.import_risk_profiles``.

    Columns: school code, risk factor (code or Russian title), level; a first
    line of headers (school_code/«Код ОО», factor/«Рисковое направление»,
    level/«Уровень») may name them in any order. ``limits``: as ``codes_from_file``.
    """
    rows = _rows(stream, filename, limits)
    columns = {"code": 0, "factor": 1, "level": 2}
    if rows:
        found = _header(rows[0][1], {"code": CODE_HEADERS, "factor": FACTOR_HEADERS, "level": LEVEL_HEADERS})
        if len(found) == 3:
            columns, rows = found, rows[1:]
        elif found:
            raise TableRefused("Строка 1: нужны столбцы «Код ОО», «Рисковое направление» и «Уровень» "
                               "(или school_code, factor, level).")
    result = []
    for line, cells in rows:
        if not any(cells):
            continue
        cells = cells + [""] * (3 - len(cells))
        result.append((line, cells[columns["code"]], cells[columns["factor"]], cells[columns["level"]]))
    if not result:
        raise TableRefused("В файле нет ни одной строки с данными.")
    return result


XLSX_TYPE = docinspect.KINDS["xlsx"].mimetype


def profile_workbook(p, factors):
    """The school's risk profile as an Excel book (bytes); ``factors`` is ``{code: title}``."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Рисковый профиль"
    school = p.__parent__
    sheet.append(["Рисковый профиль школы (РПШ)"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(["Школа", school.title])
    sheet.append(["Код ОО", p.code])
    sheet.append(["Год проекта", p.project_year])
    sheet.append([])
    sheet.append(["Код направления", "Рисковое направление", "Уровень риска", "Активировано в работу"])
    for cell in sheet[6]:
        cell.font = Font(bold=True)
    for code, level in sorted(p.risk_profile.items(), key=lambda item: (list(LEVELS).index(item[1]), item[0])):
        sheet.append([code, factors.get(code, code), LEVELS[level], "да" if code in p.activated_risks else "нет"])
    for column, width in zip("ABCD", (28, 80, 16, 22)):
        sheet.column_dimensions[column].width = width
    return workbook_bytes(book)
