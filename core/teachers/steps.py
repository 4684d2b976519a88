"""The steps of a teacher's attestation, in the order of the school's cyclogram (seed 003).

Each step checks who acts and whether the step may be taken now, changes
the dossier, records it in the journal and moves the dossier in its region's
deadline index. A refused step raises ``StepRefused`` (Russian) and changes
nothing. Domain code: no request objects here.
"""
import datetime

from core import acts
from core.accounts import people
from core.catalog import index_tree, reindex
from core.refused import Refused, StepRefused
from core.resources import path_of, region_code_of
from core.security.roles import ATTESTEE, grant
from core.teachers import access, deadlines, experts
from core.teachers.access import COMMISSION, OFFICERS  # noqa: F401  (the pages name them from here)
from core.teachers.documents import inspect_material, missing_documents, required_documents
from core.teachers.model import (
    CATEGORIES,
    DECISIONS,
    DONE,
    POSTS,
    SCHOOL_STEPS,
    STEP_ROLES,
    STEP_TITLES,
    AttestationYear,
    Review,
    TeacherDossier,
    decisions_for,
    now_utc,
    school_year_of,
    teacher_key,
    year_name,
)
from core.teachers.portfolio import portfolio_of

REVIEW_DOCUMENT_TYPE = "teacher_portfolio"


def _expect(dossier, step):
    if dossier.step != step:
        raise StepRefused(f"Сейчас этот шаг недоступен: ожидается «{STEP_TITLES.get(dossier.step)}».")


def today_or(today=None):
    """``today`` if given, else the current date."""
    return today or datetime.date.today()


# -- the school's year ---------------------------------------------------------------------

def year_of(school, school_year, create=False):
    """The school's attestation year ``school_year`` (made on first use when ``create``)."""
    year = school.get(year_name(school_year))
    if year is None and create:
        year = school.add(year_name(school_year), AttestationYear(school_year))
    return year


def refresh_year(year):
    """Who the year awaits for its teachers' pre-account steps, and by when; reindexed when it changed."""
    roles, dues = set(), []
    for d in year.dossiers():
        if d.step in SCHOOL_STEPS:
            roles |= STEP_ROLES[d.step]
            if d.due is not None:
                dues.append(d.due)
    roles, due = frozenset(roles), min(dues) if dues else None
    if (year.awaiting_roles, year.due) != (roles, due):
        year.awaiting_roles, year.due = roles, due
        reindex(year, ("awaiting", "due"))


def _moved(host, dossier, old_step, old_due):
    deadlines.move(host, dossier, old_step, old_due)
    if dossier.catalogued:
        reindex(dossier, ("awaiting", "due"))
    refresh_year(dossier.__parent__)


def appoint_officer(host, school, school_year, officer, actor, values, now=None):
    """The head's order appointing the school's attestation officer (drafted from its template).

    ``officer`` is the officer's ``User``: it gets the role on the school.
    ``values`` fill the template ``order_attestation_officer``. Returns the act.
    """
    access.APPOINT_OFFICER.require(school, actor)
    try:
        act = acts.draft_act(host, school, "order_attestation_officer", values, actor, now=now)
    except acts.ActRefused as exc:
        raise StepRefused(f"Приказ не сформирован: {exc}", "invalid") from None
    grant(school, officer, "attestation_officer", actor, via="appoint_officer", now=now)
    year = year_of(school, school_year, create=True)
    year.officer, year.officer_order = officer.login, path_of(act)
    year.record("officer_appointed", actor, officer.title, now)
    return act


def check_plan(full_name, post, category, planned, today):
    """The problems of a teacher's planned attestation, as Russian phrases (empty when all is well)."""
    problems = []
    if not (full_name or "").strip():
        problems.append("не указаны ФИО педагога")
    if post not in POSTS:
        problems.append(f"неизвестная должность «{post}»")
    if category not in CATEGORIES:
        problems.append(f"неизвестная цель аттестации «{category}»")
    if not isinstance(planned, datetime.date):
        problems.append("не указана планируемая дата аттестации")
    elif planned < today:
        problems.append(f"планируемая дата аттестации {planned:%d.%m.%Y} уже прошла")
    return problems


