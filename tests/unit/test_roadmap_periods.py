"""The periods of roadmaps: every distinct period text of the five seeds, read, and the forms around them."""
import datetime

import pytest

from core.roadmaps.periods import (
    DATE,
    DEADLINE,
    DURING,
    MONTH,
    RANGE,
    RECURRENCE,
    RELATIVE,
    UNDATED,
    UNPARSED,
    YEAR,
    deadlines,
    parse_period,
    year_period,
)

D = datetime.date
# The contexts the seeds' tables give their periods: the years of the section (000's stage titles), and
# whether the column says «(ежегодно)» (000's stage of 2023–2024).
STAGE_2021, STAGE_2022 = (2021, 2021, False), (2022, 2022, False)
YEARLY_2023_2024, STAGE_2025_2030 = (2023, 2024, True), (2025, 2030, False)
NONE = (None, None, False)

# Every distinct text of the column of dates of the five seeds (002 has none: its rows are dated by the
# year column), as written, with the context of its table and what it must be read as:
# (text, context, kind, start, end, extra fields).
SEED_PERIODS = [
    # 000, the preparatory stage (2021)
    ("10 ноября 2021 года", STAGE_2021, DATE, D(2021, 11, 10), D(2021, 11, 10), {}),
    ("31 декабря 2021 года", STAGE_2021, DATE, D(2021, 12, 31), D(2021, 12, 31), {}),
    ("31 декабря 2021", STAGE_2021, DATE, D(2021, 12, 31), D(2021, 12, 31), {}),
    # 000, the pilot stage (2022); italics are the critical path, read as the text they hold
    ("1 февраля 2022 года", STAGE_2022, DATE, D(2022, 2, 1), D(2022, 2, 1), {}),
    ("20 февраля 2022 года", STAGE_2022, DATE, D(2022, 2, 20), D(2022, 2, 20), {}),
    ("1 марта 2022 года", STAGE_2022, DATE, D(2022, 3, 1), D(2022, 3, 1), {}),
    ("15 марта 2022 года", STAGE_2022, DATE, D(2022, 3, 15), D(2022, 3, 15), {}),
    ("20 марта 2022 года", STAGE_2022, DATE, D(2022, 3, 20), D(2022, 3, 20), {}),
    ("25 марта 2022 года", STAGE_2022, DATE, D(2022, 3, 25), D(2022, 3, 25), {}),
    ("10 апреля 2022 года", STAGE_2022, DATE, D(2022, 4, 10), D(2022, 4, 10), {}),
    ("1 мая 2022 года", STAGE_2022, DATE, D(2022, 5, 1), D(2022, 5, 1), {}),
    ("30 мая 2022 года", STAGE_2022, DATE, D(2022, 5, 30), D(2022, 5, 30), {}),
    ("1 июня 2022 года", STAGE_2022, DATE, D(2022, 6, 1), D(2022, 6, 1), {}),
    ("30 августа 2022 года", STAGE_2022, DATE, D(2022, 8, 30), D(2022, 8, 30), {}),
    ("31 августа 2022 года", STAGE_2022, DATE, D(2022, 8, 31), D(2022, 8, 31), {}),
    ("31 августа — 15 декабря 2022 года", STAGE_2022, RANGE, D(2022, 8, 31), D(2022, 12, 15), {}),
    ("15 сентября 2022 года", STAGE_2022, DATE, D(2022, 9, 15), D(2022, 9, 15), {}),
    ("В течение всего периода аттестации", STAGE_2022, DURING, None, None, {"anchor": "всего периода аттестации"}),
    ("15 декабря 2022 года", STAGE_2022, DATE, D(2022, 12, 15), D(2022, 12, 15), {}),
    ("25 декабря 2022 года", STAGE_2022, DATE, D(2022, 12, 25), D(2022, 12, 25), {}),
    ("31 декабря 2022 года", STAGE_2022, DATE, D(2022, 12, 31), D(2022, 12, 31), {}),
    # 000, the stage of 2023–2024, column «Срок исполнения (ежегодно)»: each day recurs in both years
    ("10 января", YEARLY_2023_2024, RECURRENCE, D(2023, 1, 1), D(2024, 12, 31),
     {"every": "year", "day": 10, "month": 1}),
    ("1 февраля", YEARLY_2023_2024, RECURRENCE, D(2023, 1, 1), D(2024, 12, 31),
     {"every": "year", "day": 1, "month": 2}),
    ("15 февраля", YEARLY_2023_2024, RECURRENCE, D(2023, 1, 1), D(2024, 12, 31), {"day": 15, "month": 2}),
    ("1 марта", YEARLY_2023_2024, RECURRENCE, D(2023, 1, 1), D(2024, 12, 31), {"day": 1, "month": 3}),
    ("5 марта", YEARLY_2023_2024, RECURRENCE, D(2023, 1, 1), D(2024, 12, 31), {"day": 5, "month": 3}),
    ("15 марта", YEARLY_2023_2024, RECURRENCE, D(2023, 1, 1), D(2024, 12, 31), {"day": 15, "month": 3}),
    ("25 марта", YEARLY_2023_2024, RECURRENCE, D(2023, 1, 1), D(2024, 12, 31), {"day": 25, "month": 3}),
    ("1 апреля", YEARLY_2023_2024, RECURRENCE, D(2023, 1, 1), D(2024, 12, 31), {"day": 1, "month": 4}),
    ("15 апреля", YEARLY_2023_2024, RECURRENCE, D(2023, 1, 1), D(2024, 12, 31), {"day": 15, "month": 4}),
    ("25 апреля", YEARLY_2023_2024, RECURRENCE, D(2023, 1, 1), D(2024, 12, 31), {"day": 25, "month": 4}),
    ("25 мая", YEARLY_2023_2024, RECURRENCE, D(2023, 1, 1), D(2024, 12, 31), {"day": 25, "month": 5}),
    ("1 июня", YEARLY_2023_2024, RECURRENCE, D(2023, 1, 1), D(2024, 12, 31), {"day": 1, "month": 6}),
    ("5 июня", YEARLY_2023_2024, RECURRENCE, D(2023, 1, 1), D(2024, 12, 31), {"day": 5, "month": 6}),
    ("5 июня — 15 декабря", YEARLY_2023_2024, RECURRENCE, D(2023, 1, 1), D(2024, 12, 31),
     {"day": 15, "month": 12, "from_day": 5, "from_month": 6}),
    ("15 сентября", YEARLY_2023_2024, RECURRENCE, D(2023, 1, 1), D(2024, 12, 31), {"day": 15, "month": 9}),
    ("15 декабря", YEARLY_2023_2024, RECURRENCE, D(2023, 1, 1), D(2024, 12, 31), {"day": 15, "month": 12}),
    ("31 декабря", YEARLY_2023_2024, RECURRENCE, D(2023, 1, 1), D(2024, 12, 31), {"day": 31, "month": 12}),
    # 000, the stage of scaling (2025–2030): a first date, then yearly by another day
    ("1 февраля 2025 года", STAGE_2025_2030, DATE, D(2025, 2, 1), D(2025, 2, 1), {}),
    ("20 февраля 2025, далее до 20 января ежегодно", STAGE_2025_2030, RECURRENCE, D(2025, 2, 20), None,
     {"every": "year", "day": 20, "month": 1, "first": D(2025, 2, 20)}),
    ("1 марта 2025, далее до 1 февраля ежегодно", STAGE_2025_2030, RECURRENCE, D(2025, 3, 1), None,
     {"day": 1, "month": 2}),
    ("05 марта 2025, далее до 05 февраля ежегодно", STAGE_2025_2030, RECURRENCE, D(2025, 3, 5), None,
     {"day": 5, "month": 2}),
    ("15 марта 2025, далее до 15 февраля ежегодно", STAGE_2025_2030, RECURRENCE, D(2025, 3, 15), None,
     {"day": 15, "month": 2}),
    ("1 апреля 2025, далее до 1 марта ежегодно", STAGE_2025_2030, RECURRENCE, D(2025, 4, 1), None,
     {"day": 1, "month": 3}),
    ("1 мая 2025, далее до 1 апреля ежегодно", STAGE_2025_2030, RECURRENCE, D(2025, 5, 1), None,
     {"day": 1, "month": 4}),
    ("По общероссийскому плану-графику", STAGE_2025_2030, UNDATED, None, None,
     {"anchor": "по общероссийскому плану-графику"}),
    ("Ежеквартально, 15 числа каждого последнего месяца квартала", STAGE_2025_2030, RECURRENCE, D(2025, 1, 1),
     D(2030, 12, 31), {"every": "quarter", "day": 15, "month": 3}),
    # NB: the stage spans six years and every other deadline of it recurs: its last day recurs too.
    ("31 декабря", STAGE_2025_2030, RECURRENCE, D(2025, 1, 1), D(2030, 12, 31), {"day": 31, "month": 12}),
    # 001, Krasnoyarsk: months, an event of a month, a stretch of the year on request
    ("Апрель 2021", NONE, MONTH, D(2021, 4, 1), D(2021, 4, 30), {}),
    ("Май 2021", NONE, MONTH, D(2021, 5, 1), D(2021, 5, 31), {}),
    ("Июнь 2021", NONE, MONTH, D(2021, 6, 1), D(2021, 6, 30), {}),
    ("Июль 2021", NONE, MONTH, D(2021, 7, 1), D(2021, 7, 31), {}),
    ("Августовская конференция 2021 года", NONE, MONTH, D(2021, 8, 1), D(2021, 8, 31), {"note": "конференция"}),
    ("В течение года по запросу", NONE, DURING, None, None, {"anchor": "год", "note": "по запросу"}),
    # 003, the school's cyclogram: no year at all (the school's year decides), times before an event
    ("август", NONE, MONTH, None, None, {"month": 8}),
    ("вводный в августе, текущий согласно индивидуальному графику аттестации", NONE, MONTH, None, None,
     {"month": 8, "note": "текущий согласно индивидуальному графику аттестации"}),
    ("в течение учебного года", NONE, DURING, None, None, {"anchor": "учебный год"}),
    ("за 20 дней до планируемых сроков аттестации", NONE, RELATIVE, None, None,
     {"offset": -20, "anchor": "планируемых сроков аттестации"}),
    ("за 10 дней до планируемых сроков аттестации", NONE, RELATIVE, None, None, {"offset": -10}),
    ("за 5 дня до планируемых сроков аттестации", NONE, RELATIVE, None, None, {"offset": -5}),
    # 004, the municipal roadmap of the 500+ project
    ("Ноябрь 2021", NONE, MONTH, D(2021, 11, 1), D(2021, 11, 30), {}),
    ("Декабрь 2021", NONE, MONTH, D(2021, 12, 1), D(2021, 12, 31), {}),
    ("Январь-февраль 2022", NONE, RANGE, D(2022, 1, 1), D(2022, 2, 28), {}),
    ("Февраль 2022", NONE, MONTH, D(2022, 2, 1), D(2022, 2, 28), {}),
    ("10.02.2022 –\n23.06.2022", NONE, RANGE, D(2022, 2, 10), D(2022, 6, 23), {}),
    ("Февраль –март 2022 –", NONE, RANGE, D(2022, 2, 1), D(2022, 3, 31), {}),
    ("Март- Апрель 2022", NONE, RANGE, D(2022, 3, 1), D(2022, 4, 30), {}),
    ("01.03.2022", NONE, DATE, D(2022, 3, 1), D(2022, 3, 1), {}),
    ("Март - апрель 2022", NONE, RANGE, D(2022, 3, 1), D(2022, 4, 30), {}),
    ("До 30 марта 2022", NONE, DEADLINE, None, D(2022, 3, 30), {}),
    ("Апрель 2022", NONE, MONTH, D(2022, 4, 1), D(2022, 4, 30), {}),
    ("Апрель – май 2022", NONE, RANGE, D(2022, 4, 1), D(2022, 5, 31), {}),
    ("Апрель - май 2022", NONE, RANGE, D(2022, 4, 1), D(2022, 5, 31), {}),
    ("Май  2022", NONE, MONTH, D(2022, 5, 1), D(2022, 5, 31), {}),
    ("Апрель –сентябрь 2022", NONE, RANGE, D(2022, 4, 1), D(2022, 9, 30), {}),
    ("Май 2022", NONE, MONTH, D(2022, 5, 1), D(2022, 5, 31), {}),
    ("01.06.2022 –\n20.06.2022", NONE, RANGE, D(2022, 6, 1), D(2022, 6, 20), {}),
    ("Июнь 2022", NONE, MONTH, D(2022, 6, 1), D(2022, 6, 30), {}),
    ("Сентябрь 2022", NONE, MONTH, D(2022, 9, 1), D(2022, 9, 30), {}),
    ("20.12.2022", NONE, DATE, D(2022, 12, 20), D(2022, 12, 20), {}),
]
# Texts of the seeds no rule reads, on purpose: none. (A text added here is one the importer must report.)
SEED_UNPARSED = []


