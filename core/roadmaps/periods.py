"""The period of a measure as written in a roadmap, and what it means.

Roadmaps say when in words: a date («10 ноября 2021 года», «01.03.2022»), a
month or a range of months («Апрель 2021», «Январь-февраль 2022»), a range of
dates («01.06.2022 – 20.06.2022», «01.06–20.06»), a deadline («До 30 марта
2022»), a recurrence («ежегодно», «Ежеквартально, 15 числа каждого последнего
месяца квартала», «20 февраля 2025, далее до 20 января ежегодно»), a time
counted from an event («за 20 дней до планируемых сроков аттестации»), a
stretch of time («в течение учебного года») or no date at all («По
общероссийскому плану-графику», «постоянно»). ``parse_period`` keeps the
text as written and reads it into a ``Period``; what it cannot read is a
``Period`` of kind ``UNPARSED`` that says why, never an exception.

Pure functions of text and the year a table speaks of: no storage, no request.
"""
import calendar
import datetime
import re
from typing import NamedTuple

from core.refused import Refused

# The kinds of period.
DATE = "date"                # one day
MONTH = "month"              # a whole month
RANGE = "range"              # from a day to a day (months, quarters, dates)
YEAR = "year"                # a whole year (or several: a range of years is a RANGE)
DEADLINE = "deadline"        # no later than a day («до 30 марта 2022»)
RECURRENCE = "recurrence"    # again every year, quarter, month or week
RELATIVE = "relative"        # so many days before (after) an event whose date is not in the roadmap
DURING = "during"            # throughout a stretch of time («в течение учебного года»)
UNDATED = "undated"          # no date: by another plan, constantly, on request
UNPARSED = "unparsed"        # not read; ``note`` says why

KIND_TITLES = {DATE: "дата", MONTH: "месяц", RANGE: "период", YEAR: "год", DEADLINE: "срок «до»",
               RECURRENCE: "повторяется", RELATIVE: "относительно события", DURING: "в течение",
               UNDATED: "без даты", UNPARSED: "не распознан"}
EVERY_TITLES = {"year": "ежегодно", "quarter": "ежеквартально", "month": "ежемесячно", "week": "еженедельно"}


class Period(NamedTuple):
    """A period as written (``text``) and as read.

    ``start`` and ``end`` are the first and the last day (inclusive) when
    known; ``end`` is the deadline. A recurrence repeats ``every`` year,
    quarter, month or week, due on ``day`` of ``month`` (for a quarter,
    ``month`` is the month of the quarter, 1 to 3), from ``from_day`` of
    ``from_month`` when it is a range; ``start``/``end`` bound it when the
    table says in which years, and ``first`` is a first deadline of its own
    («20 февраля 2025, далее до 20 января ежегодно»). A relative period is ``offset`` days from
    its ``anchor`` (negative: before). ``note`` keeps what of the text was
    not read into the fields (and, for an unparsed one, why).
    """

    text: str
    kind: str
    start: datetime.date | None = None
    end: datetime.date | None = None
    every: str | None = None
    day: int | None = None
    month: int | None = None
    from_day: int | None = None
    from_month: int | None = None
    offset: int | None = None
    anchor: str | None = None
    note: str | None = None
    first: datetime.date | None = None

    @property
    def parsed(self):
        """Whether the text was read."""
        return self.kind != UNPARSED

    @property
    def due(self):
        """The deadline, when the period has one date to meet (None for a recurrence: see ``deadlines``)."""
        return self.end if self.kind != RECURRENCE else None

    @property
    def kind_title(self):
        """The kind in Russian, for the preview."""
        return KIND_TITLES[self.kind]

    def describe(self):
        """What the period was read as, in Russian (the preview's «понято как»)."""
        return describe(self)

    def as_json(self):
        """The period for the API and `oko import-roadmap --json`: every field, dates as YYYY-MM-DD."""
        return {name: (value.isoformat() if isinstance(value, datetime.date) else value)
                for name, value in self._asdict().items()}


