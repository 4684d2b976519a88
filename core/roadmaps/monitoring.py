"""Monitoring of a roadmap's execution: its figures now, the stages of the year that freeze them, the справка of
a stage and the annual report.

The figures of a roadmap (``dashboard``) are read from the tallies of
``core.roadmaps.indicators``: its family's counts at its authority, by
level, section and the authorities right below (the municipalities of a
region, the schools of a municipality), as of a day. A stage of monitoring
(``oko_roadmap_monitoring``: seed 000's quarters, seed 004's June and
September, a region's own) is held on its day each year: ``take_stage``
freezes the figures and the measures that are late, not done or moved, with
their reasons, as plain data in the roadmap (``Roadmap.stages``), so a later
change never rewrites a past stage. Stages are taken in the order of the
year, never before their day; a stage followed by a later one is closed.
The справка of a stage is the Word template ``roadmap_monitoring_report``
(``docs_templates/``, a region's own by the same name) filled from the
frozen figures; the annual report is the same справка made of every stage
of the year, refused, naming the missing stages, until all are taken
(``core.roadmaps.monitoring_report``).

Who takes a stage is declared once (``MONITOR_ROADMAP``): the authority's
own operator, coordinator or head, as for the import.
"""
import calendar
import dataclasses
import datetime

from BTrees.OOBTree import OOBTree
from persistent import Persistent

from core.resources import Municipality, Region, Root, School, region_code_of
from core.roadmaps import execution, indicators
from core.roadmaps.importer import RoadmapRefused, roadmaps_of
from core.roadmaps.model import LEVELS
from core.security.steps import Step

FEDERAL = "00"
DEFAULT_SCHEDULE = "quarterly"
# The most measures a stage keeps with their reasons, and a drill-down shows.
LATE_MAX = 500


def _step(level, role, message):
    return Step(f"roadmaps.monitor_{level}", (role,), refusal=RoadmapRefused, message=message)


# The step «hold a stage of monitoring» (and choose the roadmap's schedule), by the roadmap's level.
MONITOR_ROADMAP = {
    "federal": _step("federal", "federal_operator", "Мониторинг федеральной дорожной карты проводит федеральный "
                                                    "оператор."),
    "region": _step("region", "regional_operator", "Мониторинг дорожной карты региона проводит региональный "
                                                   "оператор."),
    "municipality": _step("municipality", "municipal_coordinator",
                          "Мониторинг дорожной карты муниципалитета проводит муниципальный координатор."),
    "school": _step("school", "school_head", "Мониторинг дорожной карты школы проводит её руководитель."),
}


def may_monitor(roadmap, actor):
    """Whether ``actor`` holds the stages of ``roadmap``."""
    step = MONITOR_ROADMAP.get(roadmap.level)
    return step is not None and step.allows(roadmap, actor)


def region_of(node):
    """The region code the hooks are asked for at ``node`` (``"00"`` above the regions)."""
    return region_code_of(node) or FEDERAL


# -- schedules --------------------------------------------------------------------

def schedules(host, roadmap):
    """The schedules of monitoring offered in the roadmap's region."""
    return host.items("oko_roadmap_monitoring", region_of(roadmap))


def schedule_of(host, roadmap):
    """The roadmap's schedule: the one chosen for it, else the first whose words its title has, else quarterly."""
    offered = schedules(host, roadmap)
    chosen = getattr(roadmap, "schedule", None)
    found = next((s for s in offered if s["code"] == chosen), None)
    if found is None:
        title = (roadmap.title or "").lower()
        found = next((s for s in offered if any(w.lower() in title for w in s.get("matches", ()))), None)
    if found is None:
        found = next((s for s in offered if s["code"] == DEFAULT_SCHEDULE), offered[0] if offered else None)
    if found is None:
        raise RoadmapRefused("В регионе не заданы сроки мониторинга дорожных карт.")
    return found


