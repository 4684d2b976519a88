"""The one reader of tables: an upload is held to the site's size and inspected before it is read, and a page
takes at most MAX_ROWS rows; an operator's file is read a row at a time; every problem names its line."""
import io

import pytest

from core.docinspect import InspectionRefused, Limits
from core.docinspect.tables import MAX_ROWS, TableRefused, table_rows, uploaded_table
from tests.unit.docinspect_corpus import valid_xlsx, zip_bomb_of


def csv_of(lines):
    return ("\n".join(";".join(cells) for cells in lines) + "\n").encode("utf-8")


def test_an_uploaded_csv_comes_back_as_lines_of_stripped_cells():
    data = csv_of([("Код ОО", "Год"), (" 66-1-1 ", "2025")])
    assert uploaded_table(io.BytesIO(data), "t.csv") == [(1, ["Код ОО", "Год"]), (2, ["66-1-1", "2025"])]


def test_an_upload_larger_than_the_sites_size_is_refused_before_it_is_read():
    data = csv_of([("Код ОО", "Год")] + [("66-1-1", "2025")] * 100)
    with pytest.raises(InspectionRefused) as refused:
        uploaded_table(io.BytesIO(data), "t.csv", Limits(max_size=200))
    assert refused.value.reason == "too_large" and refused.value.status == 400


def test_a_zip_bomb_named_xlsx_never_reaches_the_reader():
    with pytest.raises(InspectionRefused):
        uploaded_table(zip_bomb_of(valid_xlsx()), "t.xlsx")


def test_a_page_takes_a_heading_and_max_rows_rows_and_says_what_to_do_with_more():
    rows = [("Код ОО", "Год")] + [("66-1-1", "2025")] * MAX_ROWS
    assert len(uploaded_table(csv_of(rows), "t.csv")) == MAX_ROWS + 1
    with pytest.raises(TableRefused, match=f"больше {MAX_ROWS} строк"):
        uploaded_table(csv_of(rows + [("66-1-2", "2025")]), "t.csv")
    with pytest.raises(TableRefused, match="командой"):
        uploaded_table(csv_of(rows + [("66-1-2", "2025")]), "t.csv", too_many="Загрузите его командой.")


def test_an_operators_file_is_read_whole_and_a_bad_byte_names_its_line():
    rows = [("Код ОО", "Год")] + [("66-1-1", "2025")] * (MAX_ROWS + 10)
    assert sum(1 for _ in table_rows(csv_of(rows), "t.csv")) == MAX_ROWS + 11
    with pytest.raises(TableRefused, match="Строка 3: файл не в кодировке UTF-8"):
        list(table_rows(csv_of(rows[:2]) + b"\xff\xfe;1\n", "t.csv"))


def test_the_merged_cells_of_the_first_sheet_are_read():
    import openpyxl

    from core.docinspect.tables import sheet_merges
    book = openpyxl.Workbook()
    book.active["A1"] = "Год"
    book.active.merge_cells("A2:A5")
    book.active.merge_cells("B1:D1")
    book.create_sheet("Второй").merge_cells("A1:Z9")
    out = io.BytesIO()
    book.save(out)
    assert sorted(sheet_merges(out.getvalue(), "книга.xlsx")) == [(1, 2, 1, 4), (2, 1, 5, 1)]
