"""A school's year in the project (``/66/<muni>/<school>/500plus-2026/``): its steps, risk profile,
journal and documents, and the forms of each role's steps on it."""
import datetime
from types import SimpleNamespace

from pyramid.httpexceptions import HTTPForbidden, HTTPSeeOther
from pyramid.view import view_config

from core.cases import state_title
from core.project500 import access, indicators, steps
from core.project500.model import CONFIRMING_DOCUMENT, CONTRACT, DOCUMENT_TITLES, LEVELS, Participation
from core.project500.pages._common import JOURNAL_TITLES, back_url, done, macros, refused, step_title, template
from core.project500.pages.municipality import PAGE as MUNICIPALITY_PAGE
from core.project500.pages.municipality import municipality_page
from core.project500.pages.tables import XLSX_TYPE, profile_workbook
from core.project500.steps.monitoring import WEBINAR_ROLES
from core.refused import Refused
from core.resources import region_code_of
from core.security.choosing import pick
from core.security.permissions import CURATE, REVIEW, VIEW, VIEW_HOME
from core.security.roles import ROLES
from core.views.steps import take
from core.web.responses import attachment, openable
from core.workflow import ACCEPTED, EDITABLE, means

PAGE = template("participation")
FIRST_VISIT_PAGE = template("first_visit")


def factor_titles(host, p):
    """``{risk factor code: Russian title}`` in the school's region."""
    return {f["code"]: f["title"] for f in host.risk_factors(region_code_of(p))}


def _when(p, *codes):
    return next((e.at for e in reversed(p.journal) if e.step in codes), None)


def _step(title, done_, when=None, note="", awaited=False):
    return SimpleNamespace(title=title, done=bool(done_), when=when, note=note, awaited=awaited)


def roadmap(host, p):
    """The school's steps in the roadmap's order: done or not, when, and what is awaited now."""
    awaited = {step for step, _, _ in steps.next_steps(host, region_code_of(p), p)}
    docs = indicators.concept_documents(p)
    confirmed = [d for d in docs if d is not None and means(d, ACCEPTED)]
    met = p.indicators_met
    confirming = p.documents(CONFIRMING_DOCUMENT)
    deadline = host.deadlines(region_code_of(p), p.project_year).get("concept_documents")
    concept_note = f"подтверждено {len(confirmed)} из {len(docs)}"
    if deadline:
        concept_note += f"; срок размещения {deadline:%d.%m.%Y}"
    late = [d.title for d in docs if d is not None and d.late]
    if late:
        concept_note += "; с нарушением срока: " + ", ".join(late)
    return [
        _step("Включение школы в проект", True, _when(p, "enrolled")),
        _step("Анкетирование: рисковый профиль школы", p.surveyed, _when(p, "risk_profile_imported"),
              f"направлений в профиле: {len(p.risk_profile)}" if p.surveyed else "ожидаются результаты анкетирования"),
        _step("Назначение куратора", p.curator, _when(p, "curator_assigned", "curator_reassigned"),
              f"договор {CONTRACT[p.contract_status]}" if p.curator else "", "assign_curator" in awaited),
        _step("Рисковый профиль скачан", p.profile_downloads,
              p.profile_downloads[0][1] if p.profile_downloads else None),
        _step("Установочный семинар", p.seminar_attended, _when(p, "seminar")),
        _step("Первое посещение куратора, активация рисковых направлений", p.first_visit is not None,
              p.first_visit, f"активировано направлений: {len(p.activated_risks)}" if p.first_visit else "",
              "first_visit" in awaited),
        _step("Договор с куратором заключён", p.contract_status == "signed",
              _when(p, "contract", "curator_assigned", "curator_reassigned") if p.contract_status == "signed"
              else None),
        _step("Концептуальные документы размещены и подтверждены куратором", "concept_confirmed" in met,
              max((d.history[-1].at for d in confirmed), default=None) if "concept_confirmed" in met else None,
              concept_note if p.first_visit else "", "concept_documents" in awaited),
        _step("Содержательная экспертиза концептуальных документов", "concept_conforms" in met,
              _when(p, "reviewed") if "concept_conforms" in met else None,
              ("школа в выборке; эксперты: " + (", ".join(sorted(p.reviewers)) or "не назначены"))
              if p.sampled else "школа не вошла в выборку", "review" in awaited),
        _step("Подтверждающие документы исполненных мер", "confirming_conform" in met, None,
              f"загружено: {len(confirming)}, подтверждено куратором: "
              f"{sum(means(d, ACCEPTED) for d in confirming)}", "confirming_documents" in awaited),
        _step("Повышение квалификации", p.professional_development, _when(p, "professional_development")),
        _step("Активация основных направлений и мер", p.measures_activated, _when(p, "measures_activated")),
        _step("Подтверждено наступление позитивных изменений", p.positive_changes_confirmed,
              _when(p, "positive_changes_confirmed"), "", "positive_changes" in awaited),
        _step("Второй этап позитивных изменений подтверждён", 2 in indicators.positive_stages(p),
              next((day for stage, day, _ in p.positive_stages if stage == 2), None)),
        _step("Вебинары по обмену опытом", bool(p.webinars), p.webinars[-1][0] if p.webinars else None,
              f"участий: {len(p.webinars)}" if p.webinars else ""),
    ]


