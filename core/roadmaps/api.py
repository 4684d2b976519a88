"""API of roadmaps: thin wrappers over ``core.roadmaps``, validated against the OpenAPI document."""
import datetime

from pyramid.view import view_config

from core import roadmaps
from core.api.validation import ApiError
from core.api.views import TREE, node_ref
from core.resources import Municipality, Region, Root, School, path_of
from core.roadmaps import columns as cols
from core.roadmaps import derivation, execution, statuses
from core.roadmaps import timeline as tl
from core.roadmaps.access import (
    DERIVE_ROADMAP,
    IMPORT_ROADMAP,
    KEEP_ROADMAP,
    require_assign,
    require_derive,
    require_keep,
    require_report,
)
from core.roadmaps.importer import TITLE_MAX
from core.roadmaps.predicates import by_level
from core.security.choosing import require_allowed
from core.security.permissions import VIEW
from core.security.users import users_of

AUTHORITIES = ((Root, "federal"), (Region, "region"), (Municipality, "municipality"), (School, "school"))
_TRUE = ("1", "true", "yes", "да")


def for_authorities(**settings):
    """``view_config`` of the API for the federation, a region, a municipality and a school alike."""
    def decorate(func):
        for cls, _ in reversed(AUTHORITIES):
            func = view_config(route_name=TREE, context=cls, renderer="json", **settings)(func)
        return func
    return decorate


def for_importers(**settings):
    """``view_config`` of the API for each level of authority, guarded by the step of importing a roadmap there."""
    def decorate(func):
        for cls, level in reversed(AUTHORITIES):
            func = view_config(route_name=TREE, context=cls, renderer="json",
                               permission=IMPORT_ROADMAP[level].permission, **settings)(func)
        return func
    return decorate


def measure_body(measure, section_titles):
    """What the API says of a measure (stored, with ``id`` and ``uid``, or read for a preview)."""
    body = {"number": measure.number, "text": measure.text, "period": measure.period.as_json() if measure.period
            else None, "level": measure.level, "section": section_titles.get(measure.section),
            "year": measure.year, "result": measure.result, "indicator": measure.indicator,
            "responsible": measure.responsible, "participants": measure.participants, "notes": measure.notes}
    if isinstance(measure, roadmaps.Measure):
        body.update(id=measure.id, uid=measure.uid, section_code=measure.section)
    else:
        body.update(table=measure.table, row=measure.row)
    return body


def roadmap_body(roadmap, measures=False):
    """What the API says of a roadmap (with its measures in order when ``measures``)."""
    body = {"path": path_of(roadmap), "name": roadmap.__name__, "title": roadmap.title, "uid": roadmap.uid,
            "level": roadmap.level, "authority": path_of(roadmap.authority), "measures_count": len(roadmap),
            "sections": [{"code": s.code, "title": s.title, "first_year": s.first_year, "last_year": s.last_year}
                         for s in roadmap.sections],
            "levels": roadmap.levels(), "years": roadmap.years(), "modified": roadmap.modified.isoformat(),
            "sources": [{"filename": s.filename, "sha256": s.sha256, "size": s.size,
                         "imported": s.imported.isoformat(), "actor": s.actor} for s in roadmap.sources]}
    if measures:
        titles = {s.code: s.title or None for s in roadmap.sections}
        body["measures"] = [measure_body(m, titles) for m in roadmap.ordered()]
    return body


def reading_body(reading):
    """What the API says of a preview: columns as understood, sections, measures, problems, merges."""
    titles = dict(enumerate(s.title or None for s in reading.sections))
    return {
        "title": reading.title,
        "columns": [{"table": layout.table, "row": layout.row, "yearly": layout.yearly,
                     "columns": [{"header": c.header, "field": c.field, "understood": cols.title_of(c.field)}
                                 for c in layout.columns]} for layout in reading.layouts],
        "sections": [{"title": s.title, "first_year": s.first_year, "last_year": s.last_year}
                     for s in reading.sections],
        "measures": [measure_body(m, titles) for m in reading.measures],
        "problems": [p.as_json() for p in reading.problems],
        "merged": [m.as_json() for m in reading.merges],
    }


@for_authorities(name="roadmaps", request_method="GET", permission=VIEW, openapi="listRoadmaps")
def list_roadmaps(context, request):
    """The authority's roadmaps, and whether the user may import one here."""
    return {"roadmaps": [roadmap_body(r) for r in roadmaps.roadmaps_of(context) if request.has_permission(VIEW, r)],
            "may_import": roadmaps.may_import(context, request.authenticated_userid)}


