"""The 500+ project in the API: each step of the roadmap, and a school's participation as JSON.

Thin wrappers over ``core.project500.steps``, like the pages. A refused step
answers with its reason: ``forbidden`` 403, ``order`` 409, ``invalid`` 400
(with ``details``), a refused upload 400; nothing is kept. Document
transitions (submit, confirm, return) are the tree's ``@@transitions``.
"""
import datetime
import json

from pyramid.view import view_config

from core.api.validation import ApiError, iso_date
from core.cases import state_title
from core.project500 import access, steps
from core.project500.indicators import positive_stages
from core.project500.model import CONFIRMING_DOCUMENT, ConceptDocument, Participation
from core.resources import Municipality, Region, path_of, region_code_of
from core.security.choosing import require_allowed
from core.security.permissions import VIEW
from core.security.users import users_of
from core.site import get_site

TREE = "api_tree"


def _iso(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_iso(v) for v in value]
    return value


def document_body(host, doc):
    """What the API says of a concept or confirming document."""
    body = {"name": doc.__name__, "path": path_of(doc), "title": doc.title, "document_type": doc.document_type,
            "risk_factor": doc.risk_factor, "state": doc.workflow_state, "state_title": state_title(host, doc),
            "deadline": _iso(doc.deadline), "late": doc.late, "versions": len(doc.versions),
            "submitted_at": _iso(doc.submitted_at), "reviewed": doc.reviewed, "conforms": doc.conforms,
            "content": _iso(doc.content), "file": doc.file.filename if doc.file is not None else None}
    if doc.document_type == CONFIRMING_DOCUMENT:
        body.update(programme=doc.programme, measure=doc.measure)
    return body


def participation_body(host, p):
    """A school's participation: its steps' state, risk profile, documents and journal."""
    region = region_code_of(p)
    titles = {f["code"]: f["title"] for f in host.risk_factors(region)}
    return {
        "path": path_of(p), "year": p.project_year, "school": {"code": p.code, "title": p.__parent__.title,
                                                              "path": path_of(p.__parent__)},
        "surveyed": p.surveyed,
        "risk_profile": [{"factor": code, "title": titles.get(code, code), "level": level,
                          "activated": code in p.activated_risks} for code, level in sorted(p.risk_profile.items())],
        "profile_downloads": len(p.profile_downloads), "seminar_attended": p.seminar_attended,
        "curator": p.curator, "contract_status": p.contract_status, "first_visit": _iso(p.first_visit),
        "activated_risks": sorted(p.activated_risks), "professional_development": p.professional_development,
        "measures_activated": p.measures_activated, "sampled": p.sampled, "reviewers": sorted(p.reviewers),
        "positive_changes_confirmed": p.positive_changes_confirmed,
        "positive_stages": positive_stages(p),
        "webinars": [{"held_on": day.isoformat(), "role": role} for day, role in p.webinars],
        "indicators_met": sorted(p.indicators_met),
        "awaiting_roles": sorted(p.awaiting_roles), "due": _iso(p.due),
        "next_steps": [{"step": step, "title": steps.NEXT_STEPS.get(step, step), "roles": sorted(roles),
                        "due": _iso(due)} for step, roles, due in steps.next_steps(host, region, p)],
        "documents": [document_body(host, d) for d in p.documents()],
        "journal": [{"step": e.step, "actor": e.actor, "at": e.at.isoformat(), "detail": e.detail,
                     "comment": e.comment} for e in p.journal],
    }


def _user(request, login):
    user = users_of(get_site(request)).get(login.strip().lower())
    if user is None:
        raise ApiError(404, "no_user", f"Пользователь «{login}» не найден.")
    return user


def _answer(request, p):
    return {"participation": participation_body(request.registry.oko, p)}


# -- the region: enrolment and the survey ----------------------------------------------------

@view_config(route_name=TREE, context=Region, name="enrol", request_method="POST", renderer="json",
             permission=access.ENROL.permission, openapi="enrolSchools")
def enrol(context, request):
    """Enrol schools by code for a year; unknown codes refuse the list (400, listed in ``details``)."""
    body = request.api_body
    enrolled, already, _ = steps.enrol(request.registry.oko, context, body["codes"], body["year"],
                                       request.authenticated_userid)
    return {"enrolled": enrolled, "already": already}