def plan_teacher(host, school, full_name, post, category, planned, actor, today=None, now=None):
    """Put a teacher in the school's attestation schedule with the planned date D; returns the dossier.

    A teacher already planned (same school, same name) is updated instead,
    while the data have not been sent on. A date in the past is refused.
    """
    access.PLAN_TEACHER.require(school, actor)
    problems = check_plan(full_name, post, category, planned, today_or(today))
    if problems:
        raise StepRefused("Педагог не добавлен: " + "; ".join(problems) + ".", "invalid", problems)
    year = year_of(school, school_year_of(planned), create=True)
    name, _ = teacher_key(school.code, full_name)
    dossier = year.get(name)
    if dossier is not None:
        if dossier.has_done("send_data"):
            raise StepRefused("Данные педагога уже переданы координатору: план больше не меняется.")
        old_step, old_due = dossier.step, dossier.due
        dossier.post, dossier.category, dossier.planned = post, category, planned
        dossier.record("plan_changed", actor, f"{planned:%d.%m.%Y}", now)
        _moved(host, dossier, old_step, old_due)
        return dossier
    uid = deadlines.new_uid(deadlines.region_index(school, create=True))
    dossier = year.add(name, TeacherDossier(uid, " ".join(full_name.split()), post, category, planned))
    dossier.record("planned", actor, f"{planned:%d.%m.%Y}", now)
    _moved(host, dossier, None, None)
    return dossier


def draft_schedule(host, year, actor, values, now=None):
    """The school's attestation schedule for the year, as an order drafted from its template.

    The table of teachers comes from the dossiers; ``values`` give the rest
    (officer's name, signatory). Returns the act.
    """
    access.DRAFT_SCHEDULE.require(year, actor)
    dossiers = sorted(year.dossiers(), key=lambda d: (d.planned, d.full_name))
    if not dossiers:
        raise StepRefused("В графике нет ни одного педагога.", "invalid")
    rows = [{"name": d.full_name, "post": d.post_title, "category": d.category_title, "planned": d.planned}
            for d in dossiers]
    values = {"authority_name": year.school.title, **values, "teachers": rows,
              "school_year": f"{year.project_year}/{year.project_year + 1}"}
    try:
        act = acts.draft_act(host, year.school, "order_attestation_schedule", values, actor,
                             cases=[year], now=now)
    except acts.ActRefused as exc:
        raise StepRefused(f"График не сформирован: {exc}", "invalid") from None
    year.schedule_order = path_of(act)
    year.record("schedule_drafted", actor, f"педагогов: {len(rows)}", now)
    return act


def support_schedule(host, dossier):
    """The teacher's support schedule: the cyclogram's meetings and deadlines from D, and the officer's own."""
    region = region_code_of(dossier)
    steps = deadlines.step_deadlines(host, region, dossier.planned)
    d = dossier.planned
    rows = [
        (datetime.date(school_year_of(d), 8, 28), "Вводный инструктаж: нормативная база аттестации"),
        (d - datetime.timedelta(days=30), "Индивидуальная консультация: подготовка материалов и портфолио"),
        (steps["send_data"], "Передача данных районному координатору, открытие личного кабинета"),
        (steps["upload_materials"], "Загрузка аттестационных материалов в личный кабинет"),
        (steps["give_consent"], "Подтверждение согласия на участие в аттестации"),
        (d, "Аттестация (оценка профессиональной деятельности)"),
    ]
    rows += list(dossier.support)
    return sorted(rows, key=lambda r: r[0])


def add_support(host, dossier, on, topic, actor, now=None):
    """Add a meeting of the officer with the teacher to the support schedule."""
    access.ADD_SUPPORT.require(dossier, actor)
    topic = (topic or "").strip()
    if not topic or not isinstance(on, datetime.date):
        raise StepRefused("Укажите дату и тему встречи.", "invalid")
    dossier.support = dossier.support + ((on, topic),)
    dossier.record("support_added", actor, f"{on:%d.%m.%Y}: {topic}", now)


