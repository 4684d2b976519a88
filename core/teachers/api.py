"""Teacher attestation in the API: the same steps as the pages, on the same domain code.

{path} is a school (its attestation year, a teacher added to the plan), a
teacher's dossier (``…/teachers-2026/t…``: the steps counted back from D,
the materials, consent, the expert's review, the decision, the work record
book mark) or a region / municipality (the overdue list, paged; the order
approving the results). A refused step answers ``step_forbidden`` 403,
``step_order`` 409, ``step_invalid`` / ``upload_refused`` 400 (with
``details``); nothing is kept (the error view dooms the transaction).
"""
import datetime

from pyramid.view import view_config

from core import acts
from core.accounts.delivery import deliver_invitations
from core.api.validation import ApiError, iso_date
from core.resources import Municipality, Region, School, path_of, region_code_of
from core.security.choosing import require_allowed
from core.security.permissions import MANAGE_PROJECT, VIEW
from core.security.users import users_of
from core.site import get_site
from core.teachers import access, commission, dashboard, documents, experts, result_order, steps
from core.teachers.deadlines import step_deadlines
from core.teachers.model import STEP_ORDER, STEP_TITLES, TeacherDossier, now_utc, school_year_of
from core.web.paging import api_page
from core.web.responses import file_response

TREE = "api_tree"


def _iso(value):
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value


def dossier_ref(d, today):
    """What a listing says of a dossier: the teacher, the plan, the step awaited and its deadline."""
    return {"path": path_of(d), "full_name": d.full_name, "post": d.post, "post_title": d.post_title,
            "category": d.category, "category_title": d.category_title, "planned": d.planned.isoformat(),
            "step": d.step, "step_title": d.step_title, "due": _iso(d.due),
            "overdue": bool(d.due and d.due < today)}


def dossier_body(host, d, today=None):
    """A teacher's dossier as its page shows it: deadlines from D, documents, review, decision, journal."""
    today = today or datetime.date.today()
    region = region_code_of(d)
    files = d.files or {}
    decision = d.decision
    return {**dossier_ref(d, today),
            "school": path_of(d.__parent__.__parent__), "login": d.login, "documents_agreed": d.documents_agreed,
            "deadlines": [{"step": step, "title": STEP_TITLES[step], "due": _iso(day), "done": d.has_done(step)}
                          for step, day in step_deadlines(host, region, d.planned).items()],
            "documents": [{"code": doc["code"], "title": doc["title"],
                           "file": files[doc["code"]].filename if doc["code"] in files else None}
                          for doc in documents.required_documents(host, region, d)],
            "support": [{"on": on.isoformat(), "topic": topic} for on, topic in steps.support_schedule(host, d)],
            "reviews": [{"expert": r.expert, "at": r.at.isoformat(), "score": r.score, "conforms": r.conforms,
                         "criteria": [{"code": c, "met": met, "comment": comment} for c, met, comment in r.results]}
                        for r in d.reviews],
            "decision": {"code": decision[0], "text": result_order.decision_text(d), "protocol": decision[1],
                         "actor": decision[2], "at": decision[3].isoformat()} if decision else None,
            "result_order": d.result_order,
            "work_record": {"on": d.work_record[0].isoformat(), "text": d.work_record[1]} if d.work_record else None,
            "journal": [{"step": e.step, "actor": e.actor, "at": e.at.isoformat(), "detail": e.detail}
                        for e in d.journal]}


def year_body(host, year, page, today=None):
    """A school's attestation year: its orders, the counts, and one ``Page`` of its teachers by step with their
    deadlines."""
    today = today or datetime.date.today()
    school = year.school
    board = dashboard.board(host, year, today, page.offset, page.size)
    return {"path": path_of(year), "school": {"path": path_of(school), "code": school.code, "title": school.title},
            "school_year": year.project_year, "officer": year.officer, "officer_order": year.officer_order,
            "schedule_order": year.schedule_order, "counts": board.counts, "page": page.number, "per_page": page.size,
            "steps": [{"step": step, "title": title, "count": count, "teachers": [
                {**dossier_ref(r.dossier, today), "soon": r.soon,
                 "deadlines": {k: _iso(v) for k, v in r.deadlines.items()}} for r in rows]}
                for step, title, count, rows in board.groups]}


