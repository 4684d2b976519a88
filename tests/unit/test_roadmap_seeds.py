"""The five seed roadmaps, rebuilt as the Word documents people upload (tests/roadmap_seeds.py), read back.

The expected figures are a count by hand of the seed texts (core/demo/seeds/), not of what the importer gives:

- 000: the rows numbered «1.», «2.»… of each stage's table, the numbering restarting with each stage
  (stage 3 ends with a row «26.» that holds nothing: no measure); a row with no number after a repeated
  header is the rest of the row above, cut by the page.
- 001, 003: the rows of the table under its header (001: seven dated rows; 003: nine numbered rows); the row
  after the blank line (the page break) continues the row above.
- 004: the cells of the extracted text in fours (each begins on a line opening with a tab), less the header:
  116 such lines, 29 rows, 28 measures.
- 002: for each system, every row under its header that is not the rest of a row cut by the page break (the
  first row after a repeated header «ГОД …» that carries on mid-sentence: lines 14, 23, 39, 45, 65, 89, 131,
  164, 242, 254, 269, 273, 276, 280 of the seed), one measure per level cell that is neither empty nor «-».
"""
import hashlib

import pytest

from core.docinspect.wordtables import word_blocks
from core.roadmaps.periods import DATE, DURING, MONTH, RANGE, RECURRENCE, RELATIVE, UNDATED
from core.roadmaps.reading import read_blocks
from tests.roadmap_seeds import seed_docx, seed_filename, seed_text
from tests.unit.test_roadmap_periods import SEED_PERIODS, SEED_UNPARSED

STAGES_000 = {
    "Подготовительный этап (2021 год)": 3,
    "Этап пилотирования (2022 год)": 30,
    "Этап реализации 2023–2024 гг.": 25,
    "Этап масштабирования (развития и совершенствования) 2025–2030 гг.": 18,
}
SYSTEMS_002 = {  # system: (region, municipality, school)
    "Система оценки качества подготовки обучающихся": (64, 48, 48),
    "Система обеспечения объективности процедур ОКО": (12, 8, 6),
    "Система мониторинга эффективности руководителей всех ОО региона": (22, 22, 22),
    "Система мониторинга качества повышения квалификации педагогов": (24, 16, 16),
    "Система методической работы": (8, 6, 5),
    "Система работы со школами с низкими образовательными результатами": (22, 20, 20),
    "Система развития таланта": (21, 13, 11),
    "Система профориентации": (4, 4, 4),
}
SINGLE = {1: 7, 3: 9, 4: 28}


def read_seed(number, level="region"):
    return read_blocks(word_blocks(seed_docx(number), seed_filename(number)), level)


@pytest.fixture(scope="module")
def readings():
    return {n: read_seed(n) for n in range(5)}


def by_section(reading):
    counts = {}
    for measure in reading.measures:
        title = reading.sections[measure.section].title
        counts[title] = counts.get(title, 0) + 1
    return counts


def texts(reading, section_title):
    index = next(i for i, s in enumerate(reading.sections) if s.title == section_title)
    return [m for m in reading.measures if m.section == index]


def test_the_seeds_are_read_without_errors(readings):
    for number, reading in readings.items():
        assert reading.errors == [], (number, [p.line() for p in reading.errors])


def test_000_gives_each_stage_its_measures_numbered_from_one(readings):
    reading = readings[0]
    assert reading.title.startswith("Программа внедрения Целевой модели аттестации руководителей")
    assert by_section(reading) == STAGES_000
    for title, count in STAGES_000.items():
        assert [m.number for m in texts(reading, title)] == [str(n) for n in range(1, count + 1)]
    assert [(s.first_year, s.last_year) for s in reading.sections] == [(2021, 2021), (2022, 2022), (2023, 2024),
                                                                       (2025, 2030)]
    # The empty row «26.» is said and skipped.
    assert [p.line() for p in reading.warnings] == ["Таблица 17, строка 5: пустая строка «26.» пропущена."]