def choose_schedule(host, roadmap, code, actor):
    """Give ``roadmap`` the schedule ``code`` of its region; refused while a stage of it is taken."""
    MONITOR_ROADMAP[roadmap.level].require(roadmap, actor)
    if not any(s["code"] == code for s in schedules(host, roadmap)):
        raise RoadmapRefused("Такого порядка мониторинга в регионе нет.")
    if stages_of(roadmap) and code != schedule_of(host, roadmap)["code"]:
        raise RoadmapRefused("Этапы мониторинга уже проводились: порядок мониторинга больше не меняется.")
    roadmap.schedule = code


def stage_date(item, year):
    """The day of the stage ``item`` in ``year`` (its month's last day when it names none)."""
    last = calendar.monthrange(year, item["month"])[1]
    return datetime.date(year, item["month"], min(item.get("day") or last, last))


def stage_key(year, code):
    """The key of a stage: ``2024-q2``."""
    return f"{year}-{code}"


def planned_stages(host, roadmap, year):
    """``[(item, date)]``: the stages of ``year`` by the roadmap's schedule, in order."""
    return sorted(((item, stage_date(item, year)) for item in schedule_of(host, roadmap)["stages"]),
                  key=lambda pair: pair[1])


# -- the figures now -----------------------------------------------------------------

@dataclasses.dataclass
class Row:
    """A line of a dashboard: a level, a section or an authority, and its figures."""

    code: str
    title: str
    figures: indicators.Figures
    path: str = None

    def as_json(self):
        """As the API says it."""
        return {"code": self.code, "title": self.title, "path": self.path, **self.figures.as_json()}


@dataclasses.dataclass
class Dashboard:
    """The execution of a roadmap's family at its authority as of ``today``."""

    roadmap: object
    today: datetime.date
    overall: indicators.Figures
    levels: list
    sections: list
    children: list
    children_title: str

    def as_json(self):
        """As the API says it."""
        return {"as_of": self.today.isoformat(), "overall": self.overall.as_json(),
                "levels": [r.as_json() for r in self.levels], "sections": [r.as_json() for r in self.sections],
                "children": [r.as_json() for r in self.children], "children_title": self.children_title}


def _path(node):
    names = []
    while node is not None and node.__parent__ is not None:
        names.append(node.__name__)
        node = node.__parent__
    return "/" + "/".join(reversed(names))


def _family_entries(roadmap, authority, family, dimension="all", value=""):
    """The entries of ``family`` at ``authority``: its tally's, or (a school keeps none) its roadmaps'."""
    if isinstance(authority, (Municipality, Region, Root)):
        tally = indicators.tally_of(authority)
        if dimension == "all":
            return tally.group(family) if tally else {}
        return tally.values(family, dimension) if tally else {}
    found = {}
    for mine in roadmaps_of(authority):
        if indicators.family_of(mine).uid != family:
            continue
        if dimension == "all":
            for entry, n in indicators.entries_of_roadmap(mine).items():
                found[entry] = found.get(entry, 0) + n
        else:
            for (level, section, kind, date), n in indicators.roadmap_entries(mine).items():
                group = found.setdefault(level if dimension == "level" else section, {})
                group[(kind, date)] = group.get((kind, date), 0) + n
    return found


CHILDREN = {Root: (Region, "Регионы"), Region: (Municipality, "Муниципалитеты"), Municipality: (School, "Школы")}


def _children(authority):
    kind = next((v for k, v in CHILDREN.items() if type(authority) is k), None)
    if kind is None:
        return [], ""
    return [c for c in authority.values() if isinstance(c, kind[0])], kind[1]


def dashboard(roadmap, today=None):
    """The ``Dashboard`` of ``roadmap``: its family's execution at its authority, by level, section and the
    authorities right below."""
    today = today or datetime.date.today()
    authority = roadmap.authority
    top = indicators.family_of(roadmap)
    family = top.uid
    overall = indicators.figures(_family_entries(roadmap, authority, family), today)
    levels = [Row(code, LEVELS[code], indicators.figures(entries, today))
              for code, entries in sorted(_family_entries(roadmap, authority, family, "level").items(),
                                          key=lambda item: list(LEVELS).index(item[0]) if item[0] in LEVELS else 9)]
    titles = {s.code: s.title for s in top.sections}
    titles.update({s.code: s.title for s in roadmap.sections if s.title})
    order = list(titles)
    sections = [Row(code, titles.get(code) or "Мероприятия", indicators.figures(entries, today))
                for code, entries in sorted(_family_entries(roadmap, authority, family, "section").items(),
                                            key=lambda item: order.index(item[0]) if item[0] in order else 99)]
    children, title = _children(authority)
    rows = []
    for child in children:
        entries = _family_entries(roadmap, child, family)
        if entries:
            rows.append(Row(child.__name__, child.title, indicators.figures(entries, today), _path(child)))
    return Dashboard(roadmap, today, overall, levels, sections, rows, title)


