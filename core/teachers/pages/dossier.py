"""A teacher's dossier: deadlines from D, the materials, consent, the experts' review, the decision, the mark."""
from pyramid.httpexceptions import HTTPNotFound
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from core.accounts.delivery import SHOWN_ONCE_PAGE, deliver_invitations
from core.refused import Refused
from core.resources import region_code_of
from core.security.permissions import REVIEW, VIEW
from core.security.roles import ATTESTEE
from core.site import get_site
from core.teachers import access, deadlines, documents, steps
from core.teachers import portfolio as portfolios
from core.teachers.model import DECISIONS, STEP_TITLES, TeacherDossier, decisions_for, now_utc
from core.teachers.pages import forms
from core.teachers.pages._common import refused, template, upload_of
from core.views.steps import done, take
from core.web.responses import file_response

PAGE = template("dossier")
REVIEW_PAGE = template("review")
JOURNAL_TITLES = {
    "planned": "Включён в график аттестации", "plan_changed": "Изменена планируемая дата",
    "support_added": "Встреча в расписании поддержки", "documents_agreed": "Документы согласованы",
    "documents_not_agreed": "Документы не согласованы (нужно письмо руководителя)",
    "material_uploaded": "Загружен документ", "result_order": "Включён в приказ о результатах",
    **STEP_TITLES,
}


FORMS = {
    # key: (schema of the dossier, view name, form id, button)
    "support": (lambda d: forms.support_schema(), "support", "add-support", "Добавить встречу"),
    "decide": (lambda d: forms.decision_schema(d.category), "decide", "decide", "Записать решение"),
    "record": (lambda d: forms.work_book_schema(), "record-result", "record-result", "Отметить запись"),
}


def _form(request, context, key):
    schema, name, formid, button = FORMS[key]
    return forms.form(request, schema(context), request.resource_url(context, f"@@{name}"), formid, button)


def dossier_page(context, request, forms_=None, **extra):
    """The data of the dossier page (``forms_`` replace the forms as first shown)."""
    host = request.registry.oko
    region = region_code_of(context)
    login = request.authenticated_userid
    roles = request.roles_on(context)
    found = portfolios.portfolio_of(context, context.login) if context.login else None
    sections = host.portfolio_sections(region)
    files = context.files or {}
    return {
        "d": context, "year": context.__parent__, "school": context.__parent__.__parent__,
        "deadlines": deadlines.step_deadlines(host, region, context.planned), "titles": STEP_TITLES,
        "required": [dict(doc, file=files.get(doc["code"]))
                     for doc in documents.required_documents(host, region, context)],
        "support": steps.support_schedule(host, context),
        "journal": [(e.at, e.actor, JOURNAL_TITLES.get(e.step, e.step), e.detail) for e in context.journal],
        "portfolio": found.by_section(sections) if found is not None else [],
        "sections": sections,
        "is_teacher": context.login == login and ATTESTEE in roles,
        "is_officer": bool({"attestation_officer", "school_head"} & roles),
        "is_coordinator": "municipal_coordinator" in roles,
        "is_commission": bool({"commission_chair", "commission_secretary"} & roles),
        "decisions": [(code, DECISIONS[code]) for code in decisions_for(context.category)],
        "forms": {**{key: _form(request, context, key).render() for key in FORMS},
                  **(forms_ or {})},
        "error": None, "details": [], **extra}


@view_config(context=TeacherDossier, renderer=PAGE, request_method="GET", permission=VIEW)
def dossier_view(context, request):
    """The teacher's attestation: steps and deadlines, materials, portfolio, support schedule, journal."""
    return dossier_page(context, request)


@view_config(context=TeacherDossier, name="materials", renderer=PAGE, request_method="GET", permission=VIEW)
def materials_view(context, request):
    """The teacher's materials and consent (the same page, opened from "Мои задачи")."""
    return dossier_page(context, request)


@view_config(context=TeacherDossier, name="result", renderer=PAGE, request_method="GET", permission=VIEW)
def result_view(context, request):
    """The page where the officer records the work record book mark."""
    return dossier_page(context, request)


