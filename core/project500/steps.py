"""The steps of the 500+ project, in the order of the municipal roadmap (seed 004).

Each step checks who is acting and whether the step may be taken now, then
changes the participation, records it in the journal and recounts the
indicators. A refused step raises ``StepRefused`` with a Russian message and
changes nothing. Domain code: no request objects here.
"""
import datetime
import math
import random

import colander

from core.cases import inspected_file
from core.resources import Municipality, School, region_code_of, walk
from core.security.roles import effective_roles, grant, revoke

from . import indicators
from .forms import concept_schema, invalid_messages
from .model import (ANTI_RISK_PROGRAMME, CONFIRMING_DOCUMENT, CONTRACT, DEVELOPMENT_CONCEPT,
                    DOCUMENT_TITLES, LEVELS, MEDIUM_TERM_PROGRAMME, ConceptDocument, ConfirmingDocument,
                    Participation, Review, SampleRecord, Version, participation_name)

WORKFLOW = "document_review"
EDITABLE = ("draft", "returned")
LEVEL_ALIASES = {**{k: k for k in LEVELS}, **{v: k for k, v in LEVELS.items()}}


class StepRefused(Exception):
    """A step was refused: ``code`` is forbidden, order or invalid; the message is Russian."""

    def __init__(self, message, code="order", details=None):
        super().__init__(message)
        self.code = code
        self.details = details or []


def _now(now=None):
    return now or datetime.datetime.now(datetime.timezone.utc)


def require(node, actor, *roles):
    """Refuse unless ``actor`` holds one of ``roles`` on ``node``."""
    if not effective_roles(node, actor) & set(roles):
        raise StepRefused("Этот шаг выполняет другой участник проекта.", "forbidden")


def participation_of(school, year):
    """The school's participation in ``year``, or None."""
    return school.get(participation_name(year))


def _schools(region):
    return {s.code: s for s in walk(region) if isinstance(s, School)}


def _refresh(host, p):
    region = region_code_of(p)
    indicators.recount(host, region, p)
    _set_awaiting(host, region, p)


def _set_awaiting(host, region, p):
    # NB: a participation is itself a task for whoever must take its next step.
    deadline = host.deadlines(region, p.project_year).get("concept_documents")
    if p.curator is None:
        roles, due = {"municipal_coordinator"}, None
    elif p.first_visit is None:
        roles, due = {"curator"}, None
    elif not all(d is not None for d in indicators.concept_documents(p)):
        roles, due = {"school_head"}, deadline
    else:
        roles, due = set(), None
    p.awaiting_roles, p.due = frozenset(roles), due


# -- 1. enrolment and risk profiles ----------------------------------------

def enrol(host, region, codes, year, actor, now=None):
    """Enrol the schools with ``codes`` of ``region`` for ``year``; returns (enrolled, already, unknown).

    Unknown codes refuse the whole list, naming every one of them.
    """
    require(region, actor, "regional_operator", "federal_operator")
    schools = _schools(region)
    codes = [c.strip() for c in codes if c and c.strip()]
    unknown = [c for c in codes if c not in schools]
    if unknown:
        raise StepRefused(f"В регионе нет школ с кодами: {', '.join(unknown)}. Список не загружен.",
                          "invalid", [{"code": c} for c in unknown])
    enrolled, already = [], []
    for code in dict.fromkeys(codes):
        school = schools[code]
        if participation_of(school, year) is not None:
            already.append(code)
            continue
        p = school.add(participation_name(year), Participation(year, code))
        p.record("enrolled", actor, now=now)
        indicators.enter(p)
        _refresh(host, p)
        enrolled.append(code)
    return enrolled, already, unknown


