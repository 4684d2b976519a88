"""The dates seed 004 gives the 500+ steps, as the federal deadlines; a region moves each through ``oko_deadlines``.

004 dates each step by a window: the first visit «Февраль –март», the
contracts with the curators «Март- Апрель», the review of the concept
documents «Апрель», the confirming documents «01.06.2022 – 20.06.2022»,
the results «20.12.2022». ``SCHEDULE`` keeps each window as the seed writes
it; its last day is the step's federal deadline (``defaults``, answered by
``core.project500.defaults.oko_deadlines``), so «Мои задачи» and `oko remind`
give the step its date, and a region's plugin replaces any of them by name
(``oko_deadlines``: ``{"first_visit": date(year, 4, 15)}``). ``schedule``
says, for a region and a year, each step's window with the region's date.
"""
import datetime
from typing import NamedTuple


class Step(NamedTuple):
    """A dated step of seed 004: the ``oko_deadlines`` name, what it is, the window as written, its first and
    last day as (month, day)."""

    name: str
    title: str
    text: str
    first: tuple
    last: tuple


SCHEDULE = (
    Step("first_visit", "Первичное посещение ОО куратором", "Февраль–март", (2, 1), (3, 31)),
    Step("curator_contract", "Заключение договоров с кураторами ОО", "Март–апрель", (3, 1), (4, 30)),
    Step("review", "Содержательная экспертиза концептуальных документов", "Апрель", (4, 1), (4, 30)),
    Step("confirming_documents", "Подтверждающие документы первого этапа позитивных изменений", "01.06–20.06",
         (6, 1), (6, 20)),
    Step("positive_changes", "Подведение итогов проекта: позитивные изменения подтверждены", "20.12",
         (12, 20), (12, 20)),
)


class Window(NamedTuple):
    """A step's window in a region and year: from ``start`` to ``end`` (the region's deadline), whether the
    region moved it from the seed's."""

    name: str
    title: str
    text: str
    start: datetime.date
    end: datetime.date
    regional: bool


def defaults(year):
    """``{name: last day}`` of every dated step in ``year``: the federal deadlines."""
    return {step.name: datetime.date(year, *step.last) for step in SCHEDULE}


def schedule(host, region, year):
    """The windows of the dated steps in ``region`` and ``year``: each ends on the region's deadline
    (``oko_deadlines``, the seed's when the region gives none) and starts on the seed's first day, or on
    that deadline when the region put it earlier."""
    deadlines, federal = host.deadlines(region, year), defaults(year)
    found = []
    for step in SCHEDULE:
        end = deadlines.get(step.name)
        end = end if isinstance(end, datetime.date) else federal[step.name]
        start = min(datetime.date(year, *step.first), end)
        found.append(Window(step.name, step.title, step.text, start, end, end != federal[step.name]))
    return found