def _step(context, request, action, message, page=PAGE, page_of=dossier_page, then=None):
    return take(request, action, page, lambda: page_of(context, request),
                request.resource_url(then if then is not None else context), message, refused)


@view_config(context=TeacherDossier, name="send-data", request_method="POST",
             permission=access.SEND_DATA.permission)
def send_data(context, request):
    """The officer sends the teacher's data to the district coordinator."""
    return _step(context, request, lambda: steps.send_data(request.registry.oko, context, request.authenticated_userid),
                 "Данные педагога переданы районному координатору.")


@view_config(context=TeacherDossier, name="open-account", request_method="POST",
             permission=access.OPEN_ACCOUNT.permission)
def open_account(context, request):
    """The district coordinator opens the teacher's personal account: an existing one, or a new one by invitation
    (mailed, or its link shown here once); the teacher chooses the password."""
    now = now_utc()
    year = context.__parent__
    try:
        actor = request.authenticated_userid
        user, invited = steps.teacher_account(context, request.POST.get("account", ""), actor, now)
        steps.open_account(request.registry.oko, context, actor, user, now)
    except Refused as exc:
        return refused(request, exc, PAGE, dossier_page(context, request))
    shown = deliver_invitations(request, [invited] if invited else [], now)
    # NB: back to the school's year: the coordinator reads a dossier only while opening its account.
    if not shown:
        sent = f" Приглашение отправлено на адрес {user.email}." if invited else ""
        return done(request, request.resource_url(year), "Личный кабинет педагога открыт." + sent)
    return render_to_response(SHOWN_ONCE_PAGE, {
        "node": year.school, "links": shown, "planned": [], "counts": {}, "back_url": request.resource_url(year),
        "back_title": "К году аттестации", "message": "Личный кабинет педагога открыт."}, request=request)


@view_config(context=TeacherDossier, name="upload", request_method="POST",
             permission=access.UPLOAD_MATERIAL.permission)
def upload(context, request):
    """The teacher uploads one of the required documents."""
    return _step(context, request, lambda: steps.upload_material(
        request.registry.oko, context, request.POST.get("code", ""), upload_of(request), request.authenticated_userid),
        "Документ загружен.")


@view_config(context=TeacherDossier, name="submit", request_method="POST",
             permission=access.SUBMIT_MATERIALS.permission)
def submit(context, request):
    """The teacher sends the materials (refused while one is missing)."""
    return _step(context, request, lambda: steps.submit_materials(
        request.registry.oko, context, request.authenticated_userid), "Аттестационные материалы отправлены.")


@view_config(context=TeacherDossier, name="consent", request_method="POST",
             permission=access.GIVE_CONSENT.permission)
def consent(context, request):
    """The teacher confirms consent to the attestation."""
    def action():
        if request.POST.get("agree") != "yes":
            raise Refused("Отметьте согласие на участие в процедуре аттестации.")
        steps.give_consent(request.registry.oko, context, request.authenticated_userid)
    return _step(context, request, action, "Согласие на участие в аттестации подтверждено.")


def _take(context, request, key, action, message):
    return forms.take(request, _form(request, context, key), key, PAGE,
                      lambda forms=None, **extra: dossier_page(context, request, forms, **extra), action,
                      lambda result: request.resource_url(context), message)


@view_config(context=TeacherDossier, name="support", request_method="POST",
             permission=access.ADD_SUPPORT.permission)
def support(context, request):
    """The officer adds a meeting to the teacher's support schedule."""
    return _take(context, request, "support", lambda v: steps.add_support(
        request.registry.oko, context, v["on"], v["topic"], request.authenticated_userid),
        "Встреча добавлена в расписание поддержки.")


@view_config(context=TeacherDossier, name="agreed", request_method="POST",
             permission=access.SET_DOCUMENTS_AGREED.permission)
def agreed(context, request):
    """The officer marks whether the teacher's documents are agreed with the head."""
    return _step(context, request, lambda: steps.set_documents_agreed(
        request.registry.oko, context, request.POST.get("agreed") == "yes", request.authenticated_userid),
        "Перечень документов педагога обновлён.")