def set_documents_agreed(host, dossier, agreed, actor, now=None):
    """Whether the teacher's documents are agreed with the head (if not, the head's cover letter is required)."""
    access.SET_DOCUMENTS_AGREED.require(dossier, actor)
    if dossier.has_done("upload_materials"):
        raise StepRefused("Материалы уже отправлены: перечень документов больше не меняется.")
    dossier.documents_agreed = bool(agreed)
    dossier.record("documents_agreed" if agreed else "documents_not_agreed", actor, "", now)


# -- the steps counted back from D --------------------------------------------------------------

def send_data(host, dossier, actor, now=None):
    """The officer sends the teacher's data to the district coordinator (D - 20)."""
    access.SEND_DATA.require(dossier, actor)
    _expect(dossier, "send_data")
    old = dossier.step, dossier.due
    dossier.step = "open_account"
    dossier.record("send_data", actor, "", now)
    _moved(host, dossier, *old)


def open_account(host, dossier, actor, user, now=None):
    """The district coordinator opens the teacher's personal account: ``user`` becomes the dossier's attestee."""
    access.OPEN_ACCOUNT.require(dossier, actor)
    _expect(dossier, "open_account")
    old = dossier.step, dossier.due
    grant(dossier, user, ATTESTEE, actor, via="open_account", now=now)
    dossier.login = user.login
    dossier.step = "upload_materials"
    dossier.record("open_account", actor, user.title, now)
    # NB: from now on the teacher's own steps are tasks: the dossier joins the catalog.
    index_tree(dossier)
    _moved(host, dossier, *old)


def teacher_account(dossier, address, actor, now=None):
    """``(user, invited)``: the personal account the coordinator opens: an existing one (a log-in name or the
    teacher's e-mail), or a new one of the teacher's name at the school, invited by e-mail.

    Nobody but the teacher ever knows the password: a new teacher chooses it
    by the invitation (``invited``, a ``core.accounts.people.Invited``, None
    for an existing account), mailed or shown once to the coordinator.
    Refused (Russian, ``invalid``) for a name that is no account and no
    address, or an address of someone else; nothing is made then.
    """
    access.OPEN_ACCOUNT.require(dossier, actor)
    if not (address or "").strip():
        raise StepRefused("Укажите адрес эл. почты педагога (или его имя для входа, если учётная запись уже есть).",
                          "invalid")
    try:
        return people.account_for(dossier.__parent__.school, dossier.full_name, address, actor, "open_account", now)
    except Refused as exc:
        raise StepRefused(str(exc), "invalid") from None


def _require_teacher(step, dossier, actor):
    step.require(dossier, actor)
    if dossier.login != actor:
        raise step.refused()


def upload_material(host, dossier, code, upload, actor, now=None):
    """The teacher uploads one of the required documents (``upload`` = (stream, filename, mimetype)).

    Only documents of the dossier's list are taken; the file must pass the
    safe inspector; an upload replaces the earlier file of that document.
    """
    _require_teacher(access.UPLOAD_MATERIAL, dossier, actor)
    _expect(dossier, "upload_materials")
    region = region_code_of(dossier)
    titles = {d["code"]: d["title"] for d in required_documents(host, region, dossier)}
    if code not in titles:
        raise StepRefused(f"Документ «{code}» не входит в ваш перечень аттестационных материалов.", "invalid")
    file = inspect_material(host, region, code, *upload)
    dossier.files = {**(dossier.files or {}), code: file}
    dossier.record("material_uploaded", actor, titles[code], now)
    return file


def submit_materials(host, dossier, actor, now=None):
    """The teacher sends the materials (D - 10): refused while a required document is missing."""
    _require_teacher(access.SUBMIT_MATERIALS, dossier, actor)
    _expect(dossier, "upload_materials")
    missing = missing_documents(host, region_code_of(dossier), dossier)
    if missing:
        titles = [d["title"] for d in missing]
        raise StepRefused("Материалы не отправлены: не загружены " + ", ".join(f"«{t}»" for t in titles) + ".",
                          "invalid", titles)
    old = dossier.step, dossier.due
    dossier.step = "give_consent"
    dossier.record("upload_materials", actor, "", now)
    _moved(host, dossier, *old)