# -- words -----------------------------------------------------------------------

_MONTH_STEMS = (("январ", 1), ("феврал", 2), ("март", 3), ("апрел", 4), ("майск", 5), ("июн", 6), ("июл", 7),
                ("август", 8), ("сентябр", 9), ("октябр", 10), ("ноябр", 11), ("декабр", 12))
# «май», «мая», «мае»: too short for a stem.
_MAY = {"май": 5, "мая": 5, "мае": 5}
_MONTH = r"(?:январ\w*|феврал\w*|март\w*|апрел\w*|май|мая|мае|майск\w*|июн\w*|июл\w*|август\w*|сентябр\w*" \
         r"|октябр\w*|ноябр\w*|декабр\w*)"
_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
             "ноября", "декабря")
_NOMINATIVE = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
               "ноябрь", "декабрь")
_ORDINALS = {"перв": 1, "втор": 2, "трет": 3, "последн": 3}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def month_number(word):
    """The month a Russian word names (any case, or its adjective: «августовская»), else None."""
    word = word.lower().replace("ё", "е")
    if word in _MAY:
        return _MAY[word]
    return next((number for stem, number in _MONTH_STEMS if word.startswith(stem)), None)


def normalise(text):
    """The text as the rules read it: lower case, «ё» as «е», no markup, one kind of dash, «года» dropped."""
    text = re.sub(r"<[^>]*>", " ", text or "").lower().replace("ё", "е")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"(\d{4})\s*(?:года|год|гг?)\b\.?", r"\1", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*-\s*", "-", text)
    return text.strip(" -,.;:")


# -- dates -------------------------------------------------------------------------

class _Unreadable(Refused, ValueError):
    """A part that looks like a date but is none («31 июня»): the period is refused as unparsed, with why."""