@view_config(context=TeacherDossier, name="decide", request_method="POST",
             permission=access.DECIDE.permission)
def decide(context, request):
    """The commission's decision."""
    return _take(context, request, "decide", lambda v: steps.decide(
        request.registry.oko, context, request.authenticated_userid, v["decision"], v["protocol"]),
        "Решение аттестационной комиссии записано.")


@view_config(context=TeacherDossier, name="record-result", request_method="POST",
             permission=access.RECORD_WORK_BOOK.permission)
def record_result(context, request):
    """The officer records the result in the work record book."""
    return _take(context, request, "record", lambda v: steps.record_work_book(
        request.registry.oko, context, request.authenticated_userid, v["text"], v["on"]),
        "Запись в трудовой книжке отмечена; аттестация завершена.")


@view_config(context=TeacherDossier, name="evidence", request_method="POST",
             permission=access.ADD_EVIDENCE.permission)
def evidence(context, request):
    """The teacher adds evidence to the e-portfolio."""
    def action():
        if context.login != request.authenticated_userid:
            raise access.ADD_EVIDENCE.refused()
        portfolios.add_evidence(request.registry.oko, get_site(request), region_code_of(context), context.login,
                                request.POST.get("section", ""), request.POST.get("title", ""),
                                context.__parent__.project_year, upload_of(request))
    return _step(context, request, action, "Документ добавлен в портфолио.")


@view_config(context=TeacherDossier, name="verify", request_method="POST",
             permission=access.VERIFY_EVIDENCE.permission)
def verify(context, request):
    """The officer verifies a piece of the teacher's evidence (once; later cycles reuse it)."""
    def action():
        access.VERIFY_EVIDENCE.require(context, request.authenticated_userid)
        found = portfolios.portfolio_of(context, context.login) if context.login else None
        if found is None:
            raise Refused("У педагога нет портфолио.")
        portfolios.verify_evidence(found, request.POST.get("entry", ""), request.authenticated_userid)
    return _step(context, request, action, "Документ портфолио проверен.")


@view_config(context=TeacherDossier, name="file", request_method="GET", permission=VIEW)
def download(context, request):
    """A material (``?code=``) or a piece of portfolio evidence (``?entry=``), to those who read the dossier."""
    file = documents.dossier_file(context, request.params.get("code"), request.params.get("entry"))
    if file is None:
        raise HTTPNotFound()
    return file_response(request, file)


def _review_form(request, context):
    criteria = request.registry.oko.review_criteria(region_code_of(context), steps.REVIEW_DOCUMENT_TYPE)
    return forms.form(request, forms.review_schema(criteria), request.resource_url(context, "@@review"), "review",
                      "Записать экспертизу")


def review_page(context, request, forms_=None, **extra):
    """The data of an expert's review page: the materials, the verified evidence, the checklist."""
    page = dossier_page(context, request)
    found = portfolios.portfolio_of(context, context.login) if context.login else None
    shown = [found.get(i) for i in context.portfolio_snapshot] if found is not None else []
    return {**page, "evidence": [e for e in shown if e is not None],
            "forms": {"review": _review_form(request, context).render(), **(forms_ or {})}, **extra}


@view_config(context=TeacherDossier, name="review", renderer=REVIEW_PAGE, permission=REVIEW, request_method="GET")
def review_view(context, request):
    """The expert's checklist of the teacher's portfolio against the region's criteria."""
    return review_page(context, request)


@view_config(context=TeacherDossier, name="review", renderer=REVIEW_PAGE, request_method="POST",
             permission=access.REVIEW.permission)
def review_post(context, request):
    """The expert's review is recorded."""
    def action(v):
        results = {key[4:]: (v[key] == "yes", v["comment-" + key[4:]]) for key in v if key.startswith("met-")}
        steps.review(request.registry.oko, context, request.authenticated_userid, results)
    return forms.take(request, _review_form(request, context), "review", REVIEW_PAGE,
                      lambda forms=None, **extra: review_page(context, request, forms, **extra), action,
                      # NB: to the dossier: the review form is closed once the review is recorded.
                      lambda result: request.resource_url(context), "Экспертиза портфолио записана.")
