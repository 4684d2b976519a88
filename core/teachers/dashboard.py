"""The officer's dashboard: the school's teachers by step, due and overdue marked; the iCalendar of deadlines."""
import dataclasses
import datetime

from core.resources import region_code_of, traverse_path

from . import deadlines
from .model import DONE, STEP_ORDER, STEP_TITLES

# How many days ahead a deadline counts as "due soon".
SOON_DAYS = 7


@dataclasses.dataclass
class BoardRow:
    """One teacher on the dashboard."""

    dossier: object
    due: datetime.date
    overdue: bool
    soon: bool
    deadlines: dict


def board(host, year, today=None):
    """``[(step, title, [BoardRow])]`` in the cyclogram's order, soonest deadline first within a step."""
    today = today or datetime.date.today()
    region = region_code_of(year)
    groups = {step: [] for step in STEP_ORDER}
    for d in year.dossiers():
        due = d.due
        groups.setdefault(d.step, []).append(BoardRow(
            d, due, bool(due and due < today), bool(due and today <= due <= today + datetime.timedelta(SOON_DAYS)),
            deadlines.step_deadlines(host, region, d.planned)))
    result = []
    for step, rows in groups.items():
        if rows:
            rows.sort(key=lambda r: (r.due or datetime.date.max, r.dossier.full_name))
            result.append((step, STEP_TITLES[step], rows))
    return result


def counts(year, today=None):
    """``{"total", "overdue", "done"}`` of the school's year."""
    today = today or datetime.date.today()
    dossiers = year.dossiers()
    return {"total": len(dossiers), "done": sum(d.step == DONE for d in dossiers),
            "overdue": sum(bool(d.due and d.due < today) for d in dossiers)}


def overdue_page(site, region, today, offset=0, limit=25, under=None):
    """One page of a region's overdue dossiers: ``{"total", "by_step", "rows"}``, earliest deadline first.

    Only the page's own dossiers are loaded from the database (the region's
    deadline index gives the order); ``under`` (a path: a municipality, a
    school) keeps the dossiers below it, and then ``by_step`` is empty.
    """
    index = deadlines.region_index(site, region)
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


def icalendar(host, year, now=None):
    """The school's attestation deadlines as an iCalendar (RFC 5545) text: every teacher's steps and D."""
    region = region_code_of(year)
    stamp = (now or datetime.datetime.now(datetime.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//OKO Case//Teacher attestation//RU", "CALSCALE:GREGORIAN",
             _fold(f"X-WR-CALNAME:{_escape(year.title + ', ' + year.school.title)}")]
    for d in sorted(year.dossiers(), key=lambda d: (d.planned, d.full_name)):
        events = [(step, day) for step, day in deadlines.step_deadlines(host, region, d.planned).items()
                  if day is not None and step not in ("review", "decide")]
        events.append(("attestation", d.planned))
        for step, day in events:
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