@pytest.mark.parametrize("text, context, kind, start, end, extra", SEED_PERIODS, ids=[p[0] for p in SEED_PERIODS])
def test_every_period_of_the_seeds_is_read(text, context, kind, start, end, extra):
    period = parse_period(text, *context)
    assert period.text == " ".join(text.split())  # kept as written (the line break of a cell is a space)
    assert (period.kind, period.start, period.end) == (kind, start, end), period
    for name, value in extra.items():
        assert getattr(period, name) == value, (name, period)


def test_the_list_holds_each_text_once_per_context():
    keys = [(text, context) for text, context, *_ in SEED_PERIODS]
    assert len(keys) == len(set(keys))


def test_a_period_is_kept_as_written_with_its_markup_dropped():
    period = parse_period("<i>15 сентября 2022 года</i>", 2022)
    assert period.text == "15 сентября 2022 года" and period.start == D(2022, 9, 15)


def test_an_empty_cell_has_no_period():
    assert parse_period("") is None and parse_period("  \n ") is None and parse_period(None) is None


@pytest.mark.parametrize("text, kind, start, end", [
    ("01.06–20.06", RANGE, None, None),
    ("01.06-20.06.2022", RANGE, D(2022, 6, 1), D(2022, 6, 20)),
    ("1 декабря – 31 января 2023", RANGE, D(2022, 12, 1), D(2023, 1, 31)),
    ("декабрь 2022 – январь 2023", RANGE, D(2022, 12, 1), D(2023, 1, 31)),
    ("2019", YEAR, D(2019, 1, 1), D(2019, 12, 31)),
    ("2019 год", YEAR, D(2019, 1, 1), D(2019, 12, 31)),
    ("2021–2022 гг.", RANGE, D(2021, 1, 1), D(2022, 12, 31)),
    ("II квартал 2022", RANGE, D(2022, 4, 1), D(2022, 6, 30)),
    ("4 квартал 2022 года", RANGE, D(2022, 10, 1), D(2022, 12, 31)),
    ("первое полугодие 2023", RANGE, D(2023, 1, 1), D(2023, 6, 30)),
    ("не позднее 15.09.2022", DEADLINE, None, D(2022, 9, 15)),
    ("до конца мая 2022", DEADLINE, None, D(2022, 5, 31)),
    ("постоянно", UNDATED, None, None),
    ("по мере необходимости", UNDATED, None, None),
    ("в течение 2022 года", DURING, D(2022, 1, 1), D(2022, 12, 31)),
    ("ежегодно", RECURRENCE, None, None),
    ("ежемесячно, до 5 числа", RECURRENCE, None, None),
    ("через 10 дней после заседания комиссии", RELATIVE, None, None),
])
def test_the_forms_real_roadmaps_use_beyond_the_seeds(text, kind, start, end):
    period = parse_period(text)
    assert (period.kind, period.start, period.end) == (kind, start, end), period


