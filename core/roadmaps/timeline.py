"""A roadmap's measures on a time axis (a Gantt chart), by section and level, the overdue marked; and its XLSX.

``timeline`` reads a roadmap into ``Lane``s (one per section and level, in
the document's order) of ``Bar``s: a measure's span from its period (a
month, a range, a year, a recurrence's bounds), the deadline of each of its
occurrences as a mark on it, the status of its execution and whether it is
late today. A measure with no date on the axis («по общероссийскому
плану-графику», «за 20 дней до аттестации») is listed apart, never dropped.
``chart`` lays the lanes out as the coordinates of an SVG drawn on the
server (no script: the Content-Security-Policy refuses it), a month a fixed
width, so a phone scrolls the chart inside its box, never the page.
``workbook`` is the same in rows for Excel, saved through
``core.workbooks.workbook_bytes`` (a measure's text never reaches Excel as a
formula).

Pure functions of a roadmap and a day: no request, nothing written.
"""
import datetime
from types import SimpleNamespace
from typing import NamedTuple

from core.roadmaps import execution
from core.roadmaps.model import LEVELS
from core.workbooks import workbook_bytes

# The status a bar shows, beside the statuses of execution: late (an open occurrence past its deadline).
OVERDUE = "overdue"
STATUS_TITLES = {**execution.STATUSES, OVERDUE: "Просрочено"}
MONTHS = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")


class Mark(NamedTuple):
    """An occurrence on the axis: its key, the day it is due by now (the new date when moved), its status,
    whether it is late."""

    key: str
    date: datetime.date
    status: str
    overdue: bool


class Bar(NamedTuple):
    """A measure on the axis: from ``start`` to ``end`` (one day for a date), its occurrences' ``marks``,
    the status it shows (``OVERDUE`` when any occurrence is late)."""

    measure: object
    start: datetime.date
    end: datetime.date
    marks: tuple
    status: str

    @property
    def overdue(self):
        """Whether an occurrence of it is late."""
        return self.status == OVERDUE

    @property
    def status_title(self):
        """The status in Russian."""
        return STATUS_TITLES[self.status]


class Lane(NamedTuple):
    """The measures of one section and level: on the axis (``bars``) and with no date on it (``undated``)."""

    code: str
    section: str
    level: str
    bars: tuple
    undated: tuple

    @property
    def level_title(self):
        """The level in Russian."""
        return LEVELS.get(self.level, "")


class Timeline(NamedTuple):
    """A roadmap on the axis: its lanes, the first and last day of the axis (None when nothing is dated), today."""

    lanes: tuple
    start: datetime.date | None
    end: datetime.date | None
    today: datetime.date

    def bars(self):
        """Every bar, lane after lane."""
        return [bar for lane in self.lanes for bar in lane.bars]

    def overdue(self):
        """The bars of a late measure."""
        return [bar for bar in self.bars() if bar.overdue]


def _marks(measure, today):
    marks = []
    for key, due in execution.occurrences(measure):
        found = execution.occurrence(measure, key)
        status = found.status if found is not None else "planned"
        date = found.deadline if found is not None else due
        if date is None:
            continue
        late = found.overdue(today) if found is not None else date < today
        marks.append(Mark(key, date, status, late))
    return tuple(marks)


def _shown(statuses):
    """The one status a measure of several occurrences shows: late first, then the least advanced."""
    for status in (OVERDUE, "not_done", "moved", "in_progress", "planned"):
        if status in statuses:
            return status
    return "done" if statuses else "planned"


def _statuses(measure, marks, today):
    found = [OVERDUE if m.overdue else m.status for m in marks]
    if not marks:
        # NB: an occurrence without a date («once») still has a status.
        kept = execution.occurrence(measure, execution.ONCE)
        found.append(kept.status if kept is not None else "planned")
    return found


def bar_of(measure, today):
    """The ``Bar`` of ``measure`` on ``today``, or None when it has no date on the axis."""
    marks = _marks(measure, today)
    period = measure.period
    days = [m.date for m in marks]
    if period is not None and period.start is not None:
        days.append(period.start)
    if period is not None and period.end is not None:
        days.append(period.end)
    if not days:
        return None
    return Bar(measure, min(days), max(days), marks, _shown(_statuses(measure, marks, today)))


def timeline(roadmap, today=None, level=None):
    """The ``Timeline`` of ``roadmap`` on ``today`` (of ``level`` only when given)."""
    today = today or datetime.date.today()
    lanes, first, last = [], None, None
    for section, measures in roadmap.by_section(level):
        by_level = {}
        for measure in measures:
            by_level.setdefault(measure.level, []).append(measure)
        for code in sorted(by_level, key=lambda c: list(LEVELS).index(c) if c in LEVELS else len(LEVELS)):
            bars, undated = [], []
            for measure in by_level[code]:
                bar = bar_of(measure, today)
                if bar is None:
                    undated.append(measure)
                    continue
                bars.append(bar)
                first = bar.start if first is None else min(first, bar.start)
                last = bar.end if last is None else max(last, bar.end)
            lanes.append(Lane(section.code, section.title or "Мероприятия", code, tuple(bars), tuple(undated)))
    return Timeline(tuple(lanes), first, last, today)


# -- the chart -------------------------------------------------------------------------