def import_risk_profiles(host, region, rows, year, actor, now=None):
    """Load the federal survey results ``(line, school_code, factor, level)`` for a region at once.

    Every row is checked first; one bad row refuses the file, naming its line.
    """
    require(region, actor, "regional_operator", "federal_operator")
    schools = _schools(region)
    factors = {f["code"]: f["code"] for f in host.risk_factors(region.code)}
    factors.update({f["title"].casefold(): f["code"] for f in host.risk_factors(region.code)})
    profiles, errors = {}, []
    for line, code, factor, level in rows:
        school = schools.get(code)
        p = participation_of(school, year) if school is not None else None
        factor_code = factors.get(factor) or factors.get(factor.casefold())
        level_code = LEVEL_ALIASES.get(level.strip().casefold())
        problems = []
        if p is None:
            problems.append(f"школа «{code}» не участвует в проекте в {year} году")
        if factor_code is None:
            problems.append(f"неизвестное рисковое направление «{factor}»")
        if level_code is None:
            problems.append(f"уровень «{level}» (допустимы: высокий, средний, низкий)")
        if problems:
            errors.append(f"Строка {line}: " + "; ".join(problems) + ".")
        else:
            profiles.setdefault(p, {})[factor_code] = level_code
    if errors:
        raise StepRefused("Файл не загружен: " + " ".join(errors[:50]), "invalid", errors)
    for p, profile in profiles.items():
        p.risk_profile = dict(profile)
        p.surveyed = True
        p.record("risk_profile_imported", actor, f"{len(profile)} направлений", now=now)
        _refresh(host, p)
    return len(profiles)


def record_profile_download(host, p, actor, now=None):
    """Note that the school (or its curator) downloaded its risk profile."""
    require(p, actor, "school_head", "curator")
    if not p.surveyed:
        raise StepRefused("Рисковый профиль школы ещё не загружен.")
    p.profile_downloads = p.profile_downloads + ((actor, _now(now)),)
    _refresh(host, p)


# -- 2. kick-off seminar and curators --------------------------------------

def record_seminar(host, p, attended, actor, now=None):
    """Record whether the school took part in the kick-off seminar."""
    require(p, actor, "municipal_coordinator")
    p.seminar_attended = bool(attended)
    p.record("seminar", actor, "участвовала" if attended else "не участвовала", now=now)
    _refresh(host, p)


def assign_curator(host, p, curator, actor, contract_status="not_signed", now=None):
    """Assign (or reassign) the school's curator, granting the curator role on the school."""
    require(p, actor, "municipal_coordinator")
    if contract_status not in CONTRACT:
        raise StepRefused(f"Неизвестный статус договора «{contract_status}».", "invalid")
    school = p.__parent__
    users = _users(p)
    if p.curator and p.curator != curator.login and p.curator in users:
        revoke(school, users[p.curator], "curator")
    grant(school, curator, "curator")
    previous, p.curator, p.contract_status = p.curator, curator.login, contract_status
    p.record("curator_reassigned" if previous else "curator_assigned", actor,
             f"{curator.title} ({curator.login}); договор {CONTRACT[contract_status]}", now=now)
    _refresh(host, p)


def set_contract_status(host, p, status, actor, now=None):
    """Record the status of the curator's contract."""
    require(p, actor, "municipal_coordinator")
    if p.curator is None:
        raise StepRefused("Сначала назначьте куратора.")
    if status not in CONTRACT:
        raise StepRefused(f"Неизвестный статус договора «{status}».", "invalid")
    p.contract_status = status
    p.record("contract", actor, CONTRACT[status], now=now)
    _refresh(host, p)


def _users(node):
    while node.__parent__ is not None:
        node = node.__parent__
    return node.services["users"]


# -- 3. first visit ----------------------------------------------------------