@view_config(route_name=TREE, context=Region, name="risk-profiles", request_method="POST", renderer="json",
             permission=access.IMPORT_RISK_PROFILES.permission, openapi="importRiskProfiles")
def import_risk_profiles(context, request):
    """Load the survey's results for the region; one bad row (numbered from 1) refuses them all."""
    body = request.api_body
    rows = [(n, r["school_code"].strip(), r["factor"].strip(), r["level"])
            for n, r in enumerate(body["rows"], start=1)]
    count = steps.import_risk_profiles(request.registry.oko, context, rows, body["year"],
                                       request.authenticated_userid)
    return {"schools": count}


# -- a school's participation ------------------------------------------------------------------

@view_config(route_name=TREE, context=Participation, name="participation", request_method="GET",
             renderer="json", permission=VIEW, openapi="getParticipation")
def participation(context, request):
    """A school's participation in the project in a year."""
    return {"participation": participation_body(request.registry.oko, context)}


def _post(name, op, step):
    return view_config(route_name=TREE, context=Participation, name=name, request_method="POST",
                       renderer="json", permission=step.permission, openapi=op)


@_post("seminar", "recordSeminar", access.RECORD_SEMINAR)
def seminar(context, request):
    """Record the school's attendance of the kick-off seminar."""
    steps.record_seminar(request.registry.oko, context, request.api_body["attended"],
                         request.authenticated_userid)
    return _answer(request, context)


@_post("curator", "assignCurator", access.ASSIGN_CURATOR)
def curator(context, request):
    """Assign (or reassign) the school's curator."""
    body = request.api_body
    steps.assign_curator(request.registry.oko, context,
                         require_allowed(context, "region", _user(request, body["login"])),
                         request.authenticated_userid, body.get("contract_status", "not_signed"),
                         until=iso_date(body["until"], "until") if body.get("until") else None)
    return _answer(request, context)


@_post("contract", "setContractStatus", access.SET_CONTRACT_STATUS)
def contract(context, request):
    """Record the status of the curator's contract."""
    steps.set_contract_status(request.registry.oko, context, request.api_body["status"],
                              request.authenticated_userid)
    return _answer(request, context)


@_post("risk-profile-downloads", "recordProfileDownload", access.DOWNLOAD_PROFILE)
def profile_download(context, request):
    """Record that the school (or its curator) took its risk profile."""
    steps.record_profile_download(request.registry.oko, context, request.authenticated_userid)
    return _answer(request, context)


@_post("first-visit", "recordFirstVisit", access.FIRST_VISIT)
def first_visit(context, request):
    """The curator's first visit: levels verified (a change needs a comment), risk directions activated."""
    body = request.api_body
    visited_on = iso_date(body["visited_on"], "visited_on")
    changes = {code: (change["level"], change.get("comment", "")) for code, change in body.get("levels", {}).items()}
    steps.record_first_visit(request.registry.oko, context, request.authenticated_userid, visited_on,
                             changes, body["activate"])
    return _answer(request, context)


@_post("reviewers", "assignReviewer", access.ASSIGN_REVIEWER)
def reviewer(context, request):
    """Give an expert the school's documents to review (schools of the sample only)."""
    steps.assign_reviewer(request.registry.oko, context,
                          require_allowed(context, "elsewhere", _user(request, request.api_body["login"])),
                          request.authenticated_userid)
    return _answer(request, context)


@_post("professional-development", "recordProfessionalDevelopment", access.RECORD_PROFESSIONAL_DEVELOPMENT)
def professional_development(context, request):
    """Record the school's team taking part in professional development."""
    steps.record_professional_development(request.registry.oko, context, request.api_body["took_part"],
                                          request.authenticated_userid)
    return _answer(request, context)


@_post("measures", "activateMeasures", access.ACTIVATE_MEASURES)
def measures(context, request):
    """The school activates the basic directions and measures of its programmes."""
    steps.activate_measures(request.registry.oko, context, request.authenticated_userid)
    return _answer(request, context)


@_post("positive-changes", "confirmPositiveChanges", access.CONFIRM_POSITIVE_CHANGES)
def positive_changes(context, request):
    """The curator confirms the school's stage of positive changes."""
    steps.confirm_positive_changes(request.registry.oko, context, request.authenticated_userid)
    return _answer(request, context)