def document_rows(request, host, p, is_head):
    """The concept documents the school must write, with state, deadline and lateness, and what to do."""
    region = region_code_of(p)
    titles = factor_titles(host, p)
    needed = [(t, None) for t in ("development_concept", "medium_term_programme")]
    needed += [("anti_risk_programme", code) for code in sorted(p.activated_risks)]
    rows = []
    for (document_type, risk), doc in zip(needed, indicators.concept_documents(p)):
        title = DOCUMENT_TITLES[document_type] + (f": {titles.get(risk, risk)}" if risk else "")
        edit_url = None
        if is_head and (doc is None or means(doc, EDITABLE)):
            edit_url = request.resource_url(p, "@@concept", query={"type": document_type,
                                                                   **({"risk": risk} if risk else {})})
        confirming = [d for d in p.documents(CONFIRMING_DOCUMENT) if doc is not None and d.programme == doc.__name__]
        rows.append(SimpleNamespace(
            # NB: a link only to a document its reader may open (the school's other staff see its state).
            title=title, doc=doc, url=request.resource_url(doc) if doc is not None and openable(request, doc) else None,
            state=state_title(host, doc) if doc is not None else "не создан",
            deadline=doc.deadline if doc is not None else host.deadlines(region, p.project_year).get(
                "concept_documents"),
            late=doc.late if doc is not None else False, versions=len(doc.versions) if doc is not None else 0,
            conforms=doc.conforms if doc is not None else False, edit_url=edit_url,
            confirming=[SimpleNamespace(doc=d, url=request.resource_url(d) if openable(request, d) else None,
                                        state=state_title(host, d))
                        for d in confirming],
            confirm_url=request.resource_url(p, "@@confirming", query={"programme": doc.__name__})
            if is_head and doc is not None and risk and means(doc, ACCEPTED) else None))
    return rows


def participation_page(context, request, **extra):
    """The data of the participation page."""
    host = request.registry.oko
    login = request.authenticated_userid
    roles = request.roles_on(context)
    titles = factor_titles(host, context)
    is_head = "school_head" in roles
    todo = steps.next_steps(host, region_code_of(context), context)
    return {
        "p": context, "school": context.__parent__, "year": context.project_year,
        "roadmap": roadmap(host, context),
        "next": [SimpleNamespace(title=step_title(step), roles=", ".join(ROLES.get(r, r) for r in sorted(who)),
                                 due=due, overdue=bool(due and due < datetime.date.today()))
                 for step, who, due in todo],
        "profile": profile_rows(context, titles),
        "journal": [SimpleNamespace(at=e.at, actor=e.actor, step=JOURNAL_TITLES.get(e.step, e.step),
                                    detail=e.detail, comment=e.comment) for e in context.journal],
        "documents": document_rows(request, host, context, is_head),
        "is_head": is_head, "measures_ready": steps.measures_ready(context), "is_curator": context.curator == login and "curator" in roles,
        "is_coordinator": "municipal_coordinator" in roles,
        "is_reviewer": login in context.reviewers,
        "second_stage": indicators.positive_stages(context) == [1],
        "webinar_roles": sorted(WEBINAR_ROLES.items()), "today": datetime.date.today().isoformat(),
        "contracts": sorted(CONTRACT.items()), "macros": macros(), "back": "participation",
        "error": None, "details": [], **extra}


def profile_rows(p, titles):
    """The risk profile, highest levels first."""
    order = list(LEVELS)
    return [SimpleNamespace(code=code, title=titles.get(code, code), level=level, level_title=LEVELS[level],
                            activated=code in p.activated_risks)
            for code, level in sorted(p.risk_profile.items(), key=lambda i: (order.index(i[1]), i[0]))]


# NB: a reviewer (an expert on this participation only) has no view of the school: the page sends
# it to its checklists; everyone else needs "view", as on any node.
@view_config(context=Participation, renderer=PAGE, request_method="GET", permission=VIEW_HOME)
def participation_view(context, request):
    """The school's year in the project, and the links to each step open to the user."""
    if not request.has_permission(VIEW, context):
        if request.has_permission(REVIEW, context) and request.authenticated_userid in context.reviewers:
            return HTTPSeeOther(request.resource_url(context, "@@review"))
        raise HTTPForbidden()
    return participation_page(context, request)


