"""Execution of a roadmap's measures: who is responsible, the status of each occurrence, its evidence, its history.

A measure is carried out once, or once per deadline of a recurring period
(``core.roadmaps.periods.deadlines``: «ежеквартально, 15 числа…» gives four
a year): each occurrence is an ``Occurrence`` kept on the measure
(``Measure.executions``, keyed by its deadline, ``"once"`` when it has
none). An occurrence has a person (a login) or a body responsible, a status
that moves only forward (``MOVES``), evidence (files through the upload
inspector, links to documents and acts already in OKO Case by their path)
and a history of every change. A measure is not marked done without the
evidence its roadmap requires (``Roadmap.evidence_required``); moving it
needs the reason and the new date.
"""
import datetime
import io
from typing import NamedTuple

from BTrees.OOBTree import OOBTree
from persistent import Persistent

from core.docinspect import Limits, inspect_upload
from core.resources import File, find_root
from core.roadmaps.importer import RoadmapRefused
from core.roadmaps.model import tracking
from core.roadmaps.periods import deadlines
from core.security.roles import ROLE_TITLES
from core.workflow.process import Awaited

STATUSES = {"planned": "Запланировано", "in_progress": "Выполняется", "done": "Выполнено",
            "not_done": "Не выполнено", "moved": "Перенесено"}
# The statuses an occurrence may go to from each: forward only; done and not done are final.
MOVES = {"planned": ("in_progress", "done", "not_done", "moved"),
         "in_progress": ("done", "not_done", "moved"),
         "moved": ("in_progress", "done", "not_done", "moved"),
         "done": (), "not_done": ()}
ONCE = "once"
REASON_MAX = 2000


class Evidence(NamedTuple):
    """A proof of execution: a file kept (``kind="file"``, ``file``) or a link to a document or act of OKO Case
    (``kind="link"``, ``path``); ``title`` as shown."""

    kind: str
    title: str
    path: str = None
    file: object = None


class Change(NamedTuple):
    """One entry of an occurrence's history."""

    when: datetime.datetime
    actor: str
    what: str
    status: str
    note: str = None


class Occurrence(Persistent):
    """The execution of a measure by one deadline (``due``; None when the measure has no date)."""

    responsible = None
    body = None
    reason = None
    moved_to = None
    # The title of the region's own status it was given (``core.roadmaps.statuses``), if any.
    label = None

    def __init__(self, key, due):
        self.key = key
        self.due = due
        self.status = "planned"
        self.evidence = ()
        self.history = ()

    @property
    def status_title(self):
        """The status in Russian (the region's own when it was given one)."""
        return self.label or STATUSES[self.status]

    @property
    def deadline(self):
        """The date it is due by now: the new date when moved."""
        return self.moved_to or self.due

    def overdue(self, today):
        """Whether it is late on ``today`` (not finished and past its deadline)."""
        return self.status in ("planned", "in_progress", "moved") and self.deadline is not None \
            and self.deadline < today

    def _note(self, actor, what, note=None, now=None):
        now = now or datetime.datetime.now(datetime.timezone.utc)
        self.history = self.history + (Change(now, actor, what, self.status, note),)


def occurrences(measure):
    """``[(key, due)]``: the occurrences of ``measure`` by its period (its year bounding a recurrence)."""
    dates = deadlines(measure.period, measure.year, measure.year)
    if not dates and measure.period is None and measure.year is not None:
        # NB: a measure of a table of years without a date is due by the end of its year.
        dates = [datetime.date(measure.year, 12, 31)]
    return [(date.isoformat(), date) for date in dates] or [(ONCE, None)]


def occurrence(measure, key, create=False):
    """The ``Occurrence`` ``key`` of ``measure`` (made on first use when ``create``); None for a key it has
    not. Refuses a key that is no occurrence of the measure."""
    kept = getattr(measure, "executions", None)
    found = kept.get(key) if kept is not None else None
    if found is not None or not create:
        return found
    due = dict(occurrences(measure)).get(key, False)
    if due is False:
        raise RoadmapRefused("У мероприятия нет такого срока.", "not_found")
    if kept is None:
        kept = measure.executions = OOBTree()
    found = kept[key] = Occurrence(key, due)
    return found


OPEN = ("planned", "in_progress", "moved")


