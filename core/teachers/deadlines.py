"""Deadlines counted back from D, and each region's index of them.

The offsets are data: ``oko_deadlines(region, year)`` names them
(``teacher_account_opened`` -20 days, ``teacher_materials_uploaded`` -10,
``teacher_consent_given`` -5 in the federal defaults); a region's plugin
changes them. ``attestation_date`` (D itself) may be moved too.

Every region keeps a ``RegionDeadlines``: the day of each dossier's pending
step -> the dossiers due that day, and a counter per step. A step moves one
dossier between two days, so the index is maintained as it goes, and
"overdue in the region" reads a range of days instead of 60,000 dossiers.
The dossiers of each municipality are kept too, so that its coordinator's
page reads the same days, narrowed to them.
"""
import datetime
import random
import time

from BTrees.IOBTree import IOBTree
from BTrees.Length import Length
from BTrees.LLBTree import LLTreeSet, intersection, multiunion
from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from core.resources import find_root, path_of, region_code_of
from core.teachers.model import DONE, EXPERT_MANAGERS, STEP_OFFSETS, STEP_ROLES, school_year_of

SERVICE = "teacher_deadlines"
_UNKNOWN = object()
NAMED = ("teacher_account_opened", "teacher_materials_uploaded", "teacher_consent_given")


def offsets(host, region, planned):
    """``{offset name: timedelta}`` that apply to a dossier planned on ``planned`` in ``region``."""
    found = host.deadlines(region, school_year_of(planned))
    result = {name: found[name] for name in NAMED if name in found}
    result["attestation_date"] = found.get("attestation_date", datetime.timedelta(0))
    return result


def step_deadlines(host, region, planned):
    """``{step: date or None}``: the deadline of every step of a dossier planned on ``planned``."""
    found = offsets(host, region, planned)
    return {step: (planned + found[name]) if name in found else None for step, name in STEP_OFFSETS.items()}


def deadline_of(host, region, dossier, step=None):
    """The deadline of ``step`` (the pending one by default) of ``dossier``, or None."""
    step = step or dossier.step
    if step == DONE:
        return None
    return step_deadlines(host, region, dossier.planned).get(step)