def record_first_visit(host, p, actor, visited_on, changes=None, activate=(), now=None):
    """The curator's first visit: verify the profile (a changed level needs a comment), activate risks.

    ``changes`` is ``{factor: (level, comment)}``; ``activate`` lists factor codes.
    """
    require(p, actor, "curator")
    if p.curator != actor:
        raise StepRefused("Первое посещение отмечает куратор, назначенный школе.", "forbidden")
    if not p.surveyed:
        raise StepRefused("Рисковый профиль школы ещё не загружен: посещение отмечается после анкетирования.")
    if visited_on > _now(now).date():
        raise StepRefused("Дата посещения не может быть в будущем.", "invalid")
    profile = dict(p.risk_profile)
    problems = []
    for factor, (level, comment) in (changes or {}).items():
        level = LEVEL_ALIASES.get((level or "").casefold())
        if factor not in profile:
            problems.append(f"направления «{factor}» нет в профиле")
        elif level is None:
            problems.append(f"неизвестный уровень для «{factor}»")
        elif level != profile[factor] and not (comment or "").strip():
            problems.append(f"изменение уровня «{factor}» требует комментария")
    unknown = [f for f in activate if f not in profile]
    if unknown:
        problems.append(f"нельзя активировать направления вне профиля: {', '.join(unknown)}")
    if not activate:
        problems.append("активируйте хотя бы одно рисковое направление")
    if problems:
        raise StepRefused("Посещение не записано: " + "; ".join(problems) + ".", "invalid", problems)
    for factor, (level, comment) in (changes or {}).items():
        level = LEVEL_ALIASES[level.casefold()]
        if level != profile[factor]:
            p.record("profile_verified", actor, f"{factor}: {LEVELS[profile[factor]]} → {LEVELS[level]}",
                     comment.strip(), now=now)
            profile[factor] = level
    p.risk_profile = profile
    p.first_visit = visited_on
    p.activated_risks = frozenset(activate)
    p.record("first_visit", actor, f"{visited_on:%d.%m.%Y}; активировано: {', '.join(sorted(activate))}", now=now)
    _refresh(host, p)


# -- 4. concept documents ----------------------------------------------------

def document_name(document_type, risk_factor=None):
    """The name of a concept document in its participation."""
    base = document_type.replace("_", "-")
    return f"{base}-{risk_factor}" if risk_factor else base


def save_concept_document(host, p, document_type, actor, content, risk_factor=None, upload=None, now=None):
    """Save the school's concept document as a new version (created on the first save)."""
    require(p, actor, "school_head")
    if document_type not in (DEVELOPMENT_CONCEPT, MEDIUM_TERM_PROGRAMME, ANTI_RISK_PROGRAMME):
        raise StepRefused(f"Неизвестный вид документа «{document_type}».", "invalid")
    if p.first_visit is None or not p.activated_risks:
        raise StepRefused("Концептуальные документы пишутся после первого посещения куратора "
                          "и активации рисковых направлений.")
    if document_type == ANTI_RISK_PROGRAMME and risk_factor not in p.activated_risks:
        raise StepRefused("Антирисковая программа пишется по активированному рисковому направлению.")
    region = region_code_of(p)
    try:
        data = concept_schema(host, region, document_type).deserialize(content)
    except colander.Invalid as exc:
        messages = invalid_messages(exc)
        raise StepRefused("Форма заполнена с ошибками: " + "; ".join(messages), "invalid", messages) from None
    name = document_name(document_type, risk_factor if document_type == ANTI_RISK_PROGRAMME else None)
    doc = p.get(name)
    if doc is not None and doc.workflow_state not in EDITABLE:
        raise StepRefused("Документ на проверке или подтверждён: его нельзя изменить.")
    file = inspected_file(host, region, document_type, *upload) if upload is not None else None
    if doc is None:
        title = DOCUMENT_TITLES[document_type]
        if risk_factor and document_type == ANTI_RISK_PROGRAMME:
            factor = next((f["title"] for f in host.risk_factors(region) if f["code"] == risk_factor), risk_factor)
            title = f"{title}: {factor}"
        due = host.deadlines(region, p.project_year).get("concept_documents")
        doc = ConceptDocument(title, document_type, WORKFLOW, actor, due=due, risk_factor=risk_factor)
        host.workflow(region, WORKFLOW).initialize(doc, actor, now)
        p.add(name, doc)
    version = Version(len(doc.versions) + 1, data, actor, _now(now), file or (doc.versions[-1].file if doc.versions else None))
    doc.versions = doc.versions + (version,)
    doc.content, doc.file = data, version.file
    _refresh(host, p)
    return doc