def test_000_rows_cut_by_a_page_break_are_whole_again(readings):
    pilot = texts(readings[0], "Этап пилотирования (2022 год)")
    assert pilot[2].text == ("Определение перечня субъектов Российской Федерации для апробации целевой модели "
                             "аттестации руководителей общеобразовательных организаций")
    assert pilot[2].result == ("Письмо Минпросвещения России о проведении апробации целевой модели аттестации "
                               "руководителей общеобразовательных организаций Перечень субъектов РФ для апробации "
                               "целевой модели аттестации руководителей общеобразовательных организаций")
    # cut mid-word-group, the rest beginning with a capital letter: the number is what tells
    assert pilot[10].text == ("Направление пакета документов по внедрению Целевой модели в органы исполнительной "
                              "власти субъектов Российской Федерации, ответственные за реализацию полномочий в сфере "
                              "образования и органы местного самоуправления Российской Федерации, ответственные за "
                              "реализацию полномочий в сфере образования субъекты РФ")
    assert pilot[17].responsible == "Региональные операторы Муниципальные операторы"
    assert pilot[21].text == ("Регистрация участников аттестации (на основании утвержденного графика) в личных "
                              "кабинетах")
    assert pilot[13].responsible.endswith("ответственные за реализацию полномочий в сфере образования")


def test_000_periods_by_stage(readings):
    reading = readings[0]
    first = texts(reading, "Подготовительный этап (2021 год)")[0]
    assert (first.period.kind, first.period.start.isoformat()) == (DATE, "2021-11-10")
    assert first.responsible == "Разработчик Министерство просвещения РФ"
    assert first.result == "Проведение всероссийской конференции"
    yearly = texts(reading, "Этап реализации 2023–2024 гг.")
    # the column says «(ежегодно)»: every date of the stage recurs in 2023 and 2024
    assert {m.period.kind for m in yearly} == {RECURRENCE, DURING}
    assert (yearly[0].period.day, yearly[0].period.month) == (10, 1)
    scaling = texts(reading, "Этап масштабирования (развития и совершенствования) 2025–2030 гг.")
    assert scaling[1].period.text == "20 февраля 2025, далее до 20 января ежегодно"
    assert scaling[6].period.kind == UNDATED
    assert scaling[16].period.every == "quarter"
    # merged cells give their text to every row they span
    assert scaling[9].period.text == scaling[10].period.text == "15 марта 2025, далее до 15 февраля ежегодно"
    assert scaling[9].notes == scaling[10].notes == "По мере необходимости"


def test_002_gives_every_level_cell_of_every_system_its_measure(readings):
    reading = readings[2]
    assert reading.title.startswith("К проекту Дорожной карты по развитию региональной системы оценки качества")
    assert [s.title for s in reading.sections] == list(SYSTEMS_002)
    for title, (region, municipality, school) in SYSTEMS_002.items():
        found = texts(reading, title)
        assert [sum(m.level == level for m in found) for level in ("region", "municipality", "school")] == \
            [region, municipality, school], title
    assert len(reading.measures) == 446
    assert all(m.period is None and m.number is None and m.responsible is None for m in reading.measures)


def test_002_years_given_once_are_carried_down(readings):
    first = texts(readings[2], "Система оценки качества подготовки обучающихся")
    years = [m.year for m in first]
    assert years[0] == 2019 and years[-1] == 2023 and years == sorted(years)
    assert {m.year for m in first} == {2019, 2020, 2021, 2022, 2023}
    careers = texts(readings[2], "Система профориентации")
    assert [m.year for m in careers if m.level == "region"] == [2018, 2019, 2020, 2021]
    objectivity = texts(readings[2], "Система обеспечения объективности процедур ОКО")
    assert sorted({m.year for m in objectivity}) == [2019, 2023]


