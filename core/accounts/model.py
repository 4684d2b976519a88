"""What the accounts domain knows of people: the fields of a person, the roles that fit a place, a refusal.

A person is a ``core.security.users.User`` (the platform keeps log-in and
sessions); this domain gives it a phone, a position and the organisation it
was invited to, and says which fields are valid. Their log-in name is the
e-mail address they were invited with, and stays when the address changes.
"""
import re
import unicodedata

from core.refused import Refused
from core.resources import Institution, Municipality, Region, Root, School
from core.security.roles import ROLES, grantable_roles

# Where each tree role is held when a person is invited with it: an operator on its region, a
# coordinator on its municipality, a head or a teacher on its school. Roles a domain step hands out
# (curator, expert, commission, attestation officer) are not invited with: their steps grant them.
PLACES = {
    "federal_operator": ("root",),
    "regional_operator": ("region",),
    "municipal_coordinator": ("municipality",),
    "school_head": ("school", "institution"),
    "teacher": ("school", "institution"),
    "methodologist": ("region", "municipality", "school", "institution"),
    "cmm_author": ("root", "region", "municipality"),
}
ORGANISATIONS = (Root, Region, Municipality, School, Institution)
PLACE_TITLES = {"root": "федеральный уровень", "region": "регион", "municipality": "муниципалитет",
                "school": "школа", "institution": "учреждение", "closed_school": "закрытая школа"}

NAME_MAX = 200
POSITION_MAX = 200
EMAIL_MAX = 254
# NB: deliberately plain (RFC 5322 allows far more): an address a person types into a form or a list,
# an ASCII or Cyrillic mailbox and a domain of labels with a dot, no spaces, quotes or comments.
_EMAIL = re.compile(r"^[\w.+-]+@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}$")
_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[-'’. ][^\W\d_]*)*$")


class AccountRefused(Refused):
    """A step on an account was refused (``forbidden`` 403, ``invalid`` 400, ``order`` 409); Russian."""

    ERROR = "account_{code}"


def sentence(*phrases):
    """``phrases`` (Russian, lower case first) as one sentence: joined by «; », a capital first, a full stop."""
    text = "; ".join(phrases)
    return f"{text[:1].upper()}{text[1:]}."


def is_organisation(node):
    """Whether ``node`` is a place of the organisation tree people are invited to."""
    return isinstance(node, ORGANISATIONS)


def roles_for(node, actor_roles):
    """The roles an actor holding ``actor_roles`` on ``node`` may invite a person with there, in ``ROLES`` order."""
    allowed = grantable_roles(actor_roles)
    return [role for role in ROLES if role in allowed and node.type_name in PLACES.get(role, ())]


def role_misfit(role, node):
    """Why ``role`` is not held on ``node`` (Russian), or None."""
    places = PLACES.get(role)
    if places is None or node.type_name in places:
        return None
    where = " или ".join(PLACE_TITLES[p] for p in places)
    return f"роль «{ROLES[role]}» назначается на уровне «{where}», а «{node.title}» — {PLACE_TITLES[node.type_name]}"


def normal_name(name):
    """A full name as compared: one space between words, no case, «ё» read as «е»."""
    return " ".join(unicodedata.normalize("NFC", name or "").split()).lower().replace("ё", "е")


def name_problem(name):
    """Why ``name`` is no person's full name (Russian), or None: two words at least, letters and hyphens."""
    words = (name or "").split()
    if not words:
        return "не указаны фамилия, имя и отчество"
    if len(name) > NAME_MAX:
        return f"ФИО длиннее {NAME_MAX} знаков"
    if len(words) < 2 or not all(_NAME_CHARS.match(w) for w in words):
        return f"«{name}» не похоже на ФИО: укажите фамилию, имя и отчество буквами"
    return None


def email_problem(email):
    """Why ``email`` is not an address one can write to (Russian), or None."""
    if not email:
        return "не указан адрес эл. почты"
    if len(email) > EMAIL_MAX or not _EMAIL.match(email) or ".." in email:
        return f"«{email}» не похоже на адрес эл. почты (ожидается вида ivanova@school.ru)"
    return None


def normal_phone(phone):
    """``(phone, problem)``: a Russian number as ``+7XXXXXXXXXX`` (empty when none given), or the Russian problem."""
    text = (phone or "").strip()
    if not text:
        return "", None
    digits = re.sub(r"[\s()\-.]", "", text)
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("8") and len(digits) == 11:
        digits = "7" + digits[1:]
    if not digits.isdigit() or len(digits) != 11 or not digits.startswith("7"):
        return "", f"телефон «{text}» не похож на номер: укажите его как +7 912 345-67-89"
    return "+" + digits, None


def phone_text(phone):
    """A stored ``+7XXXXXXXXXX`` as a person reads it: ``+7 912 345-67-89``."""
    if len(phone or "") != 12:
        return phone or ""
    return f"{phone[:2]} {phone[2:5]} {phone[5:8]}-{phone[8:10]}-{phone[10:]}"


def position_problem(position):
    """Why ``position`` cannot be kept (Russian), or None."""
    return f"должность длиннее {POSITION_MAX} знаков" if len(position or "") > POSITION_MAX else None


def state_of(user):
    """``(code, title)`` of an account: ``suspended``, ``invited`` (no password chosen yet) or ``active``."""
    if user.suspended:
        return "suspended", "приостановлена"
    if not user.has_password:
        return "invited", "приглашён, пароль ещё не задан"
    return "active", "действует"