def _view(context, name, method, op, permission):
    return view_config(route_name=TREE, context=context, name=name, request_method=method, renderer="json",
                       permission=permission, openapi=op)


def _taken(request, context, step):
    """A step with nothing to say but who takes it: the dossier as it is now."""
    step(request.registry.oko, context, request.authenticated_userid)
    return _dossier(request, context)


def _dossier(request, context, status=200):
    request.response.status = status
    return {"dossier": dossier_body(request.registry.oko, context)}


# -- the school ---------------------------------------------------------------------------------

@_view(School, "teacher-year", "GET", "getTeacherAttestationYear", VIEW)
def school_year(context, request):
    """The school's attestation year (``year``: the year it starts; by default the current one)."""
    wanted = request.api_params.get("year") or school_year_of(datetime.date.today())
    year = steps.year_of(context, wanted)
    if year is None:
        raise ApiError(404, "no_year", f"В {wanted}/{wanted + 1} учебном году аттестация педагогов не планировалась.")
    years = sorted(y.project_year for y in context.values() if getattr(y, "type_name", "") == year.type_name)
    return {"year": year_body(request.registry.oko, year, api_page(request)), "years": years}


@_view(School, "teachers", "POST", "planTeacher", access.PLAN_TEACHER.permission)
def plan_teacher(context, request):
    """Put a teacher in the school's schedule (or change the plan of one not yet sent on)."""
    body = request.api_body
    d = steps.plan_teacher(request.registry.oko, context, body["full_name"], body["post"], body["category"],
                           iso_date(body["planned"], "planned"), request.authenticated_userid)
    return _dossier(request, d, 201)


# -- the dossier --------------------------------------------------------------------------------

@_view(TeacherDossier, "teacher-dossier", "GET", "getTeacherDossier", VIEW)
def dossier(context, request):
    """The dossier, to those who read it (``TeacherDossier.permission_map``: its teacher, the school, the
    coordinator for its steps, the expert drawn for it, the commission once it reaches the commission)."""
    return _dossier(request, context)


@_view(TeacherDossier, "teacher-send-data", "POST", "sendTeacherData", access.SEND_DATA.permission)
def send_data(context, request):
    """The officer sends the teacher's data to the district coordinator (D - 20)."""
    return _taken(request, context, steps.send_data)


@_view(TeacherDossier, "teacher-account", "POST", "openTeacherAccount", access.OPEN_ACCOUNT.permission)
def open_account(context, request):
    """The district coordinator opens the teacher's personal account: an existing one, or a new one invited by
    e-mail (without a mailer, ``invitation_url`` gives the link, in this answer only)."""
    actor, now = request.authenticated_userid, now_utc()
    user, invited = steps.teacher_account(context, request.api_body["account"], actor, now)
    steps.open_account(request.registry.oko, context, actor, user, now)
    shown = deliver_invitations(request, [invited] if invited else [], now)
    return {**_dossier(request, context), "invitation_url": shown[0][3] if shown else None}


@_view(TeacherDossier, "teacher-support", "POST", "addTeacherSupport", access.ADD_SUPPORT.permission)
def support(context, request):
    """The officer adds a meeting to the teacher's support schedule."""
    body = request.api_body
    steps.add_support(request.registry.oko, context, iso_date(body["on"], "on"), body["topic"],
                      request.authenticated_userid)
    return _dossier(request, context)