def test_002_rows_cut_by_a_page_break_are_whole_again(readings):
    first = texts(readings[2], "Система оценки качества подготовки обучающихся")
    regional = [m for m in first if m.level == "region"]
    assert regional[3].text.endswith("в конце учебного года - итоговая - за исключением предметов и классов, по "
                                     "которым проводятся ВПР)")
    careers = texts(readings[2], "Система профориентации")
    school = [m for m in careers if m.level == "school"]
    # the rest begins with a quote and with a capital letter: a quote opened mid-sentence, the list's next item
    assert "Участие во Всероссийском проекте «Билет в будущее»" in school[2].text
    assert "соревнованиях Регионального чемпионата «Абилимпикс»." in school[3].text
    assert "9. Участие в неделе профессиональных проб" in school[3].text
    # sub-items inside a cell stay one measure, one paragraph each
    assert school[3].text.count("\n") >= 8


def test_001_and_003_and_004_single_tables(readings):
    for number, count in SINGLE.items():
        assert len(readings[number].measures) == count, number
        assert len(readings[number].sections) == 1
    krasnoyarsk = readings[1]
    assert krasnoyarsk.title == ("Проект «Единая модель аттестации руководителей образовательных организаций "
                                 "Красноярского края»")
    july = krasnoyarsk.measures[3]
    assert july.text == ("Оформление методических рекомендаций для муниципалитетов по организации и проведению "
                         "аттестации руководителей ОО на соответствие занимаемой должности")
    assert july.indicator.endswith("образовательных организаций на соответствие занимаемой должности")
    assert july.responsible == "Горностаева С.М. Ковалева И.В."  # a merged cell
    assert krasnoyarsk.measures[4].period.kind == MONTH and krasnoyarsk.measures[4].period.start.month == 8
    assert [m.participants for m in krasnoyarsk.measures][:2] == ["Муниципальные управления образования "
                                                                  "Красноярского края", "Разработческие группы*"]

    school = readings[3]
    assert [m.number for m in school.measures] == [str(n) for n in range(1, 10)]
    third = school.measures[2]
    assert (third.text, third.period.text, third.responsible) == ("Планирование", "август",
                                                                  "Ответственный за аттестацию в ОО")
    assert third.result.startswith("Создание расписания поддержки педагога")
    seventh = school.measures[6]
    assert seventh.result.endswith("- технологическая карта урока (прикрепляется по должности «учитель начальных "
                                   "классов»).")
    assert "сопроводительного письма руководителя ОО" in seventh.result
    assert [m.period.kind for m in school.measures][5:8] == [RELATIVE, RELATIVE, RELATIVE]

    municipal = readings[4]
    assert municipal.title is None
    sixth = municipal.measures[5]
    assert sixth.text == "Анкетирование кандидатов в кураторы"
    assert sixth.result.endswith("Анкетирование является дополнительным инструментом принятия решения о "
                                 "назначении куратора")
    assert municipal.measures[6].text == ("Кураторы ОО назначены\nНачало сбора данных для заключения договоров\n"
                                          "(заполнена электронная форма)")
    assert [m.period.text for m in municipal.measures[3:6]] == ["Январь-февраль 2022"] * 3
    assert municipal.measures[9].period.kind == RANGE
    assert municipal.measures[-1].indicator == "Доля ОО с подтвержденным наступлением позитивных изменений"


def test_every_period_text_of_the_seeds_is_listed_in_the_period_tests(readings):
    listed = {" ".join(text.split()) for text, *_ in SEED_PERIODS} | set(SEED_UNPARSED)
    found = {m.period.text for r in readings.values() for m in r.measures if m.period is not None}
    assert found <= listed, found - listed
    assert not [m for r in readings.values() for m in r.unparsed if m.period.text not in SEED_UNPARSED]


def test_the_seed_texts_are_the_ones_counted():
    # NB: a copy of the project's seeds (DOMAIN.md); the hand counts above are of these very texts.
    assert [hashlib.sha256(seed_text(n).encode()).hexdigest()[:16] for n in range(5)] == [
        "2ede2d9cb9d84111", "dc36835692f47ba9", "7baa20545ce9adf0", "434331416bdcb77f", "c6443150d84730ed"]
