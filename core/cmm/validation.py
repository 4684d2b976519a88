"""The one check every item passes, whatever it comes from: a form, a plugin, a file, an import.

An item is a plain dict (the format of ``oko_cmm_items``, of
``regional_overrides/<code>/lists.toml`` and of ``data/federal_bank.toml``)::

    {"code": "fed-strategy-01", "kind": "single", "competence": "strategy",
     "level": "federal", "school_types": "all" | ["urban", "rural"],
     "categories": ["head", "candidate"], "stem": "…",
     "options": [["a", "…"], ["b", "…"]] (or [{"key": "a", "text": "…"}]),
     "answer": ["a"] (keys; accepted answers for "short"),
     "rubric": [{"code": "k1", "title": "…", "max": 2}] (cases),
     "max_score": 1, "version": 1, "municipality": None}

``clean_item`` returns the normalised values or raises ``ItemInvalid`` with
every problem found, each in Russian and naming the item.
"""
import re

from core.cmm.model import ALL_SCHOOL_TYPES, CATEGORIES, COMPETENCES, KINDS, LEVELS, SCHOOL_TYPES
from core.refused import Refused

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
MAX_STEM = 10_000
MAX_OPTIONS = 12


class ItemInvalid(Refused, ValueError):
    """An item cannot be accepted; ``problems`` lists every reason in Russian."""

    ERROR = "cmm_{code}"

    def __init__(self, problems, where=""):
        self.problems = list(problems)
        self.where = where
        prefix = f"{where}: " if where else ""
        super().__init__(prefix + "; ".join(self.problems), "invalid", self.problems)


def _set(value, allowed, name, problems, everything=None):
    if value in (None, "", "all", "все") and everything is not None:
        return frozenset(everything)
    if isinstance(value, str):
        value = [v for v in re.split(r"[\s,;]+", value) if v]
    try:
        found = frozenset(str(v) for v in value)
    except TypeError:
        problems.append(f"поле «{name}» должно быть списком")
        return frozenset()
    unknown = sorted(found - set(allowed))
    if unknown:
        problems.append(f"в поле «{name}» неизвестные значения: {', '.join(unknown)} "
                        f"(допустимы: {', '.join(allowed)})")
    if not found:
        problems.append(f"поле «{name}» не заполнено")
    return found & frozenset(allowed)


def _options(value, problems):
    options = []
    for n, option in enumerate(value or (), start=1):
        if isinstance(option, dict):
            key, text = option.get("key"), option.get("text")
        elif isinstance(option, (list, tuple)) and len(option) == 2:
            key, text = option
        else:
            problems.append(f"вариант № {n} должен быть парой «ключ, текст»")
            continue
        key, text = str(key or "").strip(), str(text or "").strip()
        if not CODE.match(key):
            problems.append(f"у варианта № {n} недопустимый ключ «{key}»")
        if not text:
            problems.append(f"у варианта № {n} нет текста")
        options.append((key, text))
    keys = [k for k, _ in options]
    if len(set(keys)) != len(keys):
        problems.append("ключи вариантов повторяются")
    return tuple(options)


def _rubric(value, problems):
    rubric = []
    for n, row in enumerate(value or (), start=1):
        if not isinstance(row, dict):
            problems.append(f"критерий № {n} должен содержать code, title и max")
            continue
        code, title = str(row.get("code") or "").strip(), str(row.get("title") or "").strip()
        try:
            top = float(row.get("max"))
        except (TypeError, ValueError):
            top = 0.0
        if not CODE.match(code):
            problems.append(f"у критерия № {n} недопустимый код «{code}»")
        if not title:
            problems.append(f"у критерия № {n} нет названия")
        if top <= 0:
            problems.append(f"у критерия № {n} максимальный балл должен быть больше нуля")
        rubric.append({"code": code, "title": title, "max": top})
    if len({r["code"] for r in rubric}) != len(rubric):
        problems.append("коды критериев повторяются")
    return tuple(rubric)