def test_a_range_of_days_without_a_year_keeps_its_days():
    period = parse_period("01.06–20.06")
    assert (period.from_day, period.from_month, period.day, period.month) == (1, 6, 20, 6)
    assert parse_period("01.06–20.06", 2022).start == D(2022, 6, 1)


def test_a_recurrence_says_how_often_and_when():
    quarterly = parse_period("ежеквартально, 15 числа последнего месяца квартала")
    assert (quarterly.every, quarterly.day, quarterly.month) == ("quarter", 15, 3)
    monthly = parse_period("ежемесячно, до 5 числа")
    assert (monthly.every, monthly.day) == ("month", 5)
    assert parse_period("ежегодно до 20 января").month == 1
    assert parse_period("еженедельно").every == "week"
    assert parse_period("через 10 дней после заседания комиссии").offset == 10


@pytest.mark.parametrize("text, why", [
    ("31 июня 2022", "нет такой даты"),
    ("30 февраля", "нет такой даты"),
    ("15.13.2022", "нет месяца"),
    ("20.06.2022 – 01.06.2022", "конец раньше начала"),
    ("когда-нибудь", "срок не распознан"),
    ("по итогам", "срок не распознан"),
])
def test_what_cannot_be_read_is_unparsed_with_the_reason(text, why):
    period = parse_period(text)
    assert period.kind == UNPARSED and not period.parsed and why in period.note
    assert period.text == text and period.due is None


