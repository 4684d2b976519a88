"""Logging in and out, and changing passwords, with sessions revoked server-side.

Failed tries are slowed down as OWASP's "device cookie" design has it: a
browser in which a person logged in before carries a signed cookie for that
account (``core.security.sessions``); a try that brings one is counted against
that cookie alone, so an attacker guessing the account's password cannot
slow its owner down. A try without one is counted against the account and
against the client's address, and a success resets neither: one's own
account cannot be used to wipe the count of guesses at others'.
"""
import math

from core.refused import Refused
from core.security.passwords import mixes_scripts, password_problem
from core.security.users import find_user, normal_login, verify_dummy

BAD_CREDENTIALS = "Неверное имя пользователя или пароль."
SUSPENDED = "Ваша учётная запись приостановлена. Обратитесь к тому, кто вас пригласил, или к оператору."


class LoginRefused(Refused):
    """The log-in was refused (401); the message is Russian and the same for unknown names."""

    STATUS = 401
    STATUSES = {}
    ERROR = "login_refused"


def throttle_keys(login, client, device=None):
    """What a try for ``login`` is counted against: the device cookie's nonce, or the account and the address."""
    return (f"device:{device}",) if device else (f"login:{login}", f"addr:{client}")


def authenticate(root, login, password, hasher, throttle, client, device=None, directory=None):
    """The user whose ``login`` and ``password`` these are, or LoginRefused.

    ``device``: the nonce of a valid device cookie of this login, if the
    browser brought one. ``login`` is a log-in name or the account's e-mail
    address. A name that mixes scripts (``tеacher`` with a Cyrillic ``е``)
    fails like any unknown name, whatever is stored. A suspended account is
    told so, but only after its right password: nobody else learns it.
    ``directory`` (``core.security.ldapauth.Directory``): when the local
    password does not match, the directory's may, and its entry's e-mail
    address names the account (throttled the same way).
    """
    login = normal_login(login)
    keys = throttle_keys(login, client, device)
    wait = throttle.wait_seconds(root, *keys)
    if wait > 0:
        raise LoginRefused(
            f"Слишком много неудачных попыток входа. Повторите через {math.ceil(wait)} с.")
    user = None if mixes_scripts(login) else find_user(root, login)
    ok = user.check_password(password, hasher) if user is not None else verify_dummy(password, hasher)
    if not ok and directory is not None and not mixes_scripts(login):
        email = directory.email_of(login, password)
        found = find_user(root, email) if email else None
        if found is not None:
            user, ok = found, True
    if not ok:
        throttle.failed(root._p_jar.db(), *keys)
        raise LoginRefused(BAD_CREDENTIALS)
    if user.suspended:
        raise LoginRefused(SUSPENDED, "suspended")
    return user


def change_password(user, old, new, hasher, max_age):
    """Set a new password, revoke every session issued so far, and return a fresh one."""
    if not user.check_password(old, hasher):
        raise LoginRefused("Текущий пароль указан неверно.")
    if new == old:
        raise LoginRefused("Новый пароль должен отличаться от текущего.")
    problem = password_problem(new, user.login, user.title, user.email)
    if problem:
        raise LoginRefused(problem)
    user.set_password(new, hasher)
    return user.open_session(max_age)
