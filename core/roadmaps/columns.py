"""The columns of a roadmap's table, known by their Russian names.

A header cell is read by what it begins with, as roadmaps name their columns
in many ways: «Сроки», «Срок исполнения (ежегодно)», «Дата»; «Мероприятия»,
«Наименование мероприятия», «Событие»; «Ожидаемый результат», «Планируемые
результаты», «Цель», «Описание»... A table of levels (seed 002) has a column
for the year and one per level: «Региональный уровень», «Муниципальный
уровень», «Уровень ОО».
"""
import re

# The fields a column is read into, and their Russian names in the preview.
NUMBER, PERIOD, YEAR, TEXT = "number", "period", "year", "text"
RESULT, INDICATOR, RESPONSIBLE, PARTICIPANTS, NOTES = "result", "indicator", "responsible", "participants", "notes"
FIELD_TITLES = {NUMBER: "№", PERIOD: "Срок", YEAR: "Год", TEXT: "Мероприятие", RESULT: "Ожидаемый результат",
                INDICATOR: "Показатель", RESPONSIBLE: "Ответственные", PARTICIPANTS: "Участники", NOTES: "Примечание",
                "level:federal": "Федеральный уровень", "level:region": "Региональный уровень",
                "level:municipality": "Муниципальный уровень", "level:school": "Уровень ОО"}
LEVEL_PREFIX = "level:"

# (field, pattern of the normalised header text); the first that matches wins, so the narrower come first.
_PATTERNS = (
    (NUMBER, r"^(?:№|n|no|номер)(?: ?п ?/ ?п| по порядку)?$|^№"),
    (YEAR, r"^(?:год|годы|год реализации|год проведения)$"),
    ("level:federal", r"^федеральн\w* уровен"),
    ("level:region", r"^региональн\w* уровен|^уровень (?:субъекта|региона)"),
    ("level:municipality", r"^муниципальн\w* уровен|^уровень (?:муниципалитета|муниципального|мо\b|моуо)"),
    ("level:school", r"^уровень (?:оо|оу|школы|образовательн\w* организаци\w*)$|^школьн\w* уровен"),
    (INDICATOR, r"^показател|^индикатор|^критери"),
    (RESPONSIBLE, r"^ответствен|^исполнител"),
    (PARTICIPANTS, r"^участник"),
    (NOTES, r"^примечани|^комментари"),
    (RESULT, r"^(?:ожидаем\w*|планируем\w*|предполагаем\w*|итогов\w*)? ?результат|^цель|^описание|^форма завершения"),
    (PERIOD, r"^(?:срок|сроки|дата|даты|период|время)\b"),
    (TEXT, r"^(?:мероприяти|наименование|событие|содержание|направлени|действи|задач|вид работ|название)"),
)
_COMPILED = tuple((name, re.compile(pattern)) for name, pattern in _PATTERNS)
_YEARLY = re.compile(r"\(\s*ежегодно\s*\)|ежегодн")


def normalise(text):
    """A header cell as the patterns read it: lower case, «ё» as «е», no line breaks or footnote marks."""
    text = (text or "").lower().replace("ё", "е")
    text = re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹⁰*]", "", text)
    return re.sub(r"\s+", " ", text).strip(" .:")


def field_of(header):
    """The field a header cell names, or None."""
    text = normalise(header)
    if not text:
        return None
    return next((name for name, pattern in _COMPILED if pattern.search(text)), None)


def says_yearly(header):
    """Whether a header of dates says they recur every year («Срок исполнения (ежегодно)»)."""
    return bool(_YEARLY.search(normalise(header)))


def title_of(field):
    """The Russian name of a field (or «не используется» for None)."""
    return FIELD_TITLES.get(field, "не используется")


def level_of(field):
    """The level a level column is of ("region"...), or None for any other field."""
    return field[len(LEVEL_PREFIX):] if field and field.startswith(LEVEL_PREFIX) else None
