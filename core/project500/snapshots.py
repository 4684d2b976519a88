"""Dated snapshots of the 500+ indicators: how they moved week by week (seed 004: «Муниципальный координатор
обеспечивает мониторинг хода анкетирования школ на основе еженедельных выгрузок данных системы»).

The counters of ``core.project500.indicators`` say where things stand now;
``take`` keeps a copy of them under a day at a node (the federation, a
region, a municipality), ``take_all`` at a node and every level below it down
to the municipalities (a region's few dozen, never its schools). `oko
snapshot-500`, run weekly by cron, takes them for the whole country. A
snapshot taken again the same day replaces that day's. ``series`` reads one
indicator back as ``Point``s (met, total, share), ``weekly`` the last
snapshot of each week: the school survey's progress is
``weekly(region, year, "surveyed")``.
"""
import datetime
from typing import NamedTuple

from BTrees.OOBTree import OOBTree

from core.project500.indicators import TOTAL, counts
from core.resources import Municipality, Region, Root


class Point(NamedTuple):
    """An indicator on a day: schools meeting it, schools in the project."""

    day: datetime.date
    met: int
    total: int

    @property
    def share(self):
        """The share met, 0 to 1 (0 with no school)."""
        return self.met / self.total if self.total else 0.0


def take(node, year, day=None):
    """Keep ``node``'s indicator counts of ``year`` as they are now under ``day`` (today); returns them."""
    day = day or datetime.date.today()
    kept = getattr(node, "indicator_snapshots", None)
    if kept is None:
        kept = node.indicator_snapshots = OOBTree()
    found = counts(node, year)
    kept[(year, day.isoformat())] = found
    return found


def take_all(node, year, day=None):
    """``take`` at ``node`` and every federation, region and municipality below it; returns how many."""
    taken = 0
    stack = [node]
    while stack:
        current = stack.pop()
        take(current, year, day)
        taken += 1
        if isinstance(current, (Root, Region)):
            stack.extend(child for child in current.values() if isinstance(child, (Region, Municipality)))
    return taken


def series(node, year, code):
    """The snapshots of indicator ``code`` at ``node`` in ``year``, by day: ``[Point]``."""
    kept = getattr(node, "indicator_snapshots", None)
    if kept is None:
        return []
    return [Point(datetime.date.fromisoformat(day), found.get(code, 0), found.get(TOTAL, 0))
            for (_, day), found in kept.items((year, ""), (year, "\uffff"))]


def weekly(node, year, code):
    """The last snapshot of each week (Monday to Sunday) of indicator ``code``: ``[Point]`` by week."""
    weeks = {}
    for point in series(node, year, code):
        weeks[point.day.isocalendar()[:2]] = point
    return [weeks[week] for week in sorted(weeks)]
