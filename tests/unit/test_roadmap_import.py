"""Importing roadmaps into the tree: measures matched across imports (ids kept), nothing written twice, refusals."""
import io

import openpyxl
import pytest

from core import roadmaps
from core.docinspect.wordtables import word_blocks
from core.roadmaps.periods import MONTH
from core.roadmaps.reading import read_blocks
from tests.factories import edit
from tests.roadmap_seeds import RECIPES, Grid, Para, build_docx, seed_docx, seed_filename

HEADER = ["№", "Мероприятие", "Срок", "Ответственный"]


def plan(*rows, title="План мероприятий"):
    """A small roadmap document: a title and one table of ``rows`` under ``HEADER``."""
    return build_docx([Para(title), Grid([list(HEADER)] + [list(r) for r in rows])])


ROWS = [("1.", "Семинар для директоров", "Май 2022", "Иванов И. И."),
        ("2.", "Совещание координаторов", "Июнь 2022", "Петров П. П."),
        ("3.", "Мониторинг", "Сентябрь 2022", "Сидоров С. С.")]


def measures(roadmap):
    return [(m.id, m.number, m.text, m.responsible) for m in roadmap.ordered()]


def test_a_roadmap_is_imported_into_its_authoritys_folder(tree):
    with edit(tree) as site:
        reading, report = roadmaps.import_roadmap(site["66"], plan(*ROWS), "план.docx", "region66")
        roadmap = report.roadmap
        assert report.created and report.added == 3
        assert roadmap.__parent__.__name__ == "roadmaps" and roadmap.authority is site["66"]
        assert roadmap.title == "План мероприятий" and roadmap.level == "region"
        assert measures(roadmap) == [(1, "1", "Семинар для директоров", "Иванов И. И."),
                                     (2, "2", "Совещание координаторов", "Петров П. П."),
                                     (3, "3", "Мониторинг", "Сидоров С. С.")]
        first = roadmap.ordered()[0]
        assert first.uid == f"{roadmap.uid}-1" and first.period.kind == MONTH and first.level == "region"
        assert [s.filename for s in roadmap.sources] == ["план.docx"] and len(roadmap.imports) == 1
        # NB: a measure keeps only the fields it has.
        assert set(vars(first)) - {"_p_jar"} <= {"id", "section", "level", "text", "position", "__parent__",
                                                 "number", "period", "responsible", "source"}


def test_importing_again_keeps_ids_and_writes_only_what_changed(tree):
    with edit(tree) as site:
        roadmaps.import_roadmap(site["66"], plan(*ROWS), "план.docx", "region66")
    last = tree.lastTransaction()
    with edit(tree) as site:
        _, report = roadmaps.import_roadmap(site["66"], plan(*ROWS), "план.docx", "region66")
        assert (report.created, report.added, report.changed, report.removed, report.unchanged) == \
            (False, 0, 0, 0, 3)
    assert tree.lastTransaction() == last  # the same document again: nothing at all is written

    edited = [ROWS[0], ("2.", "Совещание муниципальных координаторов", "Июнь 2022", "Петров П. П."),
              ("3.", "Мониторинг", "Сентябрь 2022", "Кузнецова А. А."),
              ("4.", "Подведение итогов", "Декабрь 2022", "")]
    with edit(tree) as site:
        _, report = roadmaps.import_roadmap(site["66"], plan(*edited), "план, редакция 2.docx", "region66")
        assert (report.added, report.changed, report.removed, report.unchanged) == (1, 2, 0, 1)
        roadmap = report.roadmap
        assert measures(roadmap) == [(1, "1", "Семинар для директоров", "Иванов И. И."),
                                     (2, "2", "Совещание муниципальных координаторов", "Петров П. П."),
                                     (3, "3", "Мониторинг", "Кузнецова А. А."),
                                     (4, "4", "Подведение итогов", None)]
        assert len(roadmap.sources) == 2 and [i.added for i in roadmap.imports] == [3, 1]

    with edit(tree) as site:
        renumbered = ("2.", "Мониторинг", "Сентябрь 2022", "Кузнецова А. А.")
        _, report = roadmaps.import_roadmap(site["66"], plan(ROWS[0], renumbered), "план 3.docx", "region66")
        assert (report.added, report.changed, report.removed) == (0, 1, 2)
        # «Мониторинг», renumbered, kept its id; the measures gone are gone for good
        assert measures(report.roadmap) == [(1, "1", "Семинар для директоров", "Иванов И. И."),
                                            (3, "2", "Мониторинг", "Кузнецова А. А.")]
        assert report.roadmap.last_id == 4


def test_a_roadmap_to_update_can_be_named_and_a_new_title_given(tree):
    with edit(tree) as site:
        _, first = roadmaps.import_roadmap(site["66"], plan(*ROWS), "a.docx", "region66")
        _, other = roadmaps.import_roadmap(site["66"], plan(*ROWS[:1], title="Другой план"), "b.docx", "region66")
        assert other.created and other.roadmap is not first.roadmap
        _, again = roadmaps.import_roadmap(site["66"], plan(*ROWS[:2], title="Другой план"), "c.docx", "region66",
                                           title="План на 2022 год", into=first.roadmap.__name__)
        assert again.roadmap is first.roadmap and again.removed == 1
        assert first.roadmap.title == "План на 2022 год"
        with pytest.raises(roadmaps.RoadmapRefused, match="Дорожной карты «nowhere» здесь нет"):
            roadmaps.import_roadmap(site["66"], plan(*ROWS), "a.docx", "region66", into="nowhere")