def _back(context, request):
    """``(renderer, page_of)`` of the page a coordinator's, curator's or head's step came from."""
    if request.POST.get("back") == "municipality":
        muni = context.__parent__.__parent__
        return MUNICIPALITY_PAGE, lambda: municipality_page(muni, request, context.project_year)
    return PAGE, lambda: participation_page(context, request)


def _refused(context, request, exc):
    """A coordinator's, curator's or head's step refused: the page it came from, with the reason."""
    renderer, page_of = _back(context, request)
    return refused(request, exc, renderer, page_of())


def _take(context, request, step, message, url=None):
    """A coordinator's, curator's or head's one-click step: ``message`` said on ``url`` (where it came from,
    ``back_url``), or refused on the page it came from with the reason."""
    return take(request, step, *_back(context, request), url or back_url(request, context), message)


# -- the risk profile -----------------------------------------------------------------------

@view_config(context=Participation, name="risk-profile", renderer=template("risk_profile"),
             request_method="GET", permission=VIEW)
def risk_profile(context, request):
    """The school's risk profile as a page, with its download."""
    return {"p": context, "profile": profile_rows(context, factor_titles(request.registry.oko, context)),
            "records": bool(request.has_permission(access.DOWNLOAD_PROFILE.permission, context)),
            "downloads": context.profile_downloads}


@view_config(context=Participation, name="risk-profile.xlsx", request_method="GET", permission=VIEW)
def risk_profile_xlsx(context, request):
    """The school's risk profile as an Excel book."""
    if not context.surveyed:
        return HTTPSeeOther(request.resource_url(context, "@@risk-profile"))
    body = profile_workbook(context, factor_titles(request.registry.oko, context))
    return attachment(body, f"rpsh-{context.code}-{context.project_year}.xlsx", XLSX_TYPE)


@view_config(context=Participation, name="risk-profile.xlsx", request_method="POST",
             permission=access.DOWNLOAD_PROFILE.permission)
def record_profile_download(context, request):
    """The school (or its curator) takes its profile: the download is recorded, then the file follows."""
    try:
        steps.record_profile_download(request.registry.oko, context, request.authenticated_userid)
    except Refused as exc:
        return _refused(context, request, exc)
    return HTTPSeeOther(request.resource_url(context, "@@risk-profile.xlsx"))


# -- the municipal coordinator's steps -------------------------------------------------------

def _until(request):
    raw = (request.POST.get("until") or "").strip()
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        raise steps.StepRefused(f"Дата «{raw}» не распознана: укажите её как ДД.ММ.ГГГГ.", "invalid") from None


def _yes(request, name):
    return request.POST.get(name) in ("1", "yes", "on", "true")


@view_config(context=Participation, name="seminar", request_method="POST",
             permission=access.RECORD_SEMINAR.permission)
def seminar(context, request):
    """Record the school's attendance of the kick-off seminar."""
    attended = _yes(request, "attended")
    said = "участвовала" if attended else "не участвовала"
    return _take(context, request,
                 lambda: steps.record_seminar(request.registry.oko, context, attended, request.authenticated_userid),
                 f"{context.__parent__.title}: установочный семинар — {said}.")


@view_config(context=Participation, name="curator", request_method="POST",
             permission=access.ASSIGN_CURATOR.permission)
def curator(context, request):
    """Assign (or reassign) the school's curator, with the contract's status."""
    def step():
        user = pick(context, "region", request.POST.get("login"))
        steps.assign_curator(request.registry.oko, context, user, request.authenticated_userid,
                             request.POST.get("contract_status") or "not_signed", until=_until(request))
        return user
    return _take(context, request, step, lambda user: f"{context.__parent__.title}: куратор — {user.title}.")


@view_config(context=Participation, name="contract", request_method="POST",
             permission=access.SET_CONTRACT_STATUS.permission)
def contract(context, request):
    """Record the status of the curator's contract."""
    status = request.POST.get("status", "")
    return _take(context, request,
                 lambda: steps.set_contract_status(request.registry.oko, context, status, request.authenticated_userid),
                 lambda _: f"{context.__parent__.title}: договор с куратором {CONTRACT[status]}.")


@view_config(context=Participation, name="reviewer", request_method="POST",
             permission=access.ASSIGN_REVIEWER.permission)
def reviewer(context, request):
    """Give an expert the school's documents to review (schools of the sample only)."""
    def step():
        user = pick(context, "elsewhere", request.POST.get("login"))
        steps.assign_reviewer(request.registry.oko, context, user, request.authenticated_userid)
        return user
    return _take(context, request, step, lambda user: f"{context.__parent__.title}: эксперт — {user.title}.")