def compare_versions(doc, a, b):
    """The lines that differ between versions ``a`` and ``b`` of a document, as a unified diff."""
    import difflib
    versions = {v.number: v for v in doc.versions}
    if a not in versions or b not in versions:
        raise StepRefused("Нет такой версии документа.", "invalid")
    return list(difflib.unified_diff(_as_lines(versions[a].content), _as_lines(versions[b].content),
                                     f"версия {a}", f"версия {b}", lineterm=""))


def _as_lines(content):
    lines = []
    for key, value in content.items():
        if isinstance(value, list):
            for n, row in enumerate(value, start=1):
                lines.append(f"{key} {n}: " + "; ".join(f"{k}={v}" for k, v in row.items()))
        else:
            lines.extend(f"{key}: {line}" for line in str(value).splitlines() or [""])
    return lines


# -- 5. selective content review ---------------------------------------------

def participations(muni, year):
    """The municipality's participations in ``year``, by school code."""
    found = []
    for school in muni.values():
        p = participation_of(school, year) if isinstance(school, School) else None
        if p is not None:
            found.append(p)
    return sorted(found, key=lambda p: p.code)


def draw_sample(host, muni, year, actor, percent=None, seed=None, chosen=None, now=None):
    """Choose the schools whose documents are reviewed: a seeded percentage, or by hand."""
    require(muni, actor, "municipal_coordinator")
    if not isinstance(muni, Municipality):
        raise StepRefused("Выборку формирует муниципалитет.", "invalid")
    pool = participations(muni, year)
    if not pool:
        raise StepRefused("В муниципалитете нет школ проекта в этом году.")
    if chosen:
        codes = {p.code for p in pool}
        unknown = sorted(set(chosen) - codes)
        if unknown:
            raise StepRefused(f"Эти школы не участвуют в проекте: {', '.join(unknown)}.", "invalid")
        picked = set(chosen)
    else:
        if percent is None or not 0 < percent <= 100:
            raise StepRefused("Укажите долю выборки от 1 до 100 %.", "invalid")
        k = max(1, math.ceil(len(pool) * percent / 100))
        picked = {p.code for p in random.Random(seed).sample(pool, k)}
    for p in pool:
        p.sampled = p.code in picked
        _refresh(host, p)
    record = SampleRecord(year, percent, seed, sorted(picked), actor, _now(now))
    samples = dict(getattr(muni, "review_samples", {}))
    samples[year] = record
    muni.review_samples = samples
    return sorted(picked)


def assign_reviewer(host, p, reviewer, actor, now=None):
    """Give a reviewer (an expert) the school's documents to review; only schools in the sample."""
    require(p, actor, "municipal_coordinator")
    if not p.sampled:
        raise StepRefused("Школа не вошла в выборку для экспертизы.")
    grant(p, reviewer, "expert")
    p.reviewers = p.reviewers | {reviewer.login}
    p.record("reviewer_assigned", actor, reviewer.login, now=now)


def review_document(host, doc, actor, results, now=None):
    """Fill the checklist of a confirmed document: ``{criterion: (met, comment)}``."""
    p = doc.__parent__
    require(p, actor, "expert")
    if not p.sampled or actor not in p.reviewers:
        raise StepRefused("Документ не назначен вам на экспертизу.", "forbidden")
    if doc.workflow_state != "confirmed":
        raise StepRefused("Экспертизе подлежат только документы, подтверждённые куратором.")
    region = region_code_of(doc)
    criteria = host.review_criteria(region, doc.document_type)
    missing = [c["title"] for c in criteria if c["code"] not in results]
    if missing:
        raise StepRefused("Оцените все критерии: " + "; ".join(missing), "invalid", missing)
    rows = tuple((c["code"], bool(results[c["code"]][0]), (results[c["code"]][1] or "").strip())
                 for c in criteria)
    conforms = all(met for (code, met, _), c in zip(rows, criteria) if c.get("mandatory", True))
    doc.reviews = tuple(r for r in doc.reviews if r.reviewer != actor) + (Review(actor, _now(now), rows, conforms),)
    p.record("reviewed", actor, f"{doc.title}: {'соответствует' if conforms else 'не соответствует'}", now=now)
    _refresh(host, p)
    return conforms