def new_uid(index):
    """A new dossier id for ``index``: time-ordered, so the index's trees grow at their ends.

    NB: hashed ids scattered a million inserts over every bucket of the
    index, and each batch of an import rewrote nearly all of them.
    """
    while True:
        uid = (time.time_ns() // 1000) << 6 | random.getrandbits(6)
        if index is None or uid not in index.paths:
            return uid


def new_uids(index, count):
    """``count`` new dossier ids for ``index`` in one run (an import): consecutive, after every id it holds.

    A block of a million spans 16 ms of ``new_uid``'s clock, so later ids
    made one by one fall after it.
    """
    while True:
        start = new_uid(index)
        if index is None or not len(index.paths.keys(start, start + count)):
            return range(start, start + count)


def municipality_of(path):
    """The path of the municipality a dossier's (or a school's) ``path`` lies in."""
    return "/".join(path.split("/", 3)[:3])


class RegionDeadlines(Persistent):
    """One region's dossiers by the day their pending step is due, and counts per step."""

    # NB: an index stored before evolve step 12 has none; ``under`` reads its paths then.
    by_municipality = None

    def __init__(self):
        self.by_day = IOBTree()      # day ordinal -> LLTreeSet of dossier uids
        self.paths = LOBTree()       # uid -> dossier path
        self.steps = OOBTree()       # step -> Length
        self.by_municipality = OOBTree()  # municipality path -> LLTreeSet of dossier uids

    def _file_by_municipality(self, entries):
        """File new dossiers (``(uid, path)`` pairs) under their municipalities."""
        if self.by_municipality is None:
            return
        grouped = {}
        for uid, path in entries:
            grouped.setdefault(municipality_of(path), []).append(uid)
        for muni, uids in grouped.items():
            members = self.by_municipality.get(muni)
            if members is None:
                members = self.by_municipality[muni] = LLTreeSet()
            members.update(uids)

    def under(self, path):
        """The uids of the region's dossiers below ``path`` (a municipality or a school)."""
        prefix = path.rstrip("/") + "/"
        muni = municipality_of(prefix)
        if self.by_municipality is None:
            return LLTreeSet(uid for uid, p in self.paths.items() if p.startswith(prefix))
        members = self.by_municipality.get(muni, LLTreeSet())
        if prefix == muni + "/":
            return members
        return LLTreeSet(uid for uid in members if self.paths[uid].startswith(prefix))

    def count(self, step):
        """How many dossiers of the region await ``step``."""
        counter = self.steps.get(step)
        return counter() if counter is not None else 0

    def _count(self, step, delta):
        counter = self.steps.get(step)
        if counter is None:
            counter = self.steps[step] = Length()
        counter.change(delta)

    def place(self, uid, path, old_step, old_due, new_step, new_due):
        """Move a dossier from its old step and day to its new ones (None: not there before)."""
        if old_step is None:
            self.paths[uid] = path
            self._file_by_municipality([(uid, path)])
        if old_step != new_step:
            if old_step is not None:
                self._count(old_step, -1)
            self._count(new_step, 1)
        if old_due == new_due and old_step is not None:
            return
        if old_due is not None:
            bucket = self.by_day.get(old_due.toordinal())
            if bucket is not None and uid in bucket:
                bucket.remove(uid)
                if not bucket:
                    del self.by_day[old_due.toordinal()]
        if new_due is not None:
            day = new_due.toordinal()
            bucket = self.by_day.get(day)
            if bucket is None:
                bucket = self.by_day[day] = LLTreeSet()
            bucket.insert(uid)

    def add_new(self, step, entries):
        """Index new dossiers, all awaiting ``step``: ``entries`` are ``(uid, path, due or None)``.

        The bulk form of ``place`` for an import: each day's set and the
        step's counter are written once for the whole batch.
        """
        if not entries:
            return
        self.paths.update([(uid, path) for uid, path, _ in entries])
        self._file_by_municipality((uid, path) for uid, path, _ in entries)
        by_day = {}
        for uid, _, due in entries:
            if due is not None:
                by_day.setdefault(due.toordinal(), []).append(uid)
        for day, uids in by_day.items():
            bucket = self.by_day.get(day)
            if bucket is None:
                bucket = self.by_day[day] = LLTreeSet()
            bucket.update(uids)
        self._count(step, len(entries))

    def forget(self, uid, step, due):
        """Take a dossier out of the index."""
        self.place(uid, None, step, due, step, None)
        self._count(step, -1)
        path = self.paths.pop(uid, None)
        if path is not None and self.by_municipality is not None:
            members = self.by_municipality.get(municipality_of(path))
            if members is not None and uid in members:
                members.remove(uid)

    def due_before(self, day, limit=None, within=None):
        """``(count, [uid, ...])``: dossiers whose pending step was due before ``day``, earliest first.

        ``within``: only these uids (``under``).
        """
        buckets = self.by_day.values(max=day.toordinal(), excludemax=True)
        if within is not None:
            # NB: narrowed to the overdue among ``within`` first: a day is then met with those few,
            # where meeting every day with all of a municipality's dossiers took milliseconds.
            buckets = list(buckets)
            within = intersection(multiunion(buckets), within)
            buckets = (intersection(bucket, within) for bucket in buckets)
        total, uids = 0, []
        for bucket in buckets:
            n = len(bucket)
            total += n
            if limit is None or len(uids) < limit:
                take = n if limit is None else min(n, limit - len(uids))
                uids.extend(bucket.keys()[:take] if take < n else bucket.keys())
        return total, uids

    def due_between(self, first, last):
        """Uids of the dossiers due from ``first`` to ``last`` inclusive, by day."""
        for day, bucket in self.by_day.items(first.toordinal(), last.toordinal()):
            for uid in bucket:
                yield datetime.date.fromordinal(day), uid


def region_index(obj, region=None, create=False):
    """The ``RegionDeadlines`` of the region ``obj`` is in (made on first write when ``create``)."""
    root = find_root(obj)
    region = region or region_code_of(obj)
    services = getattr(root, "services", None)
    if services is None:
        return None
    regions = services.get(SERVICE)
    if regions is None:
        if not create:
            return None
        regions = services[SERVICE] = OOBTree()
    index = regions.get(region)
    if index is None and create:
        index = regions[region] = RegionDeadlines()
    return index


def awaiting_of(step, dossier=None):
    """The roles awaited for ``step`` (of ``dossier``: one due for review with no expert awaits the operator)."""
    if dossier is not None and dossier.awaits_expert:
        return EXPERT_MANAGERS
    return STEP_ROLES.get(step, frozenset())


def offset_of(host, region, planned, step):
    """The offset from D of ``step``'s deadline for a dossier planned on ``planned`` (None: no deadline)."""
    name = STEP_OFFSETS.get(step)
    return offsets(host, region, planned).get(name) if name else None


def move(host, dossier, old_step, old_due, region=None, index=None, path=None, due=_UNKNOWN):
    """After a dossier changed: its new deadline, who is awaited, and the region's index.

    ``old_step`` None means the dossier is new; ``due`` is its new deadline
    when the caller knows it already (an import of a million). Returns the new due date.
    """
    region = region or region_code_of(dossier)
    new_due = deadline_of(host, region, dossier) if due is _UNKNOWN else due
    if dossier.due != new_due:
        dossier.due = new_due
    awaited = awaiting_of(dossier.step, dossier)
    if dossier.awaiting_roles != awaited:
        dossier.awaiting_roles = awaited
    index = index if index is not None else region_index(dossier, region, create=True)
    if index is not None:
        index.place(dossier.uid, path or path_of(dossier), old_step, old_due, dossier.step, new_due)
    return new_due