def give_consent(host, dossier, actor, now=None):
    """The teacher ticks consent to the attestation (D - 5); the verified portfolio goes to an expert
    drawn from the region's pool (``experts.draw``; if the pool has none, the regional operator is awaited)."""
    _require_teacher(access.GIVE_CONSENT, dossier, actor)
    if dossier.step == "upload_materials":
        raise StepRefused("Согласие подтверждается после загрузки и отправки аттестационных материалов.")
    _expect(dossier, "give_consent")
    old = dossier.step, dossier.due
    portfolio = portfolio_of(dossier, actor)
    dossier.portfolio_snapshot = tuple(e.id for e in portfolio.verified()) if portfolio is not None else ()
    dossier.step = "review"
    dossier.record("give_consent", actor, "", now)
    experts.draw(dossier, now=now)
    _moved(host, dossier, *old)


def draw_waiting(host, region, actor, now=None):
    """The regional operator draws experts for the dossiers that wait for one (after the pool grew).

    Returns how many dossiers got an expert; the others still wait.
    """
    access.DRAW_EXPERTS.require(region, actor)
    drawn = 0
    for dossier in experts.waiting(region):
        old = dossier.step, dossier.due
        if experts.draw(dossier, actor, now) is not None:
            drawn += 1
            _moved(host, dossier, *old)
    return drawn


def review(host, dossier, actor, results, now=None):
    """An expert reviews the portfolio against the region's criteria: ``results`` = {code: (met, comment)}.

    Every criterion must be answered; an unmet one needs a comment.
    """
    access.REVIEW.require(dossier, actor)
    _expect(dossier, "review")
    if actor not in dossier.experts:
        raise StepRefused("Эта экспертиза назначена другому эксперту.", "forbidden")
    criteria = host.review_criteria(region_code_of(dossier), REVIEW_DOCUMENT_TYPE)
    problems = []
    for c in criteria:
        if c["code"] not in results:
            problems.append(f"нет оценки по критерию «{c['title']}»")
        elif not results[c["code"]][0] and not (results[c["code"]][1] or "").strip():
            problems.append(f"невыполненный критерий «{c['title']}» требует комментария")
    if problems:
        raise StepRefused("Экспертиза не записана: " + "; ".join(problems) + ".", "invalid", problems)
    rows = tuple((c["code"], bool(results[c["code"]][0]), (results[c["code"]][1] or "").strip()) for c in criteria)
    conforms = all(met for (code, met, _), c in zip(rows, criteria) if c.get("mandatory", True))
    score = sum(met for _, met, _ in rows)
    old = dossier.step, dossier.due
    dossier.reviews = dossier.reviews + (Review(actor, now_utc(now), rows, conforms, score),)
    dossier.step = "decide"
    dossier.record("review", actor, f"{score} из {len(rows)}; {'соответствует' if conforms else 'не соответствует'}",
                   now)
    _moved(host, dossier, *old)


def decide(host, dossier, actor, decision, protocol="", now=None):
    """The commission's decision on the teacher (chair or secretary records it)."""
    access.DECIDE.require(dossier, actor)
    _expect(dossier, "decide")
    if decision not in decisions_for(dossier.category):
        allowed = ", ".join(DECISIONS[d] for d in decisions_for(dossier.category))
        raise StepRefused(f"Недопустимое решение для цели «{dossier.category_title}» (допустимы: {allowed}).",
                          "invalid")
    old = dossier.step, dossier.due
    dossier.decision = (decision, (protocol or "").strip(), actor, now_utc(now))
    dossier.step = "record_result"
    dossier.record("decide", actor, DECISIONS[decision], now)
    _moved(host, dossier, *old)


def record_work_book(host, dossier, actor, text, on=None, now=None):
    """The officer records the result in the teacher's work record book; the attestation is complete."""
    access.RECORD_WORK_BOOK.require(dossier, actor)
    _expect(dossier, "record_result")
    if dossier.result_order is None:
        raise StepRefused("Сначала должен быть сформирован приказ об утверждении результатов аттестации.")
    text = (text or "").strip()
    if not text:
        raise StepRefused("Укажите текст записи в трудовой книжке.", "invalid")
    old = dossier.step, dossier.due
    dossier.work_record = (on or today_or(), text, actor)
    dossier.step = DONE
    dossier.record("record_result", actor, text, now)
    _moved(host, dossier, *old)
