"""Steps 1–3 of the roadmap: enrolment, risk profiles, seminar, curators, the first visit."""
from core.declension import count_of
from core.project500 import access, indicators
from core.project500.model import CONTRACT, LEVELS, Participation, participation_name
from core.project500.steps._common import (
    LEVEL_ALIASES,
    StepRefused,
    closed_schools_of,
    now_or,
    participation_of,
    refresh,
    schools_of,
    users_of_tree,
)
from core.resources import region_code_of
from core.security.roles import checked_day, grant, revoke


def enrol(host, region, codes, year, actor, now=None):
    """Enrol the schools with ``codes`` of ``region`` for ``year``; returns (enrolled, already, unknown).

    Unknown codes refuse the whole list, naming every one of them.
    """
    access.ENROL.require(region, actor)
    schools = schools_of(region)
    codes = [c.strip() for c in codes if c and c.strip()]
    unknown = [c for c in codes if c not in schools]
    closed = closed_schools_of(region, unknown) if unknown else []
    if closed:
        raise StepRefused(f"Закрытые школы в проект не включаются: {', '.join(closed)}. Список не загружен.",
                          "invalid", [{"code": c} for c in closed])
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
        refresh(host, p)
        enrolled.append(code)
    return enrolled, already, unknown


def import_risk_profiles(host, region, rows, year, actor, now=None):
    """Load the federal survey results ``(line, school_code, factor, level)`` for a region at once.

    Every row is checked first; one bad row refuses the file, naming its line.
    """
    access.IMPORT_RISK_PROFILES.require(region, actor)
    schools = schools_of(region)
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
        p.record("risk_profile_imported", actor, count_of(len(profile), "направление"), now=now)
        refresh(host, p)
    return len(profiles)


def record_profile_download(host, p, actor, now=None):
    """Note that the school (or its curator) downloaded its risk profile."""
    access.DOWNLOAD_PROFILE.require(p, actor)
    if not p.surveyed:
        raise StepRefused("Рисковый профиль школы ещё не загружен.")
    p.profile_downloads = p.profile_downloads + ((actor, now_or(now)),)
    refresh(host, p)



def record_seminar(host, p, attended, actor, now=None):
    """Record whether the school took part in the kick-off seminar."""
    access.RECORD_SEMINAR.require(p, actor)
    p.seminar_attended = bool(attended)
    p.record("seminar", actor, "участвовала" if attended else "не участвовала", now=now)
    refresh(host, p)


def assign_curator(host, p, curator, actor, contract_status="not_signed", now=None, until=None):
    """Assign (or reassign) the school's curator, granting the curator role on the school (until ``until``,
    included, when given: a curator for a year; the role then ends by itself)."""
    access.ASSIGN_CURATOR.require(p, actor)
    if contract_status not in CONTRACT:
        raise StepRefused(f"Неизвестный статус договора «{contract_status}».", "invalid")
    if until is not None and until < (now.date() if now else checked_day()):
        raise StepRefused(f"Срок кураторства ({until:%d.%m.%Y}) уже прошёл: укажите дату в будущем.", "invalid")
    school = p.__parent__
    users = users_of_tree(p)
    if p.curator and p.curator != curator.login and p.curator in users:
        revoke(school, users[p.curator], "curator", actor, via="assign_curator", now=now)
    grant(school, curator, "curator", actor, via="assign_curator", now=now, end=until)
    previous, p.curator, p.contract_status = p.curator, curator.login, contract_status
    p.record("curator_reassigned" if previous else "curator_assigned", actor,
             f"{curator.title}; договор {CONTRACT[contract_status]}"
             + (f"; до {until:%d.%m.%Y}" if until else ""), now=now)
    refresh(host, p)


def set_contract_status(host, p, status, actor, now=None):
    """Record the status of the curator's contract."""
    access.SET_CONTRACT_STATUS.require(p, actor)
    if p.curator is None:
        raise StepRefused("Сначала назначьте куратора.")
    if status not in CONTRACT:
        raise StepRefused(f"Неизвестный статус договора «{status}».", "invalid")
    p.contract_status = status
    p.record("contract", actor, CONTRACT[status], now=now)
    refresh(host, p)





def record_first_visit(host, p, actor, visited_on, changes=None, activate=(), now=None):
    """The curator's first visit: verify the profile (a changed level needs a comment), activate risks.

    ``changes`` is ``{factor: (level, comment)}``; ``activate`` lists factor codes.
    """
    access.FIRST_VISIT.require(p, actor)
    if p.curator != actor:
        raise StepRefused("Первое посещение отмечает куратор, назначенный школе.", "forbidden")
    if not p.surveyed:
        raise StepRefused("Рисковый профиль школы ещё не загружен: посещение отмечается после анкетирования.")
    if visited_on > now_or(now).date():
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
    # NB: the journal names the directions as the region does, never by their codes.
    titles = {f["code"]: f["title"] for f in host.risk_factors(region_code_of(p))}
    for factor, (level, comment) in (changes or {}).items():
        level = LEVEL_ALIASES[level.casefold()]
        if level != profile[factor]:
            p.record("profile_verified", actor,
                     f"{titles.get(factor, factor)}: {LEVELS[profile[factor]]} → {LEVELS[level]}",
                     now=now, comment=comment.strip())
            profile[factor] = level
    p.risk_profile = profile
    p.first_visit = visited_on
    p.activated_risks = frozenset(activate)
    activated = ", ".join(f"«{titles.get(f, f)}»" for f in sorted(activate))
    p.record("first_visit", actor, f"{visited_on:%d.%m.%Y}; активировано: {activated}", now=now)
    refresh(host, p)
