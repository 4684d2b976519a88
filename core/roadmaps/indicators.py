"""Execution indicators of roadmaps, kept on change: the share of measures done on time, by level, section and
municipality, and every region side by side.

Like the 500+ indicators (``core.project500.indicators``), nothing is counted
when a page asks: every change of a measure's execution (``set_status``),
and every import, derivation or accepted change that adds, removes or
re-dates measures, adds its difference to a ``Tally`` kept on the
municipality, the region and the federation above the roadmap. A page reads
a few tallies and never walks the schools.

What is counted: each occurrence of a measure of the roadmap's own level (a
regional roadmap's region-level measures; its municipal and school ones are
counted in the roadmaps derived from it, where they are carried out). An
occurrence counts once in ``total`` and, by what became of it:

- finished: ``on_time`` (done on or before its deadline as first set, or
  with no deadline), ``late_done`` (done after it), ``not_done``;
- not finished: ``open_due`` by its first deadline and ``open_deadline`` by
  its deadline now (a new one when moved), and ``moved`` when moved.

As of a day, late (overdue) ones are the open ones whose deadline now has
passed, and the share on time is ``on_time`` of those whose time has come
(finished, or open past their first deadline): the tallies hold the open ones
by date, so the figures of any day are a sum over a few dates.

A tally groups its counts by ``(family, dimension, value)``: ``family`` is
the uid of the roadmap a derived one comes from at the top (the regional
roadmap for its municipal and school ones), ``"*"`` every roadmap at once
(the federation's side-by-side); dimensions are ``all``, ``level`` and
``section``. A node above a family's top keeps only its ``"*"`` groups.
"""
import contextlib
import copy
import dataclasses
from collections import Counter

from persistent import Persistent

from core.resources import Municipality, Region, Root, School
from core.roadmaps import derivation, execution
from core.roadmaps.importer import roadmaps_of
from core.roadmaps.model import TRACKERS, Measure, Roadmap

NONE = "~"      # the date key of an occurrence without a deadline: after every date, never late
ALL = "*"
FINISHED = ("on_time", "late_done", "not_done")


class Tally(Persistent):
    """Counts of occurrences of measures by ``(family, dimension, value)`` then ``(kind, date)``.

    One record per node: concurrent changes of its counts are merged by
    adding both differences (``_p_resolveConflict``), as ``BTrees.Length``
    merges one number.
    """

    def __init__(self):
        self.groups = {}

    def add(self, diff):
        """Add ``{(group, entry): n}``; counts that reach zero are dropped."""
        groups = self.groups
        for (group, entry), n in diff.items():
            if not n:
                continue
            found = groups.setdefault(group, {})
            value = found.get(entry, 0) + n
            if value:
                found[entry] = value
            else:
                del found[entry]
                if not found:
                    del groups[group]
        self._p_changed = True

    def group(self, family, dimension="all", value=""):
        """``{(kind, date): n}`` of one group (empty when nothing is counted)."""
        return self.groups.get((family, dimension, value), {})

    def values(self, family, dimension):
        """``{value: {(kind, date): n}}`` of a family's groups of ``dimension``."""
        return {value: entries for (f, d, value), entries in self.groups.items() if f == family and d == dimension}

    def _p_resolveConflict(self, old, committed, new):
        merged = copy.deepcopy(committed)
        groups = merged.setdefault("groups", {})
        before, mine = old.get("groups", {}), new.get("groups", {})
        for group in set(before) | set(mine):
            entries = before.get(group, {})
            changed = mine.get(group, {})
            for entry in set(entries) | set(changed):
                delta = changed.get(entry, 0) - entries.get(entry, 0)
                if delta:
                    target = groups.setdefault(group, {})
                    value = target.get(entry, 0) + delta
                    if value:
                        target[entry] = value
                    else:
                        target.pop(entry, None)
                        if not target:
                            del groups[group]
        return merged


# -- what a measure contributes ---------------------------------------------------

def counted(measure):
    """Whether ``measure`` is counted where it is: it is of its roadmap's own level."""
    roadmap = measure.__parent__
    return roadmap is not None and measure.level == roadmap.level


def done_on(found):
    """The day an occurrence was marked done (from its history), or None."""
    return next((c.when.date() for c in reversed(found.history) if c.status == "done"), None)


def occurrence_entries(due, found):
    """The ``(kind, date)`` entries of one occurrence: planned when ``found`` (its execution) is None."""
    status = found.status if found is not None else "planned"
    entries = [("total", "")]
    if status == "done":
        day = done_on(found)
        entries.append(("on_time" if due is None or day is None or day <= due else "late_done", ""))
    elif status == "not_done":
        entries.append(("not_done", ""))
    else:
        deadline = found.deadline if found is not None else due
        entries += [("open_due", due.isoformat() if due else NONE),
                    ("open_deadline", deadline.isoformat() if deadline else NONE)]
        if status == "moved":
            entries.append(("moved", ""))
    return entries


def measure_entries(measure):
    """``Counter({(level, section, kind, date): n})`` of ``measure``'s occurrences (empty when not counted)."""
    found = Counter()
    if not counted(measure):
        return found
    kept = measure.executions
    for key, due in execution.occurrences(measure):
        for kind, date in occurrence_entries(due, kept.get(key) if kept is not None else None):
            found[(measure.level, measure.section, kind, date)] += 1
    return found


def roadmap_entries(roadmap):
    """The entries of every measure of ``roadmap``."""
    found = Counter()
    for measure in roadmap.measures.values():
        found.update(measure_entries(measure))
    return found


# -- where they are counted ---------------------------------------------------------