@for_importers(name="roadmaps", request_method="POST", openapi="importRoadmap")
def import_roadmap(context, request):
    """Read an uploaded roadmap: with ``preview``, say what would be imported (nothing is written);
    otherwise import it (201), or refuse it with every problem (400, nothing written)."""
    roadmaps.require_import(context, request.authenticated_userid)
    form, host = request.api_body, request.registry.oko
    upload = form["file"]
    data = host.upload_limits.read(upload.file)
    reading = roadmaps.read_document(data, upload.filename, roadmaps.level_of(context), host.upload_limits)
    title = (form.get("title") or "").strip() or None
    if len(title or "") > TITLE_MAX:
        raise ApiError(400, "validation", "Запрос не соответствует описанию API.",
                       [{"field": "title", "message": f"не длиннее {TITLE_MAX} символов"}])
    if (form.get("preview") or "").strip().lower() in _TRUE:
        # NB: a preview writes nothing, whatever was touched on the way.
        request.tm.doom()
        return {"preview": True, "default_title": roadmaps.default_title(reading, upload.filename),
                **reading_body(reading)}
    report = roadmaps.apply(context, reading, request.authenticated_userid, data, upload.filename, title,
                            form.get("into") or None, sections=roadmaps.declared_sections(host, context))
    request.response.status = 201 if report.touched else 200
    return {"report": report.as_json(), "roadmap": roadmap_body(report.roadmap)}


@view_config(route_name=TREE, context=roadmaps.Roadmap, request_method="GET", renderer="json", permission=VIEW,
             openapi="getNode")
def roadmap_node(context, request):
    """A roadmap with its measures, in the order of the document."""
    return {"node": node_ref(request.registry.oko, context), "roles": sorted(request.roles_on(context)),
            "roadmap": roadmap_body(context, measures=True)}


# -- derivation and execution (core.roadmaps.derivation, core.roadmaps.execution) ----------------------------

def _roadmap_op(**settings):
    return view_config(route_name=TREE, context=roadmaps.Roadmap, renderer="json", permission=VIEW, **settings)


def change_body(change):
    """What the API says of a change upstream offered to a derived roadmap."""
    return {"key": change.key, "kind": change.kind, "title": change.title, "fields": list(change.fields),
            "text": (change.upstream or change.derived).text,
            "measure": change.derived.id if change.derived is not None else None}


@by_level(DERIVE_ROADMAP, route_name=TREE, context=roadmaps.Roadmap, renderer="json", name="derive",
          request_method="POST", openapi="deriveRoadmap")
def derive_roadmap(context, request):
    """«Передать в муниципалитеты» / «Передать в школы»."""
    require_derive(context, request.authenticated_userid)
    done = derivation.derive(context, request.authenticated_userid)
    request.response.status = 201 if done.created else 200
    return {"created": [path_of(r) for r in done.created], "kept": [path_of(a) for a in done.kept],
            "summary": done.summary()}


@_roadmap_op(name="changes", request_method="GET", openapi="listRoadmapChanges")
def list_changes(context, request):
    """The changes upstream offered to a derived roadmap."""
    upstream = derivation.upstream_of(context)
    return {"upstream": path_of(upstream) if upstream is not None else None,
            "changes": [change_body(c) for c in derivation.pending(context, upstream)] if upstream else []}


@by_level(KEEP_ROADMAP, route_name=TREE, context=roadmaps.Roadmap, renderer="json", name="changes",
          request_method="POST", openapi="decideRoadmapChange")
def decide_change(context, request):
    """Accept or ignore one change upstream."""
    require_keep(context, request.authenticated_userid)
    body = request.api_body
    change = (derivation.accept if body["action"] == "accept" else derivation.ignore)(context, body["key"])
    return {"change": change_body(change), "action": body["action"]}


def occurrence_body(measure, key, due):
    """What the API says of an occurrence of a measure (its execution; planned when nothing was reported)."""
    found = execution.occurrence(measure, key)
    return {"key": key, "due": due.isoformat() if due else None,
            "deadline": (found.deadline if found else due).isoformat() if (found.deadline if found else due)
            else None,
            "status": found.status if found else "planned",
            "status_title": found.status_title if found else execution.STATUSES["planned"],
            "responsible": found.responsible if found else None,
            "body": found.body if found else None, "reason": found.reason if found else None,
            "evidence": [{"kind": e.kind, "title": e.title, "path": e.path} for e in (found.evidence if found else ())],
            "history": [{"when": c.when.isoformat(), "actor": c.actor, "what": c.what, "status": c.status,
                         "note": c.note} for c in (found.history if found else ())]}