@_view(TeacherDossier, "teacher-agreed", "POST", "setTeacherDocumentsAgreed", access.SET_DOCUMENTS_AGREED.permission)
def agreed(context, request):
    """The officer says whether the documents are agreed with the head (if not, the cover letter is required)."""
    steps.set_documents_agreed(request.registry.oko, context, request.api_body["agreed"],
                               request.authenticated_userid)
    return _dossier(request, context)


@_view(TeacherDossier, "teacher-materials", "POST", "uploadTeacherMaterial", access.UPLOAD_MATERIAL.permission)
def upload(context, request):
    """The teacher uploads one required document (multipart: code, file); the safe inspector checks it."""
    field = request.api_body["file"]
    steps.upload_material(request.registry.oko, context, request.api_body["code"].strip(),
                          (field.file, field.filename, field.type), request.authenticated_userid)
    return _dossier(request, context, 201)


@view_config(route_name=TREE, context=TeacherDossier, name="teacher-materials", request_method="GET",
             permission=VIEW, openapi="downloadTeacherMaterial")
def material_file(context, request):
    """One of the dossier's materials (``code``), for those who read the dossier."""
    file = documents.dossier_file(context, request.api_params["code"])
    if file is None:
        raise ApiError(404, "no_file", "Этот документ педагог ещё не загрузил.")
    return file_response(request, file)


@_view(TeacherDossier, "teacher-submit", "POST", "submitTeacherMaterials", access.SUBMIT_MATERIALS.permission)
def submit(context, request):
    """The teacher sends the materials (D - 10); refused while a required document is missing."""
    return _taken(request, context, steps.submit_materials)


@_view(TeacherDossier, "teacher-consent", "POST", "giveTeacherConsent", access.GIVE_CONSENT.permission)
def consent(context, request):
    """The teacher confirms consent to the attestation (D - 5), after the materials."""
    if request.api_body["agree"] is not True:
        raise ApiError(400, "step_invalid", "Отметьте согласие на участие в процедуре аттестации.",
                       [{"field": "agree", "message": "нужно true"}])
    steps.give_consent(request.registry.oko, context, request.authenticated_userid)
    return _dossier(request, context)


@_view(TeacherDossier, "teacher-review", "POST", "reviewTeacherPortfolio", access.REVIEW.permission)
def review(context, request):
    """An expert's review of the portfolio: every criterion met or not, an unmet one with a comment."""
    results = {code: (r["met"], r.get("comment", "")) for code, r in request.api_body["results"].items()}
    steps.review(request.registry.oko, context, request.authenticated_userid, results)
    return _dossier(request, context)


@_view(TeacherDossier, "teacher-decision", "POST", "decideTeacher", access.DECIDE.permission)
def decide(context, request):
    """The commission's decision (the chair or the secretary records it)."""
    body = request.api_body
    steps.decide(request.registry.oko, context, request.authenticated_userid, body["decision"],
                 body.get("protocol", ""))
    return _dossier(request, context)


@_view(TeacherDossier, "teacher-work-book", "POST", "recordTeacherWorkBook", access.RECORD_WORK_BOOK.permission)
def work_book(context, request):
    """The officer records the result in the work record book, after the result order; the attestation ends."""
    body = request.api_body
    on = iso_date(body["on"], "on") if body.get("on") else None
    steps.record_work_book(request.registry.oko, context, request.authenticated_userid, body["text"], on)
    return _dossier(request, context)


# -- the region or the municipality ---------------------------------------------------------------

@_view(Region, "teachers-overdue", "GET", "getTeachersOverdue", VIEW)
@_view(Municipality, "teachers-overdue", "GET", "getTeachersOverdue", VIEW)
def overdue(context, request):
    """The overdue steps of the region's (or the municipality's) teachers, earliest deadline first, paged."""
    page = api_page(request)
    today = datetime.date.today()
    under = None if isinstance(context, Region) else path_of(context)
    found = dashboard.overdue_page(context, today, page.offset, page.size, under)
    return {"today": today.isoformat(), **page.body(found["total"]),
            "by_step": [{"step": s, "title": STEP_TITLES[s], "count": found["by_step"][s]}
                        for s in STEP_ORDER if s in found["by_step"]],
            "teachers": [{**dossier_ref(d, today), "school": d.__parent__.__parent__.title} for d in found["rows"]]}