def test_deadlines_of_recurrences():
    quarterly = parse_period("Ежеквартально, 15 числа каждого последнего месяца квартала", 2025, 2026)
    assert deadlines(quarterly) == [D(2025, 3, 15), D(2025, 6, 15), D(2025, 9, 15), D(2025, 12, 15),
                                    D(2026, 3, 15), D(2026, 6, 15), D(2026, 9, 15), D(2026, 12, 15)]
    then_yearly = parse_period("20 февраля 2025, далее до 20 января ежегодно")
    assert then_yearly.first == D(2025, 2, 20)
    assert deadlines(then_yearly, 2025, 2027) == [D(2025, 2, 20), D(2026, 1, 20), D(2027, 1, 20)]
    yearly = parse_period("10 января", 2023, 2024, yearly=True)
    assert deadlines(yearly) == [D(2023, 1, 10), D(2024, 1, 10)]
    assert deadlines(parse_period("ежегодно")) == []
    assert deadlines(parse_period("ежегодно"), 2024, 2025) == [D(2024, 12, 31), D(2025, 12, 31)]
    assert deadlines(parse_period("01.03.2022")) == [D(2022, 3, 1)]
    assert deadlines(parse_period("постоянно")) == [] and deadlines(None) == []


def test_a_year_of_a_table_of_years_is_the_whole_year():
    period = year_period(2019)
    assert (period.kind, period.text, period.start, period.end) == (YEAR, "2019", D(2019, 1, 1), D(2019, 12, 31))


