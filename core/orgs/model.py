"""The steps on the organisation tree a region takes from the web: a file loaded, a school edited, closed, reopened,
an institution added. Each checks everything first and writes nothing when refused; each is in the audit journal."""
import datetime

from core import orgimport
from core.catalog import reindex
from core.orgs import access
from core.orgs.access import OrgRefused
from core.resources import (
    CLOSED_SCHOOL,
    INSTITUTION_KINDS,
    INSTITUTION_PLACES,
    SCHOOL_TYPES,
    Institution,
    Municipality,
    Region,
    School,
    find_root,
    path_of,
    traverse_path,
)
from core.security import audit

TITLE_MAX = 300
REASON_MAX = 500


def _now(now):
    return now or datetime.datetime.now(datetime.timezone.utc)


def _record(node, actor, action, note, now):
    audit.record(find_root(node), actor, action, path_of(node), "", "", now=_now(now), note=note)


def _title(title):
    title = " ".join((title or "").split())
    if not title:
        raise OrgRefused("Укажите название.", "invalid")
    if len(title) > TITLE_MAX:
        raise OrgRefused(f"Название длиннее {TITLE_MAX} знаков.", "invalid")
    return title


def check_file(region, data, filename):
    """The rows of a region's organisation file, checked as a whole and against the stored tree;
    ``orgimport.ImportFailed`` (Russian, by line) when any line is wrong. Nothing is written."""
    rows = orgimport.parse(data, filename, region=region)
    problems = orgimport.against(find_root(region), rows)
    if problems:
        raise orgimport.ImportFailed(problems)
    return rows


def load(region, rows, actor, now=None):
    """Apply checked ``rows`` to ``region``'s tree (``orgimport.apply``); returns its report."""
    access.IMPORT.require(region, actor)
    return orgimport.apply(find_root(region), rows, actor=actor, where=region, now=_now(now))


def edit_school(school, actor, title, school_type, now=None):
    """Rename ``school`` or change its type; returns whether anything changed."""
    access.EDIT.require(school, actor)
    if not school.is_open:
        raise OrgRefused(f"Школа «{school.title}» закрыта: её сведения не меняются.", "order")
    title = _title(title)
    if school_type not in SCHOOL_TYPES:
        raise OrgRefused("Выберите тип школы из списка.", "invalid")
    changes = []
    if title != school.title:
        changes.append(f"название: «{school.title}» → «{title}»")
    if school_type != school.school_type:
        changes.append(f"тип: {school.school_type_title} → {SCHOOL_TYPES[school_type]}")
    if not changes:
        return False
    school.title, school.school_type = title, school_type
    reindex(school)
    _record(school, actor, "org_changed", f"школа {school.code}: " + "; ".join(changes), now)
    return True


def close_school(school, actor, reason, on, now=None):
    """Close ``school`` as of the date ``on``, saying why: it keeps everything it holds and is offered nowhere."""
    access.CLOSE.require(school, actor)
    if not school.is_open:
        raise OrgRefused(f"Школа «{school.title}» уже закрыта {school.closed_on:%d.%m.%Y}.", "order")
    reason = " ".join((reason or "").split())
    if not reason:
        raise OrgRefused("Укажите причину закрытия: она останется в журнале.", "invalid")
    if len(reason) > REASON_MAX:
        raise OrgRefused(f"Причина длиннее {REASON_MAX} знаков.", "invalid")
    if not isinstance(on, datetime.date):
        raise OrgRefused("Укажите дату закрытия.", "invalid")
    school.closed_on, school.closed_reason = on, reason
    # NB: its own kind in the catalog: every query of the open schools passes it by from now on.
    school.type_name = CLOSED_SCHOOL
    reindex(school)
    _record(school, actor, "school_closed", f"школа {school.code} закрыта с {on:%d.%m.%Y}: {reason}", now)


def reopen_school(school, actor, now=None):
    """Open a closed ``school`` again, as it was."""
    access.REOPEN.require(school, actor)
    if school.is_open:
        raise OrgRefused(f"Школа «{school.title}» не закрыта.", "order")
    school.closed_on, school.closed_reason = None, ""
    # NB: its own kind goes, and the class's ("school") is read again.
    if "type_name" in school.__dict__:
        del school.type_name
    reindex(school)
    _record(school, actor, "school_reopened", f"школа {school.code} снова открыта", now)


def institution_kinds(node):
    """``{kind: title}`` of the institutions ``node`` may hold (a region its own, a municipality its bodies)."""
    place = "region" if isinstance(node, Region) else "municipality" if isinstance(node, Municipality) else None
    return {k: t for k, t in INSTITUTION_KINDS.items() if INSTITUTION_PLACES[k] == place}


def add_institution(node, actor, code, title, kind, now=None):
    """Add an institution under ``node`` (a region or a municipality), known by ``code``; returns it."""
    access.ADD_INSTITUTION.require(node, actor)
    kinds = institution_kinds(node)
    if kind not in kinds:
        raise OrgRefused("Выберите вид учреждения из списка.", "invalid")
    code = (code or "").strip()
    if not orgimport.CODE.match(code):
        raise OrgRefused(f"Код «{code}» не подходит: латинские буквы, цифры, - _ . (до 64 знаков).", "invalid")
    title = _title(title)
    taken = node.get(code)
    if taken is not None:
        raise OrgRefused(f"Код {code} уже занят: «{taken.title}».", "order")
    if isinstance(node, Municipality) and code in orgimport.school_locations(find_root(node), closed=True):
        raise OrgRefused(f"Код {code} уже носит школа.", "order")
    institution = node.add(code, Institution(code, title, kind))
    _record(institution, actor, "org_added", f"{kinds[kind].lower()} {code} «{title}»", now)
    return institution


def institutions(node):
    """The institutions directly under ``node``, by title."""
    return sorted((c for c in node.values() if isinstance(c, Institution)), key=lambda c: c.title)


def closed_schools(region):
    """``[School]`` of the region's closed schools, found through the catalog."""
    site = find_root(region)
    catalog, docmap = site.services["catalog"], site.services["docmap"]
    top = path_of(region) + "/"
    found = []
    # NB: the closed schools of the whole country are few: their paths are read, and the region's kept.
    for docid in catalog["type_name"].eq(CLOSED_SCHOOL).execute().all(resolve=False):
        path = docmap.path_for(docid) or ""
        obj = traverse_path(site, path) if path.startswith(top) else None
        if isinstance(obj, School):
            found.append(obj)
    return sorted(found, key=lambda s: s.title)
