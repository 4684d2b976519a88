"""The tables of an uploaded Word document, read behind the upload inspector, merges and spans kept."""
import io

import docx
import pytest

from core.docinspect import InspectionRefused, Limits, wordtables
from core.docinspect.tables import TableRefused
from core.docinspect.wordtables import Paragraph, Table, word_blocks
from tests.unit.docinspect_corpus import valid_pdf


def saved(document):
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_paragraphs_and_tables_come_in_document_order_with_headings_and_bold_marked():
    document = docx.Document()
    document.add_heading("Этап пилотирования", level=2)
    document.add_paragraph().add_run("Система методической работы").bold = True
    mixed = document.add_paragraph()
    mixed.add_run("Примечание: ").bold = True
    mixed.add_run("не всё жирное")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Сроки", "Мероприятие"
    table.cell(1, 0).text = "Май 2022"
    table.cell(1, 1).paragraphs[0].add_run("Семинар")
    table.cell(1, 1).add_paragraph("- для директоров")
    document.add_paragraph("После таблицы")
    blocks = word_blocks(saved(document), "план.docx")
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Paragraph", "Paragraph", "Table", "Paragraph"]
    assert blocks[0] == Paragraph("Этап пилотирования", heading=True, bold=False)
    assert blocks[1] == Paragraph("Система методической работы", heading=False, bold=True)
    assert not blocks[2].bold
    table = blocks[3]
    assert table.number == 1 and table.width == 2
    assert [[c.text for c in row.cells] for row in table.rows] == [["Сроки", "Мероприятие"],
                                                                    ["Май 2022", "Семинар\n- для директоров"]]


def test_spans_and_vertical_merges_are_kept():
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    for r in range(4):
        for c in range(3):
            table.cell(r, c).text = f"{r}{c}"
    table.cell(0, 0).merge(table.cell(0, 2))       # a title spanning the row
    table.cell(1, 0).text = "годы"
    table.cell(2, 0).text = table.cell(3, 0).text = ""
    table.cell(1, 0).merge(table.cell(3, 0))       # one cell over three rows
    [table] = [b for b in word_blocks(saved(document), "x.docx") if isinstance(b, Table)]
    first, second, third, _ = table.rows
    assert [(c.column, c.span, c.merged) for c in first.cells] == [(0, 3, False)]
    assert first.texts(3) == ["00\n01\n02"] * 3
    assert [(c.column, c.merged, c.text) for c in second.cells] == [(0, False, "годы"), (1, False, "11"),
                                                                    (2, False, "12")]
    assert [(c.column, c.merged, c.text) for c in third.cells] == [(0, True, ""), (1, False, "21"), (2, False, "22")]


def test_a_table_in_a_cell_is_that_cells_text():
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Сроки"
    inner = outer.cell(0, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "а", "б"
    inner.cell(1, 0).text = "в"
    [table] = word_blocks(saved(document), "x.docx")
    assert table.rows[0].cells[1].text == "а б\nв"


def test_skipped_grid_columns_before_a_row_shift_its_cells():
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "а", "б"
    tr = table.rows[0]._tr
    props = tr.get_or_add_trPr()
    grid_before = props.makeelement(docx.oxml.ns.qn("w:gridBefore"), {docx.oxml.ns.qn("w:val"): "1"})
    props.append(grid_before)
    [table] = word_blocks(saved(document), "x.docx")
    assert [(c.column, c.text) for c in table.rows[0].cells] == [(1, "а"), (2, "б")]


def test_what_the_inspector_refuses_is_refused_before_any_table_is_read():
    with pytest.raises(InspectionRefused, match="по содержимому это PDF"):
        word_blocks(valid_pdf(), "план.docx")
    with pytest.raises(InspectionRefused, match="слишком большой"):
        word_blocks(saved(docx.Document()), "план.docx", Limits(max_size=1000))


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(wordtables, "MAX_ROWS", 5)
    document = docx.Document()
    document.add_table(rows=6, cols=1)
    with pytest.raises(TableRefused, match="больше 5 строк таблиц"):
        word_blocks(saved(document), "план.docx")
