"""Choosing one's password by a link (an invitation, a forgotten password), and one's own profile.

Whoever follows a link that does not work is told why in Russian (it was
used, a newer one was sent, it expired) and is offered a new one. Asking
for a new password never tells whether the address is known: the page says
the same for every address, and a link goes out only to a real, working
account's own address.
"""
from core.accounts import links
from core.accounts.model import (
    AccountRefused,
    email_problem,
    name_problem,
    normal_phone,
    position_problem,
    sentence,
)
from core.security import audit, directory
from core.security.passwords import password_problem
from core.security.users import find_user, normal_email, set_email, users_of

# Why a link does not work, as its follower reads it; {date}: when it expired.
WHY = {
    links.INVITE: {
        links.UNKNOWN: "Ссылка-приглашение не действует: возможно, она скопирована не полностью.",
        links.USED: "Это приглашение уже принято: пароль задан. Войдите со своим паролем; если вы его не помните, "
                    "получите ссылку для смены пароля.",
        links.REPLACED: "Эта ссылка-приглашение больше не действует: после неё выслана новая, или пароль уже задан.",
        links.EXPIRED: "Срок действия приглашения истёк {date}.",
    },
    links.RESET: {
        links.UNKNOWN: "Ссылка для смены пароля не действует: возможно, она скопирована не полностью.",
        links.USED: "По этой ссылке пароль уже задан. Войдите с ним; если вы его не помните, получите новую ссылку.",
        links.REPLACED: "Эта ссылка для смены пароля больше не действует: после неё выслана новая, "
                        "или пароль уже задан.",
        links.EXPIRED: "Срок действия ссылки для смены пароля истёк {date}.",
    },
}
ACCEPTED = {links.INVITE: "invitation_accepted", links.RESET: "password_reset"}


class LinkRefused(AccountRefused):
    """A link that does not work (410 Gone); ``why``: ``links.UNKNOWN``, ``USED``, ``REPLACED`` or ``EXPIRED``."""

    STATUSES = {**AccountRefused.STATUSES, "gone": 410}

    def __init__(self, message, why):
        super().__init__(message, "gone")
        self.why = why


def _where(user):
    return user.organisation or "/"


def working_link(site, token, purpose, now=None):
    """``(link, user)`` of a link of ``purpose`` that works; LinkRefused (Russian) saying why one does not."""
    link, why = links.check(site, token, now)
    if link is not None and link.purpose != purpose:
        link, why = None, links.UNKNOWN
    user = users_of(site).get(link.login) if link is not None else None
    if why is None and (user is None or user.suspended):
        why = links.REPLACED
    if why is not None:
        date = f"{link.expires.astimezone():%d.%m.%Y в %H:%M}" if link is not None else ""
        raise LinkRefused(WHY[purpose][why].format(date=date), why)
    return link, user


def choose_password(site, token, purpose, password, hasher, now=None):
    """The person of a working link chooses ``password``: every earlier session and link of theirs ends.

    Returns the user. LinkRefused for a link that does not work, AccountRefused
    (``invalid``) for a password that may not be used; nothing changes then.
    """
    _, user = working_link(site, token, purpose, now)
    problem = password_problem(password or "", user.login, user.title, user.email)
    if problem:
        raise AccountRefused(problem, "invalid")
    user.set_password(password, hasher, by_owner=True)
    links.spend(site, token, now)
    audit.record(site, user.login, ACCEPTED[purpose], _where(user), user.login, "", now=now)
    return user


def ask_for_reset(site, address, now=None):
    """``(user, token)`` of a link to choose a new password for the account of ``address``, or None.

    None for an unknown address or login, a suspended account or one without
    an address; the caller answers the same whatever comes back. An account
    whose person never accepted their invitation gets a link too: it works
    as the invitation did.
    """
    user = find_user(site, address)
    if user is None or user.suspended or not user.email:
        return None
    token = links.issue(site, user.login, links.RESET, "", now)
    audit.record(site, "", "reset_requested", _where(user), user.login, "", now=now)
    return user, token


def edit_profile(site, user, name, phone, position, now=None):
    """The person changes their own name, phone and position; AccountRefused (``invalid``) naming every problem."""
    name = " ".join((name or "").split())
    position = " ".join((position or "").split())
    phone, phone_problem = normal_phone(phone)
    problems = [p for p in (name_problem(name), phone_problem, position_problem(position)) if p]
    if problems:
        raise AccountRefused(sentence(*problems), "invalid", problems)
    if (user.title, user.phone, user.position) == (name, phone, position):
        return False
    user.title, user.phone, user.position = name, phone, position
    directory.refresh(site, user)
    audit.record(site, user.login, "profile_changed", _where(user), user.login, "", now=now)
    return True


def change_email(site, user, email, password, hasher, now=None):
    """The person gives a new address, confirming it with their password; returns the old address."""
    if not user.check_password(password or "", hasher):
        raise AccountRefused("Текущий пароль указан неверно.", "invalid")
    email = normal_email(email)
    problem = email_problem(email)
    if problem:
        raise AccountRefused(sentence(problem), "invalid")
    old = user.email
    if email == normal_email(old):
        return old
    try:
        set_email(site, user, email)
    except ValueError as exc:
        raise AccountRefused(str(exc), "invalid") from None
    directory.refresh(site, user)
    audit.record(site, user.login, "email_changed", _where(user), user.login, "", now=now, note=f"{old} → {email}")
    return old
