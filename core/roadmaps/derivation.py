"""Derivation down the levels: a regional roadmap handed to its municipalities, a municipal one to its schools.

004: «Муниципальный координатор на основании региональной "дорожной карты"
разрабатывает муниципальную». ``derive`` gives each municipality of a
region (each school of a municipality) a roadmap of its own holding the
upstream measures of its level (a municipality's, the school-level ones
too, which it hands down to its schools); every derived measure keeps the ``uid`` of
the measure it came from in ``origin``, and the derived roadmap keeps the
upstream roadmap's ``uid`` in ``derived_from``. Deriving again never
rewrites a roadmap already derived: a change upstream (a re-import) is
*offered* downstream (``pending``), one change at a time, and the
authority's own coordinator or head accepts or ignores it. An ignored
change is remembered by what it would write, so the same change is not
offered again while a further change upstream is. Local measures
(``add_local``) have no origin and are never touched by a change upstream.
"""
import datetime
import hashlib
from typing import NamedTuple

from core.resources import Municipality, School
from core.roadmaps.importer import RoadmapRefused, _name_for, folder_of, roadmaps_of
from core.roadmaps.model import FIELDS, LEVELS, Roadmap, Section, tracking
from core.roadmaps.periods import parse_period

# The level a roadmap of a level is handed down to, and the kind of authority that holds it.
DOWN = {"region": ("municipality", Municipality), "municipality": ("school", School)}
# The levels of the upstream measures a derived roadmap of a level holds: a municipality's holds the school-level
# ones too, which it hands down to its schools.
CARRIED = {"municipality": ("municipality", "school"), "school": ("school",)}
# What a change offered downstream does.
KINDS = {"added": "Новое мероприятие", "changed": "Мероприятие изменено", "removed": "Мероприятие исключено"}
LOCAL_SECTION = Section("local", "Мероприятия муниципалитета")


class Change(NamedTuple):
    """A change upstream offered to a derived roadmap: its ``key`` (what accepting or ignoring names), kind,
    the upstream measure (None when removed) and the derived one (None when added), and the fields that differ."""

    key: str
    kind: str
    upstream: object
    derived: object
    fields: tuple

    @property
    def title(self):
        """The kind in Russian."""
        return KINDS[self.kind]


class Derivation(NamedTuple):
    """What ``derive`` did: the roadmaps it created and the authorities that already had theirs."""

    created: tuple
    kept: tuple

    def summary(self):
        """In one Russian sentence."""
        return (f"Дорожная карта передана: создано {len(self.created)}, уже были {len(self.kept)} "
                f"(изменения в них предлагаются, а не вносятся).")


def down_level(roadmap):
    """The level ``roadmap``'s measures are handed down to (None when it is not handed down)."""
    found = DOWN.get(roadmap.level)
    return found[0] if found else None


def derived_of(authority, upstream):
    """The roadmap of ``authority`` derived from ``upstream``, or None."""
    return next((r for r in roadmaps_of(authority) if r.derived_from == upstream.uid), None)


def upstream_of(roadmap):
    """The roadmap ``roadmap`` was derived from (in its authority's parent), or None."""
    if roadmap.derived_from is None or roadmap.authority is None:
        return None
    parent = roadmap.authority.__parent__
    return next((r for r in roadmaps_of(parent) if r.uid == roadmap.derived_from), None) if parent else None


def _copy(measure):
    return {name: value for name, value in measure.values().items()
            if name not in ("section", "level", "text") and value is not None}


def _derive_one(upstream, authority, level, actor, now):
    folder = folder_of(authority, create=True)
    roadmap = Roadmap(upstream.title, level, actor, now)
    roadmap.derived_from = upstream.uid
    folder.add(_name_for(upstream.title, folder), roadmap)
    used = set()
    with tracking(roadmap):
        for measure in upstream.ordered():
            if measure.level in CARRIED[level]:
                roadmap.add_measure(measure.section, measure.level, measure.text, measure.position,
                                    origin=measure.uid, **_copy(measure))
                used.add(measure.section)
        roadmap.sections = tuple(s for s in upstream.sections if s.code in used)
    return roadmap