def _track(measure):
    """Keep ``Roadmap.assigned`` (the measures a person awaits) in step with ``measure``'s occurrences."""
    roadmap = measure.__parent__
    awaits = any(o.responsible and o.status in OPEN for o in (measure.executions or {}).values())
    ids = set(roadmap.assigned)
    if awaits != (measure.id in ids):
        roadmap.assigned = tuple(sorted(ids ^ {measure.id}))


def awaited(host, measure):
    """What ``measure`` awaits (``core.workflow.process``): each unfinished occurrence its responsible person
    reports, by its deadline, on the measure's execution page."""
    anyone = frozenset(ROLE_TITLES)
    # NB: whatever role the person holds here: the step is theirs by name (``principals``).
    return [Awaited(f"report:{o.key}", f"Отметить исполнение (срок {o.deadline:%d.%m.%Y})" if o.deadline
                    else "Отметить исполнение", anyone, frozenset({o.responsible}), o.deadline)
            for o in (measure.executions or {}).values() if o.responsible and o.status in OPEN]


def _person_title(node, login):
    users = getattr(find_root(node), "services", {}).get("users")
    user = users.get(login) if users is not None else None
    return user.title if user is not None else login


def assign(measure, key, actor, responsible=None, body=None, users=None, now=None):
    """Make ``responsible`` (a login, one of ``users`` when given) or ``body`` (text) responsible for the
    occurrence ``key``."""
    responsible = (responsible or "").strip().lower() or None
    body = " ".join((body or "").split()) or None
    if responsible is None and body is None:
        raise RoadmapRefused("Укажите ответственного: пользователя или орган.")
    if responsible is not None and users is not None and responsible not in users:
        raise RoadmapRefused(f"Пользователя «{responsible}» нет.")
    found = occurrence(measure, key, create=True)
    found.responsible, found.body = responsible, body
    # NB: the history names a person by name, never by login.
    found._note(actor, "Назначен ответственный: " + (_person_title(measure, responsible) if responsible else body),
                now=now)
    _track(measure)
    return found


def add_evidence(measure, key, actor, evidence, now=None):
    """Add ``evidence`` (an ``Evidence``) to the occurrence ``key``."""
    if evidence.kind == "link" and not (evidence.path or "").startswith("/"):
        raise RoadmapRefused("Ссылка на документ — это его адрес в ОКО, например /66/acts/…")
    found = occurrence(measure, key, create=True)
    if found.status in ("done", "not_done"):
        raise RoadmapRefused("Исполнение завершено: подтверждения больше не добавляются.")
    found.evidence = found.evidence + (evidence,)
    found._note(actor, "Добавлено подтверждение: " + evidence.title, now=now)
    return found


def set_status(measure, key, actor, status, reason=None, moved_to=None, now=None, label=None):
    """Move the occurrence ``key`` to ``status``; refuses a status out of order, done without the evidence the
    roadmap requires, moved or not done without a reason, moved without a new date. ``label``: the title of the
    region's own status meaning ``status`` (``core.roadmaps.statuses``)."""
    found = occurrence(measure, key, create=True)
    if status not in STATUSES:
        raise RoadmapRefused("Нет такого статуса.")
    if status not in MOVES[found.status]:
        raise RoadmapRefused(f"Из статуса «{found.status_title}» нельзя перейти в «{STATUSES[status]}».",
                             "order")
    reason = " ".join((reason or "").split())[:REASON_MAX] or None
    if status == "done" and measure.__parent__.evidence_required and not found.evidence:
        raise RoadmapRefused("Без подтверждения мероприятие не отмечается выполненным: приложите файл или "
                             "ссылку на документ.", "order")
    if status in ("moved", "not_done") and reason is None:
        raise RoadmapRefused("Укажите причину.")
    if status == "moved" and not isinstance(moved_to, datetime.date):
        raise RoadmapRefused("Укажите новый срок.")
    with tracking(measure):
        if status == "moved":
            found.moved_to = moved_to
        found.status, found.reason = status, reason if status in ("moved", "not_done") else found.reason
        if label or found.label:
            found.label = label or None
        found._note(actor, "Статус: " + (label or STATUSES[status]), reason, now=now)
    _track(measure)
    return found


def file_evidence(data, filename, limits=None):
    """An ``Evidence`` of an uploaded file, once the upload inspector accepts it (Word, PDF or Excel)."""
    inspected = inspect_upload(data, filename, allowed=("docx", "pdf", "xlsx"), limits=limits or Limits())
    kept = File(io.BytesIO(data), inspected.filename)
    return Evidence("file", kept.filename, file=kept)
