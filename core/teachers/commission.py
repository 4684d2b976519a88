"""The region's teacher attestation commission: the regional operator appoints and dismisses its members.

The chair, the secretary and the members hold their roles on the region, so
that a dossier reaching the commission (``decide``) is theirs in every
school. They read a dossier only from then on (``model.DOSSIER_PERMISSIONS``),
and a leader attestation campaign blocks these roles from reaching into it:
it has a commission of its own.
"""
from core.refused import StepRefused
from core.resources import Region, find_root
from core.security.roles import checked_day, grant, in_term, local_roles, revoke, term_of
from core.security.users import users_of
from core.teachers.access import APPOINT_COMMISSION, DISMISS_COMMISSION
from core.teachers.experts import pool
from core.teachers.model import COMMISSION_ROLES

VIA = "teacher_commission"


def composition(region):
    """``{role: [logins]}`` of the region's commission as it stands today (an appointment whose term ended is
    history, on the access page)."""
    found = {role: [] for role in COMMISSION_ROLES}
    day = checked_day()
    for login, roles in sorted(local_roles(region).items()):
        for role in COMMISSION_ROLES:
            if role in roles and in_term(term_of(region, login, role), day):
                found[role].append(login)
    return found


def appoint(region, user, role, actor, now=None, end=None):
    """Make ``user`` the chair, the secretary or a member of the region's teacher attestation commission (until
    ``end``, included, when given: a commission for a school year)."""
    if not isinstance(region, Region):
        raise StepRefused("Аттестационную комиссию по аттестации педагогов формирует регион.", "invalid")
    APPOINT_COMMISSION.require(region, actor)
    if role not in COMMISSION_ROLES:
        raise StepRefused(f"Нет такой роли в комиссии: «{role}».", "invalid")
    if user.login in (pool(region) or ()):
        raise StepRefused("Эксперт, проводящий экспертизу портфолио, не входит в комиссию.", "invalid")
    if role in ("commission_chair", "commission_secretary"):
        for login in composition(region)[role]:
            if login != user.login:
                revoke(region, users_of(find_root(region))[login], role, actor, via=VIA, now=now)
    if end is not None and end < (now.date() if now else checked_day()):
        raise StepRefused(f"Срок полномочий ({end:%d.%m.%Y}) уже прошёл: укажите дату в будущем.", "invalid")
    grant(region, user, role, actor, via=VIA, now=now, end=end)


def dismiss(region, user, role, actor, now=None):
    """Take ``user`` off the commission (its role ``role``)."""
    DISMISS_COMMISSION.require(region, actor)
    if role not in COMMISSION_ROLES or role not in local_roles(region).get(user.login, ()):
        raise StepRefused(f"{user.title} не входит в комиссию в этой роли.", "invalid")
    revoke(region, user, role, actor, via=VIA, now=now)

