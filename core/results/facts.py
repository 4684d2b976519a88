"""A school's passport facts by year: what the school fills itself, and what is imported, each with its versions.

A fact is one field (``oko_passport_fields``) in one year. Every change is a
new ``FactVersion`` (the value, its author, when, and how it came: ``school``
or ``import``); the versions before it stay, so the passport shows a fact's
history. The school fills only the fields it owns (``filled_by: "school"``):
an imported figure is not the school's to overwrite, and its correction is a
new import, a new version with its author. A value equal to the current one
is no change and makes no version.
"""
import datetime

from core.refused import Refused
from core.resources import region_code_of
from core.results import access, definitions
from core.results.model import FactVersion, SchoolFacts, bank_of
from core.results.trend import number

FIRST_YEAR = 2000
TEXT_MAX = 500
FLAGS = {"да": True, "yes": True, "true": True, "1": True, "+": True,
         "нет": False, "no": False, "false": False, "0": False, "-": False}


class FactsRefused(Refused):
    """Passport facts were not recorded: ``details`` lists why, a line a field."""

    ERROR = "passport_refused"


def clean(field, raw):
    """The value of ``field`` (a ``PassportField``) typed as ``raw``; ``ValueError`` with a Russian reason otherwise.

    An empty ``raw`` is None: no value given.
    """
    if isinstance(raw, bool) or (isinstance(raw, (int, float)) and field["kind"] != "text"):
        text = raw
    else:
        text = str(raw if raw is not None else "").strip()
        if not text:
            return None
    kind = field["kind"]
    if kind == "text":
        text = str(text)
        if len(text) > TEXT_MAX:
            raise ValueError(f"не длиннее {TEXT_MAX} символов")
        return text
    if kind == "flag":
        if isinstance(text, bool):
            return text
        found = FLAGS.get(str(text).casefold())
        if found is None:
            raise ValueError(f"«{text}»: нужно «да» или «нет»")
        return found
    if kind == "choice":
        for code, title in field["choices"]:
            if definitions.normal(text) in (definitions.normal(code), definitions.normal(title)):
                return code
        raise ValueError(f"«{text}»: нужно одно из значений: {', '.join(t for _, t in field['choices'])}")
    try:
        value = float(str(text).replace(" ", "").replace("\u00a0", "").replace(",", ".").rstrip("%"))
    except ValueError:
        raise ValueError(f"«{text}» — не число") from None
    if not value == value or value in (float("inf"), float("-inf")):
        raise ValueError(f"«{text}» — не число")
    if value < 0:
        raise ValueError(f"«{text}»: значение не может быть отрицательным")
    if kind == "integer":
        if not value.is_integer():
            raise ValueError(f"«{text}»: нужно целое число")
        return int(value)
    if kind == "share" and value > 100:
        raise ValueError(f"«{text}»: доля не может быть больше 100 %")
    return value


def show(field, value):
    """A fact's value as the passport shows it: «12,5 %», «да», the choice's title, «1 250 чел.»."""
    if value is None:
        return ""
    kind, unit = field["kind"], field.get("unit", "")
    if kind == "flag":
        return "да" if value else "нет"
    if kind == "choice":
        return dict((code, title) for code, title in field["choices"]).get(value, str(value))
    if kind == "text":
        return str(value)
    if kind == "integer":
        text = f"{value:,}".replace(",", "\u00a0")
    else:
        text = number(value, 1) if not float(value).is_integer() else f"{int(value):,}".replace(",", "\u00a0")
    return f"{text}\u00a0{unit}" if unit else text


def facts_of(school, create=False):
    """The school's ``SchoolFacts`` (None before its first fact, unless ``create``)."""
    bank = bank_of(school, create)
    if bank is None:
        return None
    facts = bank.facts.get(school.code)
    if facts is None and create:
        facts = bank.facts[school.code] = SchoolFacts()
    return facts


def put(facts, field, year, value, author, via, at, note=""):
    """Record ``value`` of ``field`` in ``year`` as a new version; False (nothing written) when it is current."""
    key = (field, year)
    versions = facts.values.get(key, ())
    if versions and versions[-1].value == value and type(versions[-1].value) is type(value):
        return False
    # NB: the dict is replaced, not changed in place, so the record is written.
    facts.values = {**facts.values, key: versions + (FactVersion(value, author, at, via, note),)}
    return True


def check_year(year, today=None):
    """``year`` as an int within the years a passport keeps; ``ValueError`` (Russian) otherwise."""
    today = today or datetime.date.today()
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValueError(f"год «{year}» не читается") from None
    if not FIRST_YEAR <= year <= today.year:
        raise ValueError(f"{year} год вне допустимых ({FIRST_YEAR}–{today.year})")
    return year


def fill(host, school, year, values, actor, now=None):
    """The school's own facts of ``year`` (``{field code: typed value}``); how many changed.

    Refuses (``FactsRefused``, a line a field) a field the school does not own
    or a value that does not read; empty values are left as they are.
    """
    access.FILL_PASSPORT.require(school, actor)
    now = now or datetime.datetime.now(datetime.timezone.utc)
    defs = definitions.of(host, region_code_of(school))
    problems, clean_values = [], {}
    try:
        year = check_year(year, now.date())
    except ValueError as exc:
        raise FactsRefused(f"Сведения не записаны: {exc}.", "invalid", [str(exc)]) from None
    for code, raw in values.items():
        field = defs.fields.get(code)
        if field is None:
            problems.append(f"«{code}»: нет такого поля паспорта")
            continue
        if field["filled_by"] != "school":
            problems.append(f"«{field['title']}»: значение загружается из таблиц ({field['source']}), школа не "
                            f"может его изменить")
            continue
        try:
            value = clean(field, raw)
        except ValueError as exc:
            problems.append(f"«{field['title']}»: {exc}")
            continue
        if value is not None:
            clean_values[code] = value
    if problems:
        raise FactsRefused("Сведения не записаны: " + "; ".join(problems) + ".", "invalid", problems)
    if not clean_values:
        return 0
    facts = facts_of(school, create=True)
    return sum(put(facts, code, year, value, actor, "school", now) for code, value in clean_values.items())