def federal_rows(root, today=None):
    """Every region's execution of all its roadmaps, side by side (``Row`` per region, with its levels)."""
    today = today or datetime.date.today()
    rows = []
    for region in root.values():
        if not isinstance(region, Region):
            continue
        tally = indicators.tally_of(region)
        figures = indicators.figures(tally.group(indicators.ALL) if tally else {}, today)
        row = Row(region.code, region.title, figures, _path(region))
        row.levels = {level: indicators.figures(entries, today)
                      for level, entries in (tally.values(indicators.ALL, "level") if tally else {}).items()}
        rows.append(row)
    return rows


# -- the measures that are late ------------------------------------------------------

@dataclasses.dataclass
class Late:
    """An occurrence late, not done or moved: where, which measure, its deadline, state and reason."""

    authority: str
    authority_path: str
    roadmap_path: str
    measure_id: int
    measure: str
    due: datetime.date
    deadline: datetime.date
    state: str
    reason: str

    def as_json(self):
        """As the API says it."""
        return {"authority": self.authority, "authority_path": self.authority_path, "roadmap": self.roadmap_path,
                "measure": self.measure_id, "text": self.measure, "due": self.due.isoformat() if self.due else None,
                "deadline": self.deadline.isoformat() if self.deadline else None, "state": self.state,
                "reason": self.reason}


STATES = {"overdue": "Просрочено", "late_done": "Выполнено с нарушением срока", "not_done": "Не выполнено",
          "moved": "Перенесено"}


def family_roadmaps(roadmap, under=None):
    """The roadmaps of ``roadmap``'s family at ``under`` (its authority by default) and below, in tree order."""
    family = indicators.family_of(roadmap).uid

    def walk(node):
        for found in roadmaps_of(node):
            if indicators.family_of(found).uid == family:
                yield found
        for child in node.values():
            if isinstance(child, (Region, Municipality, School)):
                yield from walk(child)
    return walk(under if under is not None else roadmap.authority)


def late_measures(roadmap, today=None, under=None, level=None, section=None, limit=LATE_MAX,
                  states=("overdue", "not_done", "moved", "late_done")):
    """The occurrences of the family's counted measures at ``under`` and below that are late (overdue), done
    late, not done or moved, as ``Late``; at most ``limit``."""
    today = today or datetime.date.today()
    found = []
    for mine in family_roadmaps(roadmap, under):
        authority = mine.authority
        for measure in mine.ordered():
            if not indicators.counted(measure) or (level and measure.level != level) or \
                    (section and measure.section != section):
                continue
            for key, due in execution.occurrences(measure):
                occurrence = execution.occurrence(measure, key)
                state = _state(occurrence, due, today)
                if state in states:
                    found.append(Late(authority.title, _path(authority), _path(mine), measure.id, measure.title,
                                      due, occurrence.deadline if occurrence else due, STATES[state],
                                      occurrence.reason if occurrence else None))
                    if len(found) >= limit:
                        return found
    return found


def _state(occurrence, due, today):
    if occurrence is None:
        return "overdue" if due is not None and due < today else None
    if occurrence.status == "done":
        day = indicators.done_on(occurrence)
        return "late_done" if due is not None and day is not None and day > due else None
    if occurrence.status == "not_done":
        return "not_done"
    if occurrence.overdue(today):
        return "overdue"
    return "moved" if occurrence.status == "moved" else None


# -- stages ------------------------------------------------------------------------

class Stage(Persistent):
    """A stage of monitoring held: its schedule's stage, its day, and the figures frozen when it was taken."""

    revision = 1

    def __init__(self, key, year, code, title, date, figures, taken_by, taken_at):
        self.key = key
        self.year = year
        self.code = code
        self.title = title
        self.date = date
        self.figures = figures
        self.taken_by = taken_by
        self.taken_at = taken_at