@view_config(context=Participation, name="professional-development", request_method="POST",
             permission=access.RECORD_PROFESSIONAL_DEVELOPMENT.permission)
def professional_development(context, request):
    """Record the school's team taking part in professional development."""
    took_part = _yes(request, "took_part")
    return _take(context, request, lambda: steps.record_professional_development(
        request.registry.oko, context, took_part, request.authenticated_userid),
        f"{context.__parent__.title}: повышение квалификации — {'да' if took_part else 'нет'}.")


# -- the curator's steps ----------------------------------------------------------------------

def first_visit_page(context, request, **extra):
    """The data of the first visit's form (the levels as they are, or as the curator typed them)."""
    titles = factor_titles(request.registry.oko, context)
    post = request.POST if request.method == "POST" else {}
    chosen = set(post.getall("activate")) if post else set(context.activated_risks)
    rows = [SimpleNamespace(code=r.code, title=r.title, level=post.get(f"level-{r.code}", r.level) if post else r.level,
                            stored=r.level, comment=post.get(f"comment-{r.code}", "") if post else "",
                            activated=r.code in chosen)
            for r in profile_rows(context, titles)]
    visited = post.get("visited_on") if post else (context.first_visit or datetime.date.today()).isoformat()
    return {"p": context, "rows": rows, "levels": list(LEVELS.items()), "visited_on": visited,
            "today": datetime.date.today().isoformat(), "error": None, "details": [], **extra}


@view_config(context=Participation, name="first-visit", request_method="GET", renderer=FIRST_VISIT_PAGE,
             permission=CURATE)
def first_visit_form(context, request):
    """The curator's first visit: the date, each factor's level (verified) and the directions activated."""
    return first_visit_page(context, request)


@view_config(context=Participation, name="first-visit", request_method="POST", renderer=FIRST_VISIT_PAGE,
             permission=access.FIRST_VISIT.permission)
def first_visit(context, request):
    """Record the first visit; a changed level needs a comment, and at least one direction is activated."""
    post = request.POST
    try:
        try:
            visited_on = datetime.date.fromisoformat(post.get("visited_on", ""))
        except ValueError:
            raise steps.StepRefused("Укажите дату посещения.", "invalid") from None
        changes = {code: (post.get(f"level-{code}", level), post.get(f"comment-{code}", ""))
                   for code, level in context.risk_profile.items()}
        steps.record_first_visit(request.registry.oko, context, request.authenticated_userid, visited_on,
                                 changes, post.getall("activate"))
    except Refused as exc:
        return refused(request, exc, FIRST_VISIT_PAGE, first_visit_page(context, request))
    return done(request, request.resource_url(context),
                "Первое посещение записано, рисковые направления активированы.")


@view_config(context=Participation, name="positive-changes", request_method="POST",
             permission=access.CONFIRM_POSITIVE_CHANGES.permission)
def positive_changes(context, request):
    """The curator confirms the school's stage of positive changes."""
    return _take(context, request,
                 lambda: steps.confirm_positive_changes(request.registry.oko, context, request.authenticated_userid),
                 "Наступление позитивных изменений подтверждено.", request.resource_url(context))


@view_config(context=Participation, name="positive-stage", request_method="POST",
             permission=access.CONFIRM_POSITIVE_CHANGES.permission)
def positive_stage(context, request):
    """The curator confirms the second stage of positive changes."""
    return _take(context, request,
                 lambda: steps.confirm_positive_stage(request.registry.oko, context, request.authenticated_userid, 2),
                 "Второй этап позитивных изменений подтверждён.", request.resource_url(context))


@view_config(context=Participation, name="webinar", request_method="POST",
             permission=access.RECORD_WEBINAR.permission)
def webinar(context, request):
    """Record the school taking part in a webinar of exchange of experience (a day, as a viewer or a speaker)."""
    try:
        held_on = datetime.date.fromisoformat(request.POST.get("held_on", ""))
    except ValueError:
        held_on = None
    role = request.POST.get("role", "")
    return _take(context, request,
                 lambda: steps.record_webinar(request.registry.oko, context, held_on, role,
                                              request.authenticated_userid),
                 f"{context.__parent__.title}: участие в вебинаре записано.")


# -- the school head's steps ------------------------------------------------------------------

@view_config(context=Participation, name="measures", request_method="POST",
             permission=access.ACTIVATE_MEASURES.permission)
def measures(context, request):
    """The school activates the basic directions and measures of its programmes."""
    return _take(context, request,
                 lambda: steps.activate_measures(request.registry.oko, context, request.authenticated_userid),
                 "Основные направления и меры активированы.", request.resource_url(context))