def derive(upstream, actor, now=None):
    """Hand ``upstream`` down: each municipality of its region (school of its municipality) without a roadmap
    derived from it gets one with the measures of its level. Returns a ``Derivation``."""
    found = DOWN.get(upstream.level)
    if found is None:
        raise RoadmapRefused("Эта дорожная карта не передаётся ниже: передают карты региона и муниципалитета.")
    level, kind = found
    if not any(m.level in CARRIED[level] for m in upstream.measures.values()):
        raise RoadmapRefused(f"В дорожной карте нет мероприятий уровня «{LEVELS[level]}» и ниже: передавать нечего.")
    now = now or datetime.datetime.now(datetime.timezone.utc)
    created, kept = [], []
    for child in upstream.authority.values():
        if not isinstance(child, kind):
            continue
        if derived_of(child, upstream) is not None:
            kept.append(child)
        else:
            created.append(_derive_one(upstream, child, level, actor, now))
    return Derivation(tuple(created), tuple(kept))


def _fingerprint(kind, origin, values):
    text = repr((kind, origin, sorted(values.items()) if values else None))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def pending(derived, upstream=None):
    """The changes upstream not yet accepted nor ignored in ``derived``, in the upstream's order
    (removed ones last)."""
    upstream = upstream or upstream_of(derived)
    if upstream is None:
        return []
    ignored = set(derived.ignored)
    mine = {m.origin: m for m in derived.measures.values() if m.origin is not None}
    changes = []
    for measure in upstream.ordered():
        if measure.level not in CARRIED.get(derived.level, ()):
            continue
        values = measure.values()
        copy = mine.pop(measure.uid, None)
        if copy is None:
            changes.append(Change(_fingerprint("added", measure.uid, values), "added", measure, None, ()))
            continue
        differ = tuple(name for name in FIELDS if copy.values()[name] != values[name])
        if differ:
            changes.append(Change(_fingerprint("changed", measure.uid, values), "changed", measure, copy, differ))
    for origin, copy in sorted(mine.items(), key=lambda item: item[1].position):
        changes.append(Change(_fingerprint("removed", origin, None), "removed", None, copy, ()))
    return [c for c in changes if c.key not in ignored]


def _find(derived, key):
    change = next((c for c in pending(derived) if c.key == key), None)
    if change is None:
        raise RoadmapRefused("Это изменение уже принято, отклонено или больше не предлагается.", "not_found")
    return change


def accept(derived, key, now=None):
    """Write the offered change ``key`` into ``derived``; returns the Change."""
    change = _find(derived, key)
    with tracking(derived):
        _accept(derived, change)
    derived.modified = now or datetime.datetime.now(datetime.timezone.utc)
    return change


def _accept(derived, change):
    if change.kind == "added":
        m = change.upstream
        derived.add_measure(m.section, m.level, m.text, m.position, origin=m.uid, **_copy(m))
        if derived.section(m.section) is None:
            upstream = m.__parent__
            derived.sections = derived.sections + tuple(s for s in upstream.sections if s.code == m.section)
    elif change.kind == "changed":
        change.derived.update(position=change.upstream.position, **change.upstream.values())
    else:
        derived.remove_measure(change.derived)


def ignore(derived, key):
    """Leave the offered change ``key`` out of ``derived``, and stop offering it; returns the Change."""
    change = _find(derived, key)
    derived.ignored = derived.ignored + (key,)
    return change


def add_local(roadmap, text, period=None, result=None, responsible=None, now=None):
    """A measure of the authority's own (no origin) in ``roadmap``; returns it. Refuses an empty text."""
    text = " ".join((text or "").split())
    if not text:
        raise RoadmapRefused("Напишите, что за мероприятие.")
    if len(text) > 2000:
        raise RoadmapRefused("Текст мероприятия длиннее 2000 знаков.")
    if roadmap.section(LOCAL_SECTION.code) is None:
        roadmap.sections = roadmap.sections + (LOCAL_SECTION,)
    position = 1 + max((m.position for m in roadmap.measures.values() if m.section == LOCAL_SECTION.code),
                       default=-1)
    fields = {"period": parse_period(period.strip()) if period and period.strip() else None,
              "result": (result or "").strip() or None, "responsible": (responsible or "").strip() or None}
    with tracking(roadmap):
        measure = roadmap.add_measure(LOCAL_SECTION.code, roadmap.level, text, position, **fields)
    roadmap.modified = now or datetime.datetime.now(datetime.timezone.utc)
    return measure