@_view(Region, "teacher-result-order", "POST", "draftTeacherResultOrder", access.DRAFT_RESULT_ORDER.permission)
@_view(Municipality, "teacher-result-order", "POST", "draftTeacherResultOrder", access.DRAFT_RESULT_ORDER.permission)
def draft_result_order(context, request):
    """The order approving the results for every decided teacher below, drafted in the authority's register."""
    body = request.api_body
    values = {"authority_name": context.title, "city": body["city"],
              "protocol_number": body["protocol_number"], "protocol_date": iso_date(body["protocol_date"], "protocol_date"),
              "responsible_name": body["responsible_name"], "notify_days": body.get("notify_days", 5),
              "signatory_post": body["signatory_post"], "signatory_name": body["signatory_name"]}
    awaiting = result_order.awaiting_order(context)
    act = result_order.draft_result_order(request.registry.oko, context, request.authenticated_userid, values)
    request.response.status = 201
    return {"act": {"path": path_of(act), "title": act.title}, "dossiers": [path_of(d) for d in awaiting],
            "readers": acts.readers(act)}


# -- the region's experts and commission ----------------------------------------------------------

def people_body(region):
    """The region's expert pool, its commission, and the dossiers waiting for an expert."""
    return {"experts": [{"login": user.login, "title": user.title, "works_in": where}
                        for user, where in experts.members(region)],
            "commission": commission.composition(region), "waiting": len(experts.waiting(region))}


def _user(request, login):
    user = users_of(get_site(request)).get((login or "").strip().lower())
    if user is None:
        raise ApiError(404, "no_user", f"Пользователь «{login}» не найден.")
    return user


@_view(Region, "teacher-attestation-people", "GET", "getTeacherAttestationPeople", MANAGE_PROJECT)
def people(context, request):
    """The region's pool of experts and its commission."""
    return people_body(context)


@_view(Region, "teacher-experts", "POST", "addTeacherExpert", access.ADD_EXPERT.permission)
def add_expert(context, request):
    """The regional operator adds an expert to the pool."""
    experts.add_expert(context, require_allowed(context, "region", _user(request, request.api_body["login"])),
                       request.authenticated_userid)
    return people_body(context)


@_view(Region, "teacher-experts", "DELETE", "removeTeacherExpert", access.REMOVE_EXPERT.permission)
def remove_expert(context, request):
    """The regional operator takes an expert out of the pool."""
    experts.remove_expert(context, _user(request, request.api_params["login"]), request.authenticated_userid)
    return people_body(context)


@_view(Region, "teacher-experts-draw", "POST", "drawTeacherExperts", access.DRAW_EXPERTS.permission)
def draw_experts(context, request):
    """The regional operator draws experts for the dossiers that wait for one."""
    drawn = steps.draw_waiting(request.registry.oko, context, request.authenticated_userid)
    return {"drawn": drawn, "waiting": len(experts.waiting(context))}


@_view(Region, "teacher-commission", "POST", "appointTeacherCommission", access.APPOINT_COMMISSION.permission)
def appoint(context, request):
    """The regional operator appoints a member of the commission."""
    body = request.api_body
    end = iso_date(body["end"], "end") if body.get("end") else None
    commission.appoint(context, require_allowed(context, "region", _user(request, body["login"])), body["role"],
                       request.authenticated_userid, end=end)
    return people_body(context)


@_view(Region, "teacher-commission", "DELETE", "dismissTeacherCommission", access.DISMISS_COMMISSION.permission)
def dismiss(context, request):
    """The regional operator takes a member off the commission."""
    p = request.api_params
    commission.dismiss(context, _user(request, p["login"]), p["role"], request.authenticated_userid)
    return people_body(context)