def _api_measure(context, raw):
    measure = context.measures.get(raw) if isinstance(raw, int) else None
    if measure is None:
        raise roadmaps.RoadmapRefused("Такого мероприятия в дорожной карте нет.", "not_found")
    return measure


@_roadmap_op(name="execution", request_method="GET", openapi="getMeasureExecution")
def get_execution(context, request):
    """A measure's occurrences and their execution (``?measure=<id>``)."""
    raw = request.GET.get("measure", "")
    measure = _api_measure(context, int(raw) if raw.isdigit() else None)
    return {"measure": measure.id, "occurrences": [occurrence_body(measure, key, due)
                                                   for key, due in execution.occurrences(measure)]}


@_roadmap_op(name="execution", request_method="POST", openapi="reportMeasureExecution")
def report_execution(context, request):
    """Name the responsible (``assign``), add a link as evidence (``link``) or move the status (``status``)
    of an occurrence; a status out of order, or done without evidence, is refused (409)."""
    body, actor = request.api_body, request.authenticated_userid
    measure = _api_measure(context, body["measure"])
    key, action = body["key"], body["action"]
    if action == "assign":
        require_assign(context, actor)
        person = users_of(request.root).get(body.get("responsible") or "")
        if person is not None:
            require_allowed(context, "place", person)
        execution.assign(measure, key, actor, body.get("responsible"), body.get("body"),
                         users=users_of(request.root))
    else:
        require_report(context, execution.occurrence(measure, key), actor)
        if action == "link":
            path = body.get("path") or ""
            execution.add_evidence(measure, key, actor,
                                   execution.Evidence("link", body.get("title") or path, path=path))
        else:
            moved_to = body.get("moved_to")
            status, label = statuses.resolve(request.registry.oko, context, body.get("status") or "")
            execution.set_status(measure, key, actor, status, body.get("reason"),
                                 datetime.date.fromisoformat(moved_to) if moved_to else None, label=label)
    due = dict(execution.occurrences(measure)).get(key)
    return {"measure": measure.id, "occurrence": occurrence_body(measure, key, due)}


@_roadmap_op(name="evidence", request_method="POST", openapi="addMeasureEvidenceFile")
def add_evidence_file(context, request):
    """Add a file as evidence of an occurrence (multipart ``measure``, ``key``, ``file``, ``title``): the upload
    inspector reads it as on the pages; a file it refuses answers 400, nothing kept."""
    form, actor = request.api_body, request.authenticated_userid
    measure = _api_measure(context, int(form["measure"]))
    key = form["key"]
    require_report(context, execution.occurrence(measure, key), actor)
    upload, limits = form["file"], request.registry.oko.upload_limits
    evidence = execution.file_evidence(limits.read(upload.file), upload.filename, limits)
    title = " ".join((form.get("title") or "").split())
    if title:
        evidence = evidence._replace(title=title)
    execution.add_evidence(measure, key, actor, evidence)
    request.response.status = 201
    due = dict(execution.occurrences(measure)).get(key)
    return {"measure": measure.id, "occurrence": occurrence_body(measure, key, due)}


@_roadmap_op(name="timeline", request_method="GET", openapi="getRoadmapTimeline")
def roadmap_timeline(context, request):
    """The roadmap on the time axis (``?level=``): each lane's bars with their occurrences, the late marked."""
    level = request.GET.get("level") or None
    found = tl.timeline(context, datetime.date.today(), level if level in context.levels() else None)
    return {"today": found.today.isoformat(), "start": found.start.isoformat() if found.start else None,
            "end": found.end.isoformat() if found.end else None, "level": level,
            "lanes": [{"section": lane.section, "section_code": lane.code, "level": lane.level,
                       "bars": [{"measure": b.measure.id, "number": b.measure.number, "text": b.measure.text,
                                 "start": b.start.isoformat(), "end": b.end.isoformat(), "status": b.status,
                                 "overdue": b.overdue,
                                 "marks": [{"key": m.key, "date": m.date.isoformat(), "status": m.status,
                                            "overdue": m.overdue} for m in b.marks]} for b in lane.bars],
                       "undated": [m.id for m in lane.undated]} for lane in found.lanes]}