def _day(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise _Unreadable(f"нет такой даты: {day:02d}.{month:02d}.{year}") from None


def _last_day(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


_DAY_MONTH = re.compile(rf"^(\d{{1,2}}) ({_MONTH})(?: (\d{{4}}))?$")
_NUMERIC = re.compile(r"^(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2}))?$")


def _point(text):
    """``(day, month, year or None)`` of «10 ноября 2021» or «01.03.2022» / «01.06», else None."""
    found = _DAY_MONTH.match(text)
    if found:
        return int(found[1]), month_number(found[2]), int(found[3]) if found[3] else None
    found = _NUMERIC.match(text)
    if found:
        year = found[3]
        if year and len(year) == 2:
            year = "20" + year
        day, month = int(found[1]), int(found[2])
        if not 1 <= month <= 12:
            raise _Unreadable(f"нет месяца {month}")
        return day, month, int(year) if year else None
    return None


class Context(NamedTuple):
    """What the table says around a period: the years it speaks of, and whether its dates recur yearly."""

    first_year: int | None = None
    last_year: int | None = None
    yearly: bool = False

    @property
    def single_year(self):
        """The one year of the context, if it speaks of one."""
        return self.first_year if self.first_year is not None and self.first_year == self.last_year else None

    @property
    def recurring(self):
        """Whether a day without a year recurs yearly here (the column says so, or the context spans years)."""
        return self.yearly or (self.first_year is not None and self.last_year is not None
                               and self.last_year > self.first_year)


def _bounds(context):
    if context.first_year is None:
        return None, None
    return datetime.date(context.first_year, 1, 1), datetime.date(context.last_year or context.first_year, 12, 31)


def _yearly(text, day, month, context, from_day=None, from_month=None, note=None):
    _day(2024, month, day)  # NB: a leap year: «29 февраля» is a day some years have
    start, end = _bounds(context)
    return Period(text, RECURRENCE, start, end, "year", day, month, from_day, from_month, note=note)


def _at(text, point, context, note=None):
    day, month, year = point
    year = year or context.single_year
    if year is None and context.recurring:
        return _yearly(text, day, month, context, note=note)
    if year is None:
        _day(2024, month, day)
        return Period(text, DATE, day=day, month=month, note=note)
    date = _day(year, month, day)
    return Period(text, DATE, date, date, note=note)


# -- the rules -----------------------------------------------------------------------

_UNDATED = re.compile(r"^(?:по (?:общероссийскому |ежегодному |утвержденному |единому )?(?:плану-графику|плану|графику)"
                      r"|постоянно|по мере необходимости|по необходимости|по запросу|по запросам|ежедневно"
                      r"|в соответствии с .+|согласно .+|по .*(?:плану|графику).*)$")
_DURING = re.compile(r"^в течение (?P<what>.+?)(?: (?P<rest>по запросу|по запросам|по мере необходимости))?$")
_RELATIVE = re.compile(r"^(?:не позднее(?: чем)? )?(?:за )?(?P<n>\d+) (?:календарн\w+ |рабоч\w+ )?"
                       r"(?:дн\w*|день|недел\w*) (?P<dir>до|после) (?P<anchor>.+)$")
_RELATIVE_AFTER = re.compile(r"^через (?P<n>\d+) (?:календарн\w+ |рабоч\w+ )?(?:дн\w*|день|недел\w*) "
                             r"после (?P<anchor>.+)$")
_THEN_YEARLY = re.compile(r"^(?P<first>.+?),? далее (?:до |не позднее )?(?P<then>.+?) ежегодно$")
_EVERY = re.compile(r"^(?P<word>ежегодно|ежеквартально|ежемесячно|еженедельно)(?:[, ]+(?P<rest>.*))?$")
_EVERY_AFTER = re.compile(r"^(?P<rest>.+?)[, ]+(?P<word>ежегодно|ежеквартально|ежемесячно|еженедельно)$")
_MONTH_YEAR = re.compile(rf"^(?:(?:\w+ )?в )?({_MONTH})(?: (\d{{4}}))?$")
_MONTH_EVENT = re.compile(rf"^({_MONTH}) (?!\d)(.+?)(?: (\d{{4}}))?$")
_MONTH_RANGE = re.compile(rf"^(?:с )?({_MONTH})(?: (\d{{4}}))?-(?:по )?({_MONTH})(?: (\d{{4}}))?$")
_YEARS = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_QUARTER = re.compile(r"^(i{1,3}|iv|[1-4])(?:-?(?:й|ый|ой))? квартал(?: (\d{4}))?$")
_HALF = re.compile(r"^(перв\w*|втор\w*) полугоди\w*(?: (\d{4}))?$")
_DEADLINE = re.compile(r"^(?:до|не позднее|не позже|в срок до|срок до)(?: чем)? (.+)$")
_SCHOOL_YEAR = ("учебного года", "учебный год")
_SEPARATOR = re.compile(r"\s*[,;]\s*")


def _during(text, found, context):
    what, rest = found["what"], found["rest"]
    note = rest or None
    if what in _SCHOOL_YEAR:
        year = context.single_year
        if year is not None:
            return Period(text, DURING, datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31),
                          anchor="учебный год", note=note)
        return Period(text, DURING, anchor="учебный год", note=note)
    if what in ("года", "календарного года"):
        start, end = _bounds(context)
        return Period(text, DURING, start, end, anchor="год", note=note)
    years = _YEARS.match(what.removesuffix(" года"))
    if years:
        last = int(years[2] or years[1])
        return Period(text, DURING, datetime.date(int(years[1]), 1, 1), datetime.date(last, 12, 31), note=note)
    return Period(text, DURING, anchor=what, note=note)


def _every(text, word, rest, context):
    every = {"ежегодно": "year", "ежеквартально": "quarter", "ежемесячно": "month", "еженедельно": "week"}[word]
    start, end = _bounds(context)
    rest = (rest or "").strip(" ,")
    if not rest:
        return Period(text, RECURRENCE, start, end, every)
    rest = re.sub(r"^(?:до|не позднее|в срок до) ", "", rest)
    if every == "year":
        point = _point(rest)
        if point and point[2] is None:
            return _yearly(text, point[0], point[1], context)
    if every == "quarter":
        found = re.match(r"^(?:до )?(\d{1,2})(?:-?го)? числа (?:каждого )?(\w+) месяца (?:каждого )?квартала$", rest)
        if found:
            ordinal = next((n for stem, n in _ORDINALS.items() if found[2].startswith(stem)), None)
            if ordinal is not None and 1 <= int(found[1]) <= 31:
                return Period(text, RECURRENCE, start, end, every, int(found[1]), ordinal)
    if every == "month":
        found = re.match(r"^(?:до )?(\d{1,2})(?:-?го)? числа$", rest)
        if found and 1 <= int(found[1]) <= 31:
            return Period(text, RECURRENCE, start, end, every, int(found[1]))
    # NB: the recurrence is read; the words of its day are kept as written.
    return Period(text, RECURRENCE, start, end, every, note=rest)


def _range(text, left, right, context):
    """«31 августа - 15 декабря 2022», «01.06.2022-20.06.2022», «01.06-20.06»; None if not both days."""
    first, last = _point(left), _point(right)
    if first is None:
        # «31-15 декабря»: not in the seeds, and too easily a typo.
        return None
    if last is None:
        return None
    year2 = last[2] or context.single_year
    year1 = first[2] or year2
    if year1 is None or year2 is None:
        if context.recurring:
            return _yearly(text, last[0], last[1], context, first[0], first[1])
        _day(2024, first[1], first[0])
        _day(2024, last[1], last[0])
        return Period(text, RANGE, day=last[0], month=last[1], from_day=first[0], from_month=first[1])
    if first[2] is None and (first[1], first[0]) > (last[1], last[0]):
        year1 -= 1  # «1 декабря - 31 января 2023»: the first day is in the year before
    start, end = _day(year1, first[1], first[0]), _day(year2, last[1], last[0])
    if end < start:
        raise _Unreadable("конец раньше начала")
    return Period(text, RANGE, start, end)


def _rules(text, norm, context):
    """The period ``norm`` (``normalise``d ``text``) says, or None when no rule reads it."""
    if _UNDATED.match(norm):
        return Period(text, UNDATED, anchor=norm)
    found = _DURING.match(norm)
    if found:
        return _during(text, found, context)
    found = _RELATIVE.match(norm) or _RELATIVE_AFTER.match(norm)
    if found:
        days = int(found["n"]) * (7 if "недел" in norm else 1)
        after = found.groupdict().get("dir") != "до"
        return Period(text, RELATIVE, offset=days if after else -days, anchor=found["anchor"])
    found = _THEN_YEARLY.match(norm)
    if found:
        first, then = _point(found["first"]), _point(found["then"])
        if first and then and first[2] is not None and then[2] is None:
            _day(2024, then[1], then[0])
            start = _day(first[2], first[1], first[0])
            return Period(text, RECURRENCE, start, None, "year", then[0], then[1], first=start)
        return None
    found = _EVERY.match(norm) or _EVERY_AFTER.match(norm)
    if found:
        return _every(text, found["word"], found["rest"], context)
    found = _DEADLINE.match(norm)
    if found:
        inner = _rules(text, re.sub(r"^(?:конца|окончания) ", "", found[1]), context)
        if inner is not None and inner.kind in (DATE, MONTH) and inner.end is not None:
            return Period(text, DEADLINE, None, inner.end)
        if inner is not None and inner.kind == DATE:
            return Period(text, DEADLINE, day=inner.day, month=inner.month)
        if inner is not None and inner.kind == RECURRENCE:
            return inner  # «до 20 января» in a yearly column: due by that day every year
        return None
    point = _point(norm)
    if point is not None:
        return _at(text, point, context)
    if "-" in norm:
        left, _, right = norm.partition("-")
        if "." in left or re.search(r"\d", left):
            found = _range(text, left.strip(), right.strip(), context)
            if found is not None:
                return found
    found = _MONTH_RANGE.match(norm)
    if found:
        first, last = month_number(found[1]), month_number(found[3])
        year2 = int(found[4]) if found[4] else (int(found[2]) if found[2] else context.single_year)
        year1 = int(found[2]) if found[2] else (year2 - 1 if year2 and first > last else year2)
        if year1 is None:
            return Period(text, RANGE, month=last, from_month=first, note="год не указан")
        start, end = datetime.date(year1, first, 1), _last_day(year2, last)
        if end < start:
            raise _Unreadable("конец раньше начала")
        return Period(text, RANGE, start, end)
    found = _MONTH_YEAR.match(norm) or _MONTH_EVENT.match(norm)
    if found:
        month = month_number(found[1])
        year_text = found.groups()[-1]
        year = int(year_text) if year_text else context.single_year
        note = found[2] if found.re is _MONTH_EVENT else None
        if year is None:
            return Period(text, MONTH, month=month, note=note)
        return Period(text, MONTH, datetime.date(year, month, 1), _last_day(year, month), note=note)
    found = _YEARS.match(norm)
    if found:
        first, last = int(found[1]), int(found[2] or found[1])
        if last < first:
            raise _Unreadable("конец раньше начала")
        return Period(text, YEAR if first == last else RANGE, datetime.date(first, 1, 1), datetime.date(last, 12, 31))
    found = _QUARTER.match(norm)
    if found:
        quarter = _ROMAN[found[1]]
        year = int(found[2]) if found[2] else context.single_year
        if year is None:
            return Period(text, RANGE, month=quarter * 3, from_month=quarter * 3 - 2, note="год не указан")
        return Period(text, RANGE, datetime.date(year, quarter * 3 - 2, 1), _last_day(year, quarter * 3))
    found = _HALF.match(norm)
    if found:
        half = 1 if found[1].startswith("перв") else 2
        year = int(found[2]) if found[2] else context.single_year
        if year is None:
            return Period(text, RANGE, month=half * 6, from_month=half * 6 - 5, note="год не указан")
        return Period(text, RANGE, datetime.date(year, half * 6 - 5, 1), _last_day(year, half * 6))
    return None


def parse_period(text, first_year=None, last_year=None, yearly=False):
    """The ``Period`` ``text`` says (None for an empty cell); an unreadable one is ``UNPARSED``.

    ``first_year``/``last_year`` are the years the table (its section) speaks
    of: a date without a year falls in the one year, and recurs yearly when
    they are several or ``yearly`` (a column «Срок исполнения (ежегодно)»).
    A text of several parts («вводный в августе, текущий согласно
    индивидуальному графику») is read by its first readable part, the rest
    kept in ``note``.
    """
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]*>", "", text or "")).strip()
    if not text:
        return None
    context = Context(first_year, last_year if last_year is not None else first_year, yearly)
    norm = normalise(text)
    try:
        found = _rules(text, norm, context)
        if found is not None:
            return found
        parts = [p for p in _SEPARATOR.split(norm) if p]
        for index, part in enumerate(parts if len(parts) > 1 else ()):
            found = _rules(text, part, context)
            if found is not None and found.kind != UNPARSED:
                rest = ", ".join(parts[:index] + parts[index + 1:])
                return found._replace(note="; ".join(filter(None, (found.note, rest))))
    except _Unreadable as exc:
        return Period(text, UNPARSED, note=str(exc))
    return Period(text, UNPARSED, note="срок не распознан")