def clean_item(data, where=""):
    """The normalised values of the item ``data``; ItemInvalid (naming ``where``) otherwise."""
    problems = []
    if not isinstance(data, dict):
        raise ItemInvalid(["задание должно быть таблицей полей"], where)
    code = str(data.get("code") or "").strip()
    where = where or (f"задание «{code}»" if code else "задание без кода")
    if not CODE.match(code):
        problems.append(f"недопустимый код «{code}» (латинские буквы, цифры, «-», «_», «.»; до 80 знаков)")
    kind = data.get("kind")
    if kind not in KINDS:
        problems.append(f"неизвестный вид задания «{kind}» (допустимы: {', '.join(KINDS)})")
    competence = data.get("competence")
    if competence not in COMPETENCES:
        problems.append(f"неизвестная компетенция «{competence}» (допустимы: {', '.join(COMPETENCES)})")
    level = data.get("level")
    if level not in LEVELS:
        problems.append(f"неизвестный уровень «{level}» (допустимы: {', '.join(LEVELS)})")
    school_types = _set(data.get("school_types"), SCHOOL_TYPES, "типы школ", problems, ALL_SCHOOL_TYPES)
    categories = _set(data.get("categories"), tuple(CATEGORIES), "категории", problems, CATEGORIES)
    stem = str(data.get("stem") or "").strip()
    if len(stem) < 10:
        problems.append("текст задания слишком короткий (не меньше 10 знаков)")
    elif len(stem) > MAX_STEM:
        problems.append(f"текст задания длиннее {MAX_STEM} знаков")
    options = _options(data.get("options"), problems)
    answer = data.get("answer") or ()
    answer = (answer,) if isinstance(answer, str) else tuple(str(a).strip() for a in answer)
    rubric = _rubric(data.get("rubric"), problems)
    try:
        max_score = float(data.get("max_score") if data.get("max_score") is not None else
                          (sum(r["max"] for r in rubric) if kind == "case" else 1))
    except (TypeError, ValueError):
        max_score = 0.0
    if max_score <= 0:
        problems.append("максимальный балл должен быть больше нуля")
    try:
        version = int(data.get("version") or 1)
    except (TypeError, ValueError):
        version = 0
    if version < 1:
        problems.append("номер версии должен быть целым числом от 1")
    keys = {k for k, _ in options}
    if kind in ("single", "multiple"):
        if len(options) < 2:
            problems.append("нужно не меньше двух вариантов ответа")
        if len(options) > MAX_OPTIONS:
            problems.append(f"вариантов ответа больше {MAX_OPTIONS}")
        if not answer:
            problems.append("не указан правильный ответ")
        missing = [a for a in answer if a not in keys]
        if missing:
            problems.append(f"правильный ответ ссылается на несуществующие варианты: {', '.join(missing)}")
        if kind == "single" and len(answer) > 1:
            problems.append("в задании с выбором одного ответа правильный ответ должен быть один")
    elif kind == "short":
        answer = tuple(a for a in answer if a)
        if not answer:
            problems.append("не указан ни один принимаемый ответ")
        if options:
            problems.append("у задания с кратким ответом не бывает вариантов")
    elif kind == "case":
        if not rubric:
            problems.append("у управленческого кейса должна быть шкала оценивания (критерии)")
        elif abs(sum(r["max"] for r in rubric) - max_score) > 1e-9:
            problems.append("максимальный балл кейса должен равняться сумме баллов критериев")
        answer = ()
    if problems:
        raise ItemInvalid(problems, where)
    municipality = data.get("municipality") or None
    return {"code": code, "kind": kind, "competence": competence, "level": level,
            "school_types": school_types, "categories": categories, "stem": stem,
            "options": options if kind in ("single", "multiple") else (), "answer": answer,
            "rubric": rubric if kind == "case" else (), "max_score": max_score,
            "municipality": str(municipality) if municipality else None, "version": version}