def test_a_file_with_errors_writes_nothing(tree):
    last = tree.lastTransaction()
    bad = plan(ROWS[0], ("2.", "", "Июнь 2022", "Петров П. П."))
    with edit(tree) as site:
        with pytest.raises(roadmaps.RoadmapRefused) as refused:
            roadmaps.import_roadmap(site["66"], bad, "план.docx", "region66")
        assert refused.value.details == ["Таблица 1, строка 3: нет текста мероприятия (столбец «Мероприятие» пуст)."]
        assert str(refused.value).startswith("Файл не загружен, ничего не изменилось: Таблица 1, строка 3")
        assert site["66"].get("roadmaps") is None
    assert tree.lastTransaction() == last


def test_the_federation_and_a_school_keep_their_own_roadmaps(tree):
    with edit(tree) as site:
        _, federal = roadmaps.import_roadmap(site, seed_docx(0), seed_filename(0), "federal")
        _, school = roadmaps.import_roadmap(site["66"]["m1"]["s1"], seed_docx(3), seed_filename(3), "head")
        assert federal.roadmap.level == "federal" and len(federal.roadmap) == 76
        assert {m.level for m in federal.roadmap.measures.values()} == {"federal"}
        assert school.roadmap.level == "school" and len(school.roadmap) == 9
        assert [s.title for s in federal.roadmap.sections][1] == "Этап пилотирования (2022 год)"
        assert [len(found) for _, found in federal.roadmap.by_section()] == [3, 30, 25, 18]


def test_the_regions_roadmap_by_level_and_year(tree):
    with edit(tree) as site:
        _, report = roadmaps.import_roadmap(site["66"], seed_docx(2), seed_filename(2), "region66")
        roadmap = report.roadmap
        assert roadmap.levels() == ["region", "municipality", "school"]
        assert roadmap.years() == [2018, 2019, 2020, 2021, 2022, 2023]
        school_2020 = [m for _, found in roadmap.by_section("school", 2020) for m in found]
        assert school_2020 and all(m.level == "school" and m.year == 2020 for m in school_2020)
        assert sum(len(found) for _, found in roadmap.by_section("school")) == 132


def xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_excel_book_of_seed_001_reads_as_its_word_document():
    # The seed's table as an operator pastes it into Excel: the header, the rows, the row cut by the page.
    grids = [b for b in RECIPES[1]() if isinstance(b, Grid)]
    rows = grids[0].rows + grids[1].rows
    # NB: merged cells arrive in Excel as the text repeated, as people paste them.
    for row in rows[2:]:
        if row[0] and not row[4]:
            row[4] = "Горностаева С.М. Ковалева И.В."
    from_excel = roadmaps.read_document(xlsx(rows), "проект.xlsx", "region")
    from_word = read_blocks(word_blocks(seed_docx(1), "проект.docx"), "region")
    assert from_excel.errors == []
    assert [(m.text, m.period, m.result, m.indicator, m.responsible) for m in from_excel.measures] == \
        [(m.text, m.period, m.result, m.indicator, m.responsible) for m in from_word.measures]


def test_a_csv_is_read_too():
    data = "Сроки;Мероприятия;Ответственный\nАпрель 2021;Сбор информации;Горностаева С.М.\n".encode()
    reading = roadmaps.read_document(data, "план.csv", "region")
    assert [(m.text, m.period.kind, m.responsible) for m in reading.measures] == [
        ("Сбор информации", MONTH, "Горностаева С.М.")]


@pytest.mark.parametrize("filename, data, message", [
    ("план.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "не принят"),
    ("план.odt", b"PK\x03\x04", "не принят: дорожная карта загружается документом Word"),
    ("план.docx", b"", "пуст"),
    ("план.xlsx", xlsx([["Фамилия", "Имя", "Отчество"], ["Иванов", "Иван", "Иванович"]]),
     "Таблица 1: не найдена строка заголовков"),
    ("план.xlsx", xlsx([["Мероприятие", "Срок"]]), "в таблицах не найдено ни одного мероприятия"),
])
def test_what_is_no_roadmap_is_one_error_naming_why(filename, data, message):
    reading = roadmaps.read_document(data, filename, "region")
    assert len(reading.errors) == 1 and message in reading.errors[0].line(), reading.errors
    assert reading.measures == ()


def test_merged_cells_of_an_excel_sheet_give_their_text_to_the_rows_they_span():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Циклограмма мероприятий"])
    sheet.append(["№ п/п", "Мероприятие", "Цель", "Сроки", "Ответственные"])
    sheet.append(["1.", "Планирование", "Формирование графика аттестации", "август", "Ответственный за аттестацию"])
    sheet.append(["2.", None, "Создание расписания поддержки педагога", None, None])
    sheet.append(["Итоги года", None, None, None, None])
    sheet.append(["3.", "Рефлексия", "Оформление результатов", "май", "Руководитель ОО"])
    for cells in ("B3:B4", "D3:D4", "E3:E4", "A5:E5"):
        sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    reading = roadmaps.read_document(out.getvalue(), "циклограмма.xlsx", "school")
    assert reading.errors == [] and reading.title == "Циклограмма мероприятий"
    assert [(m.number, m.text, m.result, m.period.text, m.responsible, reading.sections[m.section].title)
            for m in reading.measures] == [
        ("1", "Планирование", "Формирование графика аттестации", "август", "Ответственный за аттестацию", ""),
        ("2", "Планирование", "Создание расписания поддержки педагога", "август", "Ответственный за аттестацию", ""),
        ("3", "Рефлексия", "Оформление результатов", "май", "Руководитель ОО", "Итоги года")]
    assert [(m.kind, m.table, m.row, m.into_row, m.column) for m in reading.merges] == [
        ("cell", 1, 4, 3, "Мероприятие"), ("cell", 1, 4, 3, "Сроки"), ("cell", 1, 4, 3, "Ответственные")]