def year_period(year):
    """The period of a measure given only by its year (a roadmap of years and levels): the whole year."""
    return Period(str(year), YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31))


# -- reading it back ---------------------------------------------------------------

def _dm(day, month):
    return f"{day} {_GENITIVE[month - 1]}" if day else _NOMINATIVE[month - 1]


def _date(value):
    return value.strftime("%d.%m.%Y")


def describe(period):
    """What ``period`` was read as, in Russian: «с 01.06.2022 по 20.06.2022», «ежегодно до 20 января с 20.02.2025»."""
    p = period
    if p.kind == UNPARSED:
        return f"не распознан: {p.note}" if p.note else "не распознан"
    if p.kind == DATE:
        said = _date(p.start) if p.start else f"{_dm(p.day, p.month)} (год не указан)"
    elif p.kind == MONTH and p.start:
        said = f"{_NOMINATIVE[p.start.month - 1]} {p.start.year}"
    elif p.kind == YEAR and p.start:
        said = f"{p.start.year} год"
    elif p.kind in (RANGE, DURING) and p.start:
        said = f"с {_date(p.start)} по {_date(p.end)}"
        if p.kind == DURING and p.anchor:
            said = f"в течение: {p.anchor}, {said}"
    elif p.kind == MONTH:
        said = f"{_NOMINATIVE[p.month - 1]} (год не указан)"
    elif p.kind == RANGE:
        first = _dm(p.from_day, p.from_month) if p.from_month else "?"
        said = f"с {first} по {_dm(p.day, p.month) if p.month else '?'} (год не указан)"
    elif p.kind == DEADLINE:
        said = f"до {_date(p.end)}" if p.end else f"до {_dm(p.day, p.month)} (год не указан)"
    elif p.kind == RECURRENCE:
        said = EVERY_TITLES[p.every]
        if p.every == "quarter" and p.day:
            said += f", {p.day} числа {('первого', 'второго', 'последнего')[p.month - 1]} месяца квартала"
        elif p.every == "month" and p.day:
            said += f", {p.day} числа"
        elif p.month:
            said += (f" с {_dm(p.from_day, p.from_month)} по {_dm(p.day, p.month)}" if p.from_month
                     else f" до {_dm(p.day, p.month)}")
        if p.start and p.end and (p.start.month, p.start.day, p.end.month, p.end.day) == (1, 1, 12, 31):
            said += f", {p.start.year}–{p.end.year}" if p.end.year > p.start.year else f", {p.start.year}"
        elif p.start:
            said += f", с {_date(p.start)}" + (f" по {_date(p.end)}" if p.end else "")
    elif p.kind == RELATIVE:
        days = abs(p.offset)
        said = f"за {days} дн. до: {p.anchor}" if p.offset < 0 else f"через {days} дн. после: {p.anchor}"
    elif p.kind == DURING:
        said = f"в течение: {p.anchor}"
    else:
        said = f"без даты: {p.anchor}" if p.anchor else "без даты"
    return f"{said} ({p.note})" if p.note and p.kind != UNPARSED else said


