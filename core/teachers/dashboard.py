"""The officer's dashboard: the school's teachers by step, due and overdue marked; the iCalendar of deadlines."""
import dataclasses
import datetime
import heapq

from core.resources import find_root, region_code_of, traverse_path
from core.teachers import deadlines
from core.teachers.model import DONE, STEP_ORDER, STEP_TITLES

# How many days ahead a deadline counts as "due soon".
SOON_DAYS = 7
# The iCalendar holds what falls within this many days from today, and no more events than
# this: a school of 100,000 teachers once made a 199 MB calendar, readable by all of them.
CALENDAR_DAYS = 366
CALENDAR_EVENTS = 2000


@dataclasses.dataclass
class BoardRow:
    """One teacher on the dashboard."""

    dossier: object
    due: datetime.date
    overdue: bool
    soon: bool
    deadlines: dict


@dataclasses.dataclass
class Board:
    """The dashboard of a school's year: its counts, and one page of its teachers grouped by step."""

    #: ``{"total", "overdue", "done"}`` of the whole year.
    counts: dict
    #: ``[(step, title, teachers at that step in the whole year, [BoardRow] on this page)]``.
    groups: list


def board(host, year, today=None, offset=0, limit=None):
    """The year's counts and its teachers ``offset`` to ``offset + limit`` (all when ``limit`` is None).

    The order is the cyclogram's, soonest deadline first within a step, then
    the name. Every dossier is read once, for that order and the counts; only
    the page's rows get their step deadlines worked out.
    """
    today = today or datetime.date.today()
    order = {step: n for n, step in enumerate(STEP_ORDER)}
    keyed, per_step, done, overdue = [], {}, 0, 0
    for n, d in enumerate(year.dossiers()):
        step, due = d.step, d.due
        per_step[step] = per_step.get(step, 0) + 1
        done += step == DONE
        overdue += bool(due and due < today)
        keyed.append((order.get(step, len(order)), due or datetime.date.max, d.full_name, n, d))
    keyed.sort()
    page = keyed[offset:] if limit is None else keyed[offset:offset + limit]
    region = region_code_of(year)
    groups = []
    for *_, d in page:
        if not groups or groups[-1][0] != d.step:
            groups.append((d.step, STEP_TITLES.get(d.step, d.step), per_step[d.step], []))
        due = d.due
        groups[-1][3].append(BoardRow(
            d, due, bool(due and due < today), bool(due and today <= due <= today + datetime.timedelta(SOON_DAYS)),
            deadlines.step_deadlines(host, region, d.planned)))
    return Board({"total": len(keyed), "done": done, "overdue": overdue}, groups)


def overdue_page(node, today, offset=0, limit=25, under=None):
    """One page of the overdue dossiers of the region ``node`` is in (the region, or one of its municipalities): ``{"total", "by_step", "rows"}``, earliest deadline first.

    Only the page's own dossiers are loaded from the database (the region's
    deadline index gives the order); ``under`` (a path: a municipality, a
    school) keeps the dossiers below it, and then ``by_step`` is empty.
    """
    site = find_root(node)
    index = deadlines.region_index(site, region_code_of(node))
    if index is None:
        return {"total": 0, "by_step": {}, "rows": []}
    within = index.under(under) if under is not None else None
    total, uids = index.due_before(today, offset + limit, within)
    by_step = {step: index.count(step) for step in STEP_ORDER if step != DONE} if under is None else {}
    rows = [traverse_path(site, index.paths[uid]) for uid in uids[offset:offset + limit]]
    return {"total": total, "by_step": by_step, "rows": [d for d in rows if d is not None]}


def _escape(text):
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n"))


def _fold(line):
    # NB: RFC 5545 folds lines at 75 octets, never inside a UTF-8 character.
    data, out = line.encode("utf-8"), []
    while len(data) > 75:
        cut = 75 if not out else 74
        while cut and (data[cut] & 0xC0) == 0x80:
            cut -= 1
        out.append(data[:cut])
        data = data[cut:]
    out.append(data)
    return b"\r\n ".join(out).decode("utf-8")


def _events(host, year, first, last):
    """``(day, teacher, uid, step, dossier)`` of the year's deadlines and dates D from ``first`` to ``last``."""
    region = region_code_of(year)
    # NB: a school's teachers share a few hundred dates D at most: their deadlines are worked out once each.
    by_planned = {}
    for d in year.dossiers():
        days = by_planned.get(d.planned)
        if days is None:
            days = by_planned[d.planned] = [
                (step, day) for step, day in deadlines.step_deadlines(host, region, d.planned).items()
                if day is not None and step not in ("review", "decide") and first <= day <= last]
            if first <= d.planned <= last:
                days.append(("attestation", d.planned))
        for step, day in days:
            yield day, d.full_name, d.uid, step, d


def icalendar(host, year, now=None):
    """The school's attestation deadlines as an iCalendar (RFC 5545) text: teachers' steps and dates D.

    Bounded whatever the school's size: only what falls from today to
    ``CALENDAR_DAYS`` ahead, the ``CALENDAR_EVENTS`` nearest at most; the
    calendar's description says so, and how many were left out.
    """
    now = now or datetime.datetime.now(datetime.timezone.utc)
    today = now.date()
    last = today + datetime.timedelta(days=CALENDAR_DAYS)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    found = 0

    def counted(events):
        nonlocal found
        for event in events:
            found += 1
            yield event
    # NB: nsmallest keeps a heap of CALENDAR_EVENTS, never every event of the school.
    chosen = heapq.nsmallest(CALENDAR_EVENTS, counted(_events(host, year, today, last)), key=lambda e: e[:4])
    about = (f"Сроки аттестации педагогов с {today:%d.%m.%Y} по {last:%d.%m.%Y}, "
             f"не больше {CALENDAR_EVENTS} ближайших событий.")
    if found > len(chosen):
        about += f" Показано {len(chosen)} из {found}; остальные сроки — на странице аттестации школы."
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//OKO Case//Teacher attestation//RU", "CALSCALE:GREGORIAN",
             _fold(f"X-WR-CALNAME:{_escape(year.title + ', ' + year.school.title)}"),
             _fold(f"DESCRIPTION:{_escape(about)}"), _fold(f"X-WR-CALDESC:{_escape(about)}")]
    for day, _, _, step, d in chosen:
        title = "Аттестация" if step == "attestation" else STEP_TITLES[step].capitalize()
        done = step != "attestation" and d.has_done(step)
        lines += ["BEGIN:VEVENT", f"UID:{d.uid:x}-{step}@oko-case",
                  f"DTSTAMP:{stamp}", f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
                  _fold(f"SUMMARY:{_escape(title + ': ' + d.full_name)}"),
                  _fold(f"DESCRIPTION:{_escape(f'{d.post_title}; {d.category_title}; дата аттестации {d.planned:%d.%m.%Y}')}"),
                  "STATUS:CONFIRMED",
                  *(["X-OKO-DONE:TRUE"] if done else []),
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