def stages_of(roadmap, year=None):
    """The stages held of ``roadmap`` (of ``year``), in order of their day."""
    kept = getattr(roadmap, "stages", None)
    found = [s for s in (kept.values() if kept is not None else ()) if year is None or s.year == year]
    return sorted(found, key=lambda s: s.date)


def _rows_json(rows):
    return [r.as_json() for r in rows]


def freeze(roadmap, today):
    """The figures a stage keeps: the dashboard's and every late, not done or moved measure with its reason."""
    board = dashboard(roadmap, today)
    own = Row(roadmap.authority.__name__ or "federation", roadmap.authority.title,
              indicators.figures(_own_entries(roadmap, board), today), _path(roadmap.authority))
    late = late_measures(roadmap, today, states=("overdue", "not_done", "moved"))
    return {"as_of": today.isoformat(), "overall": board.overall.as_json(), "levels": _rows_json(board.levels),
            "sections": _rows_json(board.sections), "children_title": board.children_title,
            "authorities": [own.as_json()] + _rows_json(board.children),
            "late": [x.as_json() for x in late]}


def _own_entries(roadmap, board):
    """The entries of the family's measures of the authority's own level (its own row of the справка)."""
    entries = _family_entries(roadmap, roadmap.authority, indicators.family_of(roadmap).uid, "level")
    return entries.get(roadmap.level, {})


def take_stage(host, roadmap, year, code, actor, now=None):
    """Hold the stage ``code`` of ``year``: freeze the roadmap's execution now. Refused before the stage's day,
    before the earlier stages of the year are held, and once a later stage is."""
    MONITOR_ROADMAP[roadmap.level].require(roadmap, actor)
    now = now or datetime.datetime.now(datetime.timezone.utc)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise RoadmapRefused("Укажите год этапа мониторинга.", "invalid") from None
    if not 2000 <= year <= 2100:
        raise RoadmapRefused("Год этапа — от 2000 до 2100.", "invalid")
    planned = planned_stages(host, roadmap, year)
    index = next((n for n, (item, _) in enumerate(planned) if item["code"] == code), None)
    if index is None:
        raise RoadmapRefused("Такого этапа мониторинга нет в порядке мониторинга этой дорожной карты.", "invalid")
    item, day = planned[index]
    today = now.date()
    if day > today:
        raise RoadmapRefused(f"Этап «{item['title']}» {year} года проводится {day:%d.%m.%Y}, не раньше.", "order")
    held = {s.key: s for s in stages_of(roadmap)}
    missing = [f"«{i['title']}»" for i, _ in planned[:index] if stage_key(year, i["code"]) not in held]
    if missing:
        raise RoadmapRefused(f"Сначала проводятся предыдущие этапы {year} года: {', '.join(missing)}.", "order")
    key = stage_key(year, code)
    later = [s for s in held.values() if s.date > day]
    if later:
        raise RoadmapRefused(f"Этап закрыт: после него проведён этап «{later[0].title}».", "order")
    figures = freeze(roadmap, today)
    if getattr(roadmap, "stages", None) is None:
        roadmap.stages = OOBTree()
    old = roadmap.stages.get(key)
    if old is not None:
        old.figures, old.taken_by, old.taken_at = figures, actor, now
        old.revision += 1
        return old
    stage = roadmap.stages[key] = Stage(key, year, code, f"{item['title']} {year} года", day, figures, actor, now)
    return stage


def stage_of(roadmap, key):
    """The stage ``key`` held of ``roadmap``; refused (not found) when it is not held."""
    kept = getattr(roadmap, "stages", None)
    found = kept.get(key) if kept is not None else None
    if found is None:
        raise RoadmapRefused("Этот этап мониторинга не проводился: сначала проведите его.", "not_found")
    return found


__all__ = ["MONITOR_ROADMAP", "Dashboard", "Late", "Row", "Stage",
           "choose_schedule", "dashboard", "federal_rows", "late_measures", "may_monitor",
           "planned_stages", "schedule_of", "stage_of", "stages_of", "take_stage"]