@pytest.mark.parametrize("text, context, said", [
    ("Апрель 2021", NONE, "апрель 2021"),
    ("01.06.2022 – 20.06.2022", NONE, "с 01.06.2022 по 20.06.2022"),
    ("До 30 марта 2022", NONE, "до 30.03.2022"),
    ("20 февраля 2025, далее до 20 января ежегодно", NONE, "ежегодно до 20 января, с 20.02.2025"),
    ("10 января", YEARLY_2023_2024, "ежегодно до 10 января, 2023–2024"),
    ("Ежеквартально, 15 числа каждого последнего месяца квартала", NONE,
     "ежеквартально, 15 числа последнего месяца квартала"),
    ("за 20 дней до планируемых сроков аттестации", NONE, "за 20 дн. до: планируемых сроков аттестации"),
    ("По общероссийскому плану-графику", NONE, "без даты: по общероссийскому плану-графику"),
    ("август", NONE, "август (год не указан)"),
    ("31 июня 2022", NONE, "не распознан: нет такой даты: 31.06.2022"),
])
def test_the_preview_says_what_a_period_was_read_as(text, context, said):
    assert parse_period(text, *context).describe() == said


def test_as_json_gives_every_field_with_dates_as_iso():
    body = parse_period("01.06.2022 – 20.06.2022").as_json()
    assert body["text"] == "01.06.2022 – 20.06.2022" and body["kind"] == RANGE
    assert body["start"] == "2022-06-01" and body["end"] == "2022-06-20" and body["every"] is None
