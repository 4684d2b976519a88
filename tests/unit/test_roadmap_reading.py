"""Reading a roadmap out of tables: the layouts real documents have beyond the seeds."""
from core.docinspect.wordtables import Cell, Paragraph, Row, Table
from core.roadmaps.periods import RECURRENCE
from core.roadmaps.reading import continues, read_blocks, read_rows, section_years


def table(number, *rows):
    return Table(number, tuple(Row(i, tuple(Cell(text, c) for c, text in enumerate(row)))
                               for i, row in enumerate(rows, start=1)))


HEADER = ("№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственные исполнители")


def test_a_row_of_column_numbers_and_a_title_row_inside_the_table():
    reading = read_rows([(1, list(HEADER)), (2, ["1", "2", "3", "4"]),
                         (3, ["Раздел 1. Нормативное обеспечение", "", "", ""]),
                         (4, ["1.", "Приказ", "Май 2022", "Министерство"]),
                         (5, ["Раздел 2. Методическое сопровождение 2023–2024 гг.", "", "", ""]),
                         (6, ["1.", "Семинары", "ежегодно", "Институт"])])
    assert reading.errors == []
    assert [s.title for s in reading.sections] == ["", "Раздел 1. Нормативное обеспечение",
                                                   "Раздел 2. Методическое сопровождение 2023–2024 гг."]
    assert [(m.section, m.text) for m in reading.measures] == [(1, "Приказ"), (2, "Семинары")]
    assert reading.measures[1].period.kind == RECURRENCE and reading.measures[1].period.start.year == 2023


def test_a_header_of_the_next_page_in_a_table_of_its_own_and_a_continuation_without_one():
    first = table(1, HEADER, ("1.", "Разработка положения о", "Май 2022", "Министерство"))
    second = table(2, HEADER, ("", "муниципальной системе оценки", "", ""), ("2.", "Семинар", "Июнь 2022", "ИРО"))
    third = table(3, ("3.", "Конференция", "Август 2022", "ИРО"))
    reading = read_blocks([first, Paragraph("¹ Сноска к таблице"), second, third])
    assert [(m.number, m.text) for m in reading.measures] == [
        ("1", "Разработка положения о муниципальной системе оценки"), ("2", "Семинар"), ("3", "Конференция")]
    assert [(m.kind, m.table, m.row, m.into_table, m.into_row) for m in reading.merges] == [
        ("continuation", 2, 2, 1, 2)]


def test_a_continuation_of_another_width_is_an_error_naming_the_table():
    reading = read_blocks([table(1, HEADER, ("1.", "Семинар", "Май 2022", "ИРО")), table(2, ("2.", "Приказ", "Май"))])
    assert [p.line() for p in reading.errors] == [
        "Таблица 2: в таблице 3 столбцов, а в таблице 1 с её заголовком — 4: продолжение таблицы не совпадает с ней."]


def test_a_row_wider_than_its_header_is_an_error_naming_the_row():
    rows = [Row(1, tuple(Cell(t, c) for c, t in enumerate(HEADER))),
            Row(2, tuple(Cell(t, c) for c, t in enumerate(("1.", "Семинар", "Май 2022", "ИРО", "лишнее"))))]
    reading = read_blocks([Table(1, tuple(rows))])
    assert [p.line() for p in reading.errors] == [
        "Таблица 1, строка 2: в строке больше столбцов, чем в заголовке (5 против 4): текст за последним столбцом "
        "не читается."]


def test_a_header_spanning_two_columns_names_the_first_and_the_other_is_not_read():
    cells = (Cell("Срок", 0), Cell("Мероприятие", 1, span=2), Cell("Ответственный", 3))
    rows = (Row(1, cells), Row(2, tuple(Cell(t, c) for c, t in enumerate(("Май 2022", "Семинар", "пояснение",
                                                                           "ИРО")))))
    reading = read_blocks([Table(1, rows)])
    assert [(c.header, c.field) for c in reading.layouts[0].columns] == [
        ("Срок", "period"), ("Мероприятие", "text"), ("Ответственный", "responsible")]
    assert reading.measures[0].text == "Семинар" and reading.measures[0].responsible == "ИРО"


def test_a_title_before_the_first_table_names_the_roadmap_and_sections_come_from_titles_between_tables():
    blocks = [Paragraph("Утверждаю"), Paragraph("План мероприятий («дорожная карта») на 2024 год"),
              Paragraph("1. Нормативное обеспечение", heading=True), table(1, HEADER, ("1.", "Приказ", "Май", "")),
              Paragraph("2. Кадры"), table(2, HEADER, ("1.", "Курсы", "Июнь", ""))]
    reading = read_blocks(blocks)
    assert reading.title == "План мероприятий («дорожная карта») на 2024 год"
    assert [s.title for s in reading.sections] == ["1. Нормативное обеспечение", "2. Кадры"]


def test_what_continues_a_cell_cut_by_a_page():
    assert continues("Проведение процедур и", "классов, по которым", after_break=False)
    assert not continues("Проведение процедур", "Участие в исследованиях", after_break=True)
    assert continues("Участие во Всероссийском проекте", "«Билет в будущее»", after_break=True)
    assert not continues("Участие во Всероссийском проекте.", "«Билет в будущее»", after_break=True)
    assert not continues("Участие во Всероссийском проекте", "«Билет в будущее»", after_break=False)
    assert continues("1. Анализ\n2. Семинар\n8. Подготовка к", "Регионального чемпионата.\n9. Участие", True)
    assert not continues("1. Анализ\n2. Семинар", "1. Новый список\n2. Ещё", True)
    assert not continues("", "классов", True)


def test_section_years():
    assert section_years("Этап реализации 2023–2024 гг.") == (2023, 2024)
    assert section_years("Подготовительный этап (2021 год)") == (2021, 2021)
    assert section_years("Система профориентации") == (None, None)


def test_a_title_across_the_row_after_its_number_is_a_section_and_a_spanning_cell_is_read_once():
    header = Row(1, tuple(Cell(t, c) for c, t in enumerate(HEADER)))
    section = Row(2, (Cell("1.", 0), Cell("Организационное обеспечение", 1, span=3)))
    measure = Row(3, (Cell("1.1", 0), Cell("Приказ о рабочей группе", 1), Cell("Май 2022", 2), Cell("ИРО", 3)))
    shared = Row(4, (Cell("1.2", 0), Cell("Положение о мониторинге", 1), Cell("Июнь 2022", 2, span=2)))
    reading = read_blocks([Table(1, (header, section, measure, shared))])
    assert reading.errors == []
    assert [s.title for s in reading.sections] == ["", "1. Организационное обеспечение"]
    assert [(m.section, m.number, m.text, m.responsible) for m in reading.measures] == [
        (1, "1.1", "Приказ о рабочей группе", "ИРО"), (1, "1.2", "Положение о мониторинге", None)]
    assert reading.measures[1].period.text == "Июнь 2022"