def deadlines(period, first_year=None, last_year=None):
    """The deadlines of a recurring period's occurrences within its bounds (or the years given), in order.

    A period that is no recurrence has its one deadline (``due``), if any. A
    recurrence without bounds and without ``first_year`` has none yet: the
    roadmap's years decide them.
    """
    if period is None:
        return []
    if period.kind != RECURRENCE:
        return [period.due] if period.due else []
    start = period.start or (datetime.date(first_year, 1, 1) if first_year else None)
    end = period.end or (datetime.date(last_year or first_year, 12, 31) if first_year else None)
    if start is None or end is None or period.every == "week":
        return []
    found = [period.first] if period.first and period.first <= end else []
    for year in range(start.year, end.year + 1):
        if period.every == "year":
            days = [(period.month, period.day)] if period.month else [(12, 31)]
        elif period.every == "quarter":
            months = [q * 3 - 3 + (period.month or 3) for q in range(1, 5)]
            days = [(m, period.day) for m in months] if period.day else [(m, None) for m in (3, 6, 9, 12)]
        else:
            days = [(m, period.day) for m in range(1, 13)]
        for month, day in days:
            last = calendar.monthrange(year, month)[1]
            date = datetime.date(year, month, min(day or last, last))
            if start <= date <= end and (period.first is None or date > period.first):
                found.append(date)
    return found
