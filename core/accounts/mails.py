"""The letters of the accounts domain, in Russian: an invitation, a link to choose a new password, a notice."""
from email.message import EmailMessage

from core.accounts import links

SIGNATURE = "Это письмо отправлено автоматически системой «ОКО Кейс». Отвечать на него не нужно."


def _letter(to, subject, lines):
    message = EmailMessage()
    message["To"] = to
    message["Subject"] = subject
    message.set_content("\n".join([*lines, "", SIGNATURE]))
    return message


def _until(when):
    return f"{when.astimezone():%d.%m.%Y %H:%M}"


def invitation(user, url, inviter, where, role, now):
    """The invitation of ``user`` by ``inviter`` (a name) to ``where`` as ``role`` (titles; "" for none):
    the link to ``url``."""
    return _letter(user.email, "Приглашение в ОКО Кейс", [
        f"Здравствуйте, {user.title}!",
        "",
        f"{inviter} приглашает вас в систему «ОКО Кейс»: {role + ', ' if role else ''}{where}.",
        "",
        "Чтобы войти, придумайте свой пароль по ссылке:",
        url,
        "",
        f"Ссылка действует один раз, до {_until(now + links.INVITATION_LIFETIME)}. Ваше имя для входа: {user.login}",
        "Пароль знаете только вы: никто другой его не задаёт и не видит.",
        "",
        "Если вы не ждали этого письма, просто не открывайте ссылку.",
    ])


def reset(user, url, now):
    """The link for ``user`` to choose a new password."""
    return _letter(user.email, "Смена пароля в ОКО Кейс", [
        f"Здравствуйте, {user.title}!",
        "",
        "Кто-то (возможно, вы) попросил сменить пароль вашей учётной записи в системе «ОКО Кейс».",
        "Чтобы задать новый пароль, откройте ссылку:",
        url,
        "",
        f"Ссылка действует один раз, до {_until(now + links.RESET_LIFETIME)}. Ваше имя для входа: {user.login}",
        "",
        "Если вы не просили сменить пароль, ничего не делайте: прежний пароль продолжает действовать.",
    ])


def address_changed(user, old, new):
    """A notice to the old address that the account's address is now ``new``."""
    return _letter(old, "Адрес эл. почты в ОКО Кейс изменён", [
        f"Здравствуйте, {user.title}!",
        "",
        f"Адрес эл. почты вашей учётной записи в системе «ОКО Кейс» изменён на {new}.",
        "Письма системы и ссылки для смены пароля теперь приходят на новый адрес.",
        "",
        "Если это сделали не вы, немедленно сообщите оператору, который вас пригласил.",
    ])