@_post("positive-stage", "confirmPositiveStage", access.CONFIRM_POSITIVE_CHANGES)
def positive_stage(context, request):
    """The curator confirms a stage of positive changes (the first, then the second)."""
    steps.confirm_positive_stage(request.registry.oko, context, request.authenticated_userid,
                                 request.api_body["stage"])
    return _answer(request, context)


@_post("webinars", "recordWebinar", access.RECORD_WEBINAR)
def webinar(context, request):
    """Record the school taking part in a webinar of exchange of experience, as a viewer or a speaker."""
    body = request.api_body
    steps.record_webinar(request.registry.oko, context, iso_date(body["held_on"], "held_on"), body["role"],
                         request.authenticated_userid)
    return _answer(request, context)


def _upload(field):
    return (field.file, field.filename, field.type) if hasattr(field, "file") else None


@view_config(route_name=TREE, context=Participation, name="concept-documents", request_method="POST",
             renderer="json", permission=access.SAVE_CONCEPT_DOCUMENT.permission, openapi="saveConceptDocument")
def save_concept_document(context, request):
    """Save a concept document as a new version (multipart: ``content`` is the form as JSON, ``file`` optional)."""
    form = request.api_body
    try:
        content = json.loads(form["content"])
    except ValueError:
        content = None
    if not isinstance(content, dict):
        raise ApiError(400, "validation", "Запрос не соответствует описанию API.",
                       [{"field": "content", "message": "ожидается JSON-объект формы документа"}])
    doc = steps.save_concept_document(request.registry.oko, context, form["document_type"],
                                      request.authenticated_userid, content,
                                      risk_factor=form.get("risk_factor") or None, upload=_upload(form.get("file")))
    request.response.status = 201
    return {"document": document_body(request.registry.oko, doc)}


@view_config(route_name=TREE, context=Participation, name="confirming-documents", request_method="POST",
             renderer="json", permission=access.ADD_CONFIRMING_DOCUMENT.permission, openapi="addConfirmingDocument")
def add_confirming_document(context, request):
    """Upload a document confirming one measure of a confirmed anti-risk programme (multipart)."""
    form = request.api_body
    programme = context.get(form["programme"])
    if not isinstance(programme, ConceptDocument):
        raise ApiError(404, "not_found", f"Нет антирисковой программы «{form['programme']}».")
    try:
        measure = int(form["measure"])
    except ValueError:
        raise ApiError(400, "validation", "Запрос не соответствует описанию API.",
                       [{"field": "measure", "message": "ожидается номер меры (целое число)"}]) from None
    doc = steps.add_confirming_document(request.registry.oko, context, programme, measure,
                                        request.authenticated_userid, _upload(form["file"]),
                                        title=form.get("title", ""))
    request.response.status = 201
    return {"document": document_body(request.registry.oko, doc)}


@view_config(route_name=TREE, context=Participation, name="review", request_method="POST", renderer="json",
             permission=access.REVIEW_DOCUMENT.permission, openapi="reviewDocument")
def review_document(context, request):
    """The assigned reviewer's checklist of one confirmed document: each criterion met or not, with a comment."""
    body = request.api_body
    doc = context.get(body["document"])
    if not isinstance(doc, ConceptDocument):
        raise ApiError(404, "not_found", f"Нет документа «{body['document']}».")
    results = {code: (r["met"], r.get("comment", "")) for code, r in body["results"].items()}
    conforms = steps.review_document(request.registry.oko, doc, request.authenticated_userid, results)
    return {"conforms": conforms, "document": document_body(request.registry.oko, doc)}


# -- the municipality: the review sample --------------------------------------------------

@view_config(route_name=TREE, context=Municipality, name="sample", request_method="POST", renderer="json",
             permission=access.DRAW_SAMPLE.permission, openapi="drawSample")
def draw_sample(context, request):
    """Draw the review sample: ``percent`` (and ``seed`` to repeat a draw), or ``chosen`` school codes."""
    body = request.api_body
    chosen = steps.draw_sample(request.registry.oko, context, body["year"], request.authenticated_userid,
                               percent=body.get("percent"), seed=body.get("seed"), chosen=body.get("chosen") or None)
    return {"sampled": chosen}