LABEL_WIDTH = 190     # the measures' numbers and texts, left of the axis
MONTH_WIDTH = (22, 60)  # a month on the axis: at least, at most (a long roadmap's months are narrower)
AXIS_WIDTH = 840        # the width the months share when they can (a laptop's page shows them all)
ROW_HEIGHT = 22
HEADER_HEIGHT = 30    # the years and months on top
LANE_HEIGHT = 26      # a lane's title
LABEL_CHARS = 30


class Chart(NamedTuple):
    """What the template draws: the SVG's size, the months on the axis, the rows (lanes' titles and bars),
    where today is (None off the axis)."""

    width: int
    height: int
    months: tuple
    rows: tuple
    today_x: float | None


def _month_start(day):
    return datetime.date(day.year, day.month, 1)


def _months_between(first, last):
    months, day = [], _month_start(first)
    while day <= last:
        months.append(day)
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def _x(day, axis_start, width):
    """The x of the start of ``day``: a month is ``width`` wide whatever its days."""
    months = (day.year - axis_start.year) * 12 + day.month - axis_start.month
    first = datetime.date(day.year, day.month, 1)
    nxt = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return LABEL_WIDTH + width * (months + (day - first).days / (nxt - first).days)


def _label(measure):
    text = " ".join(measure.text.split())
    label = f"{measure.number}. {text}" if measure.number else text
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"


def chart(found):
    """The SVG's coordinates of the ``Timeline`` ``found`` (None when nothing is on the axis)."""
    if found.start is None:
        return None
    months = _months_between(found.start, found.end)
    axis_start = months[0]
    width = max(MONTH_WIDTH[0], min(MONTH_WIDTH[1], AXIS_WIDTH // len(months)))
    rows, y = [], HEADER_HEIGHT
    for lane in found.lanes:
        if not lane.bars:
            continue
        rows.append(SimpleNamespace(kind="lane", y=y, text=f"{lane.section} · {lane.level_title}" if lane.level_title
                         else lane.section))
        y += LANE_HEIGHT
        for bar in lane.bars:
            x1, x2 = _x(bar.start, axis_start, width), _x(bar.end + datetime.timedelta(days=1), axis_start, width)
            m = bar.measure
            rows.append(SimpleNamespace(
                kind="bar", y=y, x=round(x1, 1), width=round(max(x2 - x1, 3), 1), status=bar.status,
                label=_label(m), title=f"{m.title}\n{m.period.text if m.period else ''} · {bar.status_title}",
                id=m.id, marks=[SimpleNamespace(x=round(_x(mark.date, axis_start, width) + width / 60, 1),
                                     status=OVERDUE if mark.overdue else mark.status,
                                     title=f"{mark.date:%d.%m.%Y} · "
                                           f"{STATUS_TITLES[OVERDUE if mark.overdue else mark.status]}")
                                for mark in bar.marks]))
            y += ROW_HEIGHT
    axis = [SimpleNamespace(x=LABEL_WIDTH + width * n, text=MONTHS[day.month - 1],
                 year=day.year if day.month == 1 or n == 0 else None) for n, day in enumerate(months)]
    end = LABEL_WIDTH + width * len(months)
    today_x = _x(found.today, axis_start, width) if axis_start <= found.today <= found.end else None
    return Chart(int(end) + 4, y + 6, tuple(axis), tuple(rows), round(today_x, 1) if today_x else None)


# -- the workbook ----------------------------------------------------------------------

COLUMNS = (("Раздел", 28), ("Уровень", 18), ("№", 7), ("Мероприятие", 60), ("Срок (как в документе)", 24),
           ("Начало", 12), ("Окончание", 12), ("Сроки исполнения", 24), ("Статус", 16), ("Просрочено", 12),
           ("Ответственные", 30))
_LATE_COLOUR = "FBE9E7"


def workbook(roadmap, today=None, level=None):
    """The .xlsx (bytes) of ``roadmap``'s timeline: a row per measure, the dated ones first in each lane,
    dates as dates, the late ones filled red."""
    # NB: here, not at the top: openpyxl (and numpy, which it imports) would add a third of a second to every
    # worker's start for the few who ask for this book.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    found = timeline(roadmap, today, level)
    late = PatternFill("solid", fgColor=_LATE_COLOUR)
    book = Workbook()
    sheet = book.active
    sheet.title = "Сроки"
    sheet.append([roadmap.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"Состояние на {found.today:%d.%m.%Y}"])
    sheet.append([title for title, _ in COLUMNS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, (_, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for lane in found.lanes:
        for item in lane.bars + tuple(lane.undated):
            bar = item if isinstance(item, Bar) else None
            m = bar.measure if bar else item
            status = bar.status if bar else _shown(_statuses(m, (), found.today))
            sheet.append([lane.section, lane.level_title, m.number, m.text, m.period.text if m.period else None,
                          bar.start if bar else None, bar.end if bar else None,
                          ", ".join(f"{mark.date:%d.%m.%Y}" for mark in bar.marks) if bar else None,
                          STATUS_TITLES[status], "да" if status == OVERDUE else "нет", m.responsible])
            row = sheet.max_row
            for column in (6, 7):
                sheet.cell(row, column).number_format = "DD.MM.YYYY"
            for cell in sheet[row]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if status == OVERDUE:
                    cell.fill = late
    sheet.freeze_panes = "A4"
    return workbook_bytes(book)