# -- 6. confirming documents and positive changes ---------------------------

def add_confirming_document(host, p, programme, measure, actor, upload, title=None, now=None):
    """Upload a document confirming measure number ``measure`` (from 1) of a confirmed anti-risk programme."""
    require(p, actor, "school_head")
    if programme.document_type != ANTI_RISK_PROGRAMME or programme.__parent__ is not p:
        raise StepRefused("Подтверждающие документы относятся к антирисковой программе этой школы.", "invalid")
    if programme.workflow_state != "confirmed":
        raise StepRefused("Антирисковая программа ещё не подтверждена куратором.")
    measures = programme.content.get("measures", [])
    if not 1 <= measure <= len(measures):
        raise StepRefused(f"В программе нет меры № {measure}.", "invalid")
    region = region_code_of(p)
    file = inspected_file(host, region, CONFIRMING_DOCUMENT, *upload)
    title = (title or "").strip() or f"Подтверждение: {measures[measure - 1]['measure'][:80]}"
    name = f"confirming-{programme.risk_factor}-{measure}-{len(p.documents(CONFIRMING_DOCUMENT)) + 1}"
    doc = ConfirmingDocument(title, CONFIRMING_DOCUMENT, WORKFLOW, actor, risk_factor=programme.risk_factor,
                             programme=programme.__name__, measure=measure)
    host.workflow(region, WORKFLOW).initialize(doc, actor, now)
    doc.file = file
    doc.content = {"measure": measures[measure - 1]["measure"]}
    p.add(name, doc)
    _refresh(host, p)
    return doc


def confirm_positive_changes(host, p, actor, now=None):
    """The curator confirms the stage of positive changes for the school."""
    require(p, actor, "curator")
    programmes = [d for d in indicators.concept_documents(p)[2:] if d is not None]
    confirming = p.documents(CONFIRMING_DOCUMENT)
    covered = {d.programme for d in confirming if d.workflow_state == "confirmed"}
    if not programmes or any(prog.__name__ not in covered for prog in programmes):
        raise StepRefused("По каждой антирисковой программе нужен хотя бы один подтверждающий документ, "
                          "подтверждённый куратором.")
    if p.sampled and not all(d.conforms for d in confirming if d.workflow_state == "confirmed"):
        raise StepRefused("Подтверждающие документы школы из выборки должны пройти экспертизу.")
    p.positive_changes_confirmed = True
    p.record("positive_changes_confirmed", actor, now=now)
    _refresh(host, p)


def record_professional_development(host, p, took_part, actor, now=None):
    """Record the school's team taking part in professional development courses."""
    require(p, actor, "municipal_coordinator")
    p.professional_development = bool(took_part)
    p.record("professional_development", actor, "да" if took_part else "нет", now=now)
    _refresh(host, p)


def activate_measures(host, p, actor, now=None):
    """The school activates the basic directions and measures of its programmes."""
    require(p, actor, "school_head")
    if not p.activated_risks:
        raise StepRefused("Сначала куратор активирует рисковые направления.")
    p.measures_activated = True
    p.record("measures_activated", actor, now=now)
    _refresh(host, p)


def on_document_transition(host, region, doc, entry):
    """Keep a participation's indicators in step with its documents' transitions."""
    p = getattr(doc, "__parent__", None)
    if not isinstance(p, Participation):
        return
    if entry.to_state == "submitted":
        doc.submitted_at = entry.at
    _refresh(host, p)

