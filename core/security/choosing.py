"""Choosing a person where a rule of the place allows them: what a step takes from a picker's field or the API.

The pickers (``core.views.people``) offer the people ``core.security.directory``
finds under a rule; the step that receives the field checks the same rule
here, so a log-in typed past the picker, a person of another region or a
suspended account is refused in Russian and nothing is written.
"""
from core.refused import Refused
from core.resources import find_root
from core.security.directory import person_of, rule_for, search, tokens
from core.security.users import find_user, users_of


class PersonRefused(Refused):
    """A person named in a form or a request cannot be picked there (400, the reason in Russian)."""

    ERROR = "person_{code}"


def pick(context, rule_name, text):
    """The ``User`` a form or a request names by ``text`` (a log-in, an address, or a name only one allowed
    person has) if the rule ``rule_name`` allows them on ``context``; PersonRefused otherwise."""
    site = find_root(context)
    rule = rule_for(rule_name, context)
    text = (text or "").strip()
    if not text:
        raise PersonRefused("Выберите человека: начните вводить фамилию и выберите из списка.")
    user = find_user(site, text)
    if user is None:
        people, more = search(site, rule, text, limit=5)
        if not people:
            raise PersonRefused(f"Никого не найдено по «{text}»: здесь можно выбрать {rule.text}.")
        if len(people) > 1:
            # NB: a name typed in full from its start means that person: «Семенов Пётр» is not «Семёнова
            # Ёлка Петровна», though each of its words begins one of hers.
            phrase = " ".join(tokens(text))
            whole = [p for p in people if " ".join(tokens(p.title)).startswith(phrase)]
            people = whole if len(whole) == 1 else people
        if len(people) > 1:
            names = "; ".join(f"{p.title} ({p.login})" for p in people) + ("…" if more else "")
            raise PersonRefused(f"По «{text}» найдено несколько человек: {names}. Выберите одного из списка.")
        user = users_of(site).get(people[0].login)
    return require_allowed(context, rule_name, user)


def require_allowed(context, rule_name, user):
    """``user`` if the rule ``rule_name`` allows them on ``context`` (what the API checks of a log-in it is
    given); PersonRefused otherwise."""
    site = find_root(context)
    rule = rule_for(rule_name, context)
    if user.suspended:
        raise PersonRefused(f"Учётная запись «{user.title}» приостановлена: её нельзя выбрать.")
    if not rule.allows(person_of(site, user)):
        raise PersonRefused(f"«{user.title}» нельзя выбрать здесь: можно выбрать {rule.text}.")
    return user
