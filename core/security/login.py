"""Logging in and out, and changing passwords, with sessions revoked server-side."""
import math

from .users import users_of, verify_dummy

BAD_CREDENTIALS = "Неверное имя пользователя или пароль."


class LoginRefused(Exception):
    """The log-in was refused; the message is Russian and the same for unknown names."""


def authenticate(root, login, password, hasher, throttle, client):
    """The user whose ``login`` and ``password`` these are, or LoginRefused."""
    login = (login or "").strip().lower()
    keys = (f"login:{login}", f"addr:{client}")
    wait = throttle.wait_seconds(*keys)
    if wait > 0:
        raise LoginRefused(
            f"Слишком много неудачных попыток входа. Повторите через {math.ceil(wait)} с.")
    user = users_of(root).get(login)
    ok = user.check_password(password, hasher) if user is not None else verify_dummy(password, hasher)
    if not ok:
        throttle.failed(*keys)
        raise LoginRefused(BAD_CREDENTIALS)
    throttle.succeeded(*keys)
    return user


def change_password(user, old, new, hasher, max_age):
    """Set a new password, revoke every session issued so far, and return a fresh one."""
    if not user.check_password(old, hasher):
        raise LoginRefused("Текущий пароль указан неверно.")
    if len(new) < 8:
        raise LoginRefused("Новый пароль должен быть не короче 8 символов.")
    user.set_password(new, hasher)
    return user.open_session(max_age)