def family_of(roadmap):
    """The roadmap at the top of ``roadmap``'s derivation (itself when it is not derived)."""
    seen = 0
    while roadmap.derived_from is not None and seen < 4:
        upstream = derivation.upstream_of(roadmap)
        if upstream is None:
            break
        roadmap, seen = upstream, seen + 1
    return roadmap


def nodes_of(roadmap):
    """``[(node, with_family)]``: the municipality, region and federation above ``roadmap`` that keep its counts,
    and whether each keeps its family's groups (those at or below the family's top) or only ``"*"``."""
    top = family_of(roadmap)
    top_authority = top.authority
    found, below_top = [], True
    node = roadmap.authority
    while node is not None:
        if isinstance(node, (Municipality, Region, Root)):
            found.append((node, below_top))
        if node is top_authority:
            below_top = False
        node = node.__parent__
    return top.uid, found


def _groups(family, level, section, with_family):
    groups = [(ALL, "all", ""), (ALL, "level", level)]
    if with_family:
        groups += [(family, "all", ""), (family, "level", level), (family, "section", section)]
    return groups


def expand(family, entries, with_family):
    """``{(group, (kind, date)): n}`` of ``entries`` (as ``measure_entries``) for a node."""
    diff = Counter()
    for (level, section, kind, date), n in entries.items():
        for group in _groups(family, level, section, with_family):
            diff[(group, (kind, date))] += n
    return diff


def tally_of(node, create=False):
    """The ``Tally`` of a node (made on first use when ``create``)."""
    found = getattr(node, "roadmap_tally", None)
    if found is None and create:
        found = node.roadmap_tally = Tally()
    return found


def apply(roadmap, diff):
    """Add ``diff`` (entries, as ``measure_entries``, possibly negative) to every node above ``roadmap``."""
    diff = {key: n for key, n in diff.items() if n}
    if not diff or roadmap.authority is None:
        return
    family, nodes = nodes_of(roadmap)
    for node, with_family in nodes:
        tally_of(node, create=True).add(expand(family, diff, with_family))


def _difference(after, before):
    diff = Counter(after)
    diff.subtract(before)
    return diff


@contextlib.contextmanager
def track(obj):
    """Count the change made inside the block to ``obj``, a measure or a roadmap (``core.roadmaps.model.tracking``)."""
    if isinstance(obj, Measure):
        before = measure_entries(obj)
        yield obj
        apply(obj.__parent__, _difference(measure_entries(obj), before))
    elif isinstance(obj, Roadmap):
        before = roadmap_entries(obj)
        yield obj
        apply(obj, _difference(roadmap_entries(obj), before))
    else:
        yield obj


TRACKERS.append(track)


# -- the figures of a day --------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Figures:
    """The execution of a set of occurrences as of a day."""

    total: int = 0
    on_time: int = 0
    late_done: int = 0
    not_done: int = 0
    overdue: int = 0
    moved: int = 0
    due: int = 0

    @property
    def done(self):
        """Done, on time or late."""
        return self.on_time + self.late_done

    @property
    def ahead(self):
        """Not finished and not late: their time has not come."""
        return self.total - self.done - self.not_done - self.overdue

    @property
    def share(self):
        """The share done on time of those whose time has come (None when none has)."""
        return self.on_time / self.due if self.due else None

    def as_json(self):
        """The figures as the API says them."""
        return {"total": self.total, "on_time": self.on_time, "late_done": self.late_done,
                "not_done": self.not_done, "overdue": self.overdue, "moved": self.moved, "due": self.due,
                "ahead": self.ahead, "share_on_time": self.share}


def figures(entries, today):
    """``Figures`` of a group's entries (``{(kind, date): n}``) as of ``today``."""
    day = today.isoformat()
    counts = Counter()
    overdue = due_open = 0
    for (kind, date), n in entries.items():
        if kind == "open_deadline":
            if date < day:
                overdue += n
        elif kind == "open_due":
            if date < day:
                due_open += n
        else:
            counts[kind] += n
    finished = sum(counts[k] for k in FINISHED)
    return Figures(counts["total"], counts["on_time"], counts["late_done"], counts["not_done"], overdue,
                   counts["moved"], finished + due_open)


def entries_of_roadmap(roadmap, dimension="all", value=""):
    """``{(kind, date): n}`` of one roadmap's own counted measures (a school's page: no tally below a
    municipality), of one level or section when given."""
    found = Counter()
    for (level, section, kind, date), n in roadmap_entries(roadmap).items():
        if dimension == "all" or (dimension == "level" and level == value) or \
                (dimension == "section" and section == value):
            found[(kind, date)] += n
    return found


# -- the brute force, to check and to rebuild ---------------------------------------

def _roadmaps_below(node):
    yield from roadmaps_of(node)
    for child in node.values():
        if isinstance(child, (Region, Municipality, School)):
            yield from _roadmaps_below(child)


def recount(node):
    """The groups ``node``'s tally should hold, counted from every roadmap at and below it."""
    total = Counter()
    for roadmap in _roadmaps_below(node):
        family, nodes = nodes_of(roadmap)
        with_family = next((w for n, w in nodes if n is node), None)
        if with_family is None:
            continue
        total.update(expand(family, roadmap_entries(roadmap), with_family))
    groups = {}
    for (group, entry), n in total.items():
        if n:
            groups.setdefault(group, {})[entry] = n
    return groups


def rebuild(site):
    """Count every roadmap of the site again into fresh tallies (an evolve step; a repair)."""
    nodes = [site] + [r for r in site.values() if isinstance(r, Region)]
    nodes += [m for r in nodes[1:] for m in r.values() if isinstance(m, Municipality)]
    for node in nodes:
        groups = recount(node)
        if groups or tally_of(node) is not None:
            tally = tally_of(node, create=True)
            tally.groups = groups
