"""Results tables: their columns mapped, every row checked, a preview, then the import (or nothing at all).

A table has a heading row and one result a row: the school's code, the
procedure, the subject, the grade, the year, the participants, the mean
score and the shares (per cent) of the four levels. Russian headings are
found by themselves (``detect``: «Код ОО», «Предмет», «Доля «5», %»...);
a person may map any column by hand, and give the procedure, the subject,
the grade or the year once for the whole file when the table has no such
column (a ВПР export of one subject). The year is the calendar year of the
procedure; «2024/2025» reads as 2025.

``check`` reads every row before anything is written: an unknown school,
procedure or subject, an impossible value (a share over 100 %, a negative
score, shares that do not add up to 100 %), a result given twice: each is a
line of the refusal naming the row and the column, and the file is refused
whole. ``apply`` writes only what differs from what is kept (a file loaded
twice changes nothing), a result at a time replacing the one of the same
school, procedure, subject, grade and year; results a file does not name stay.
"""
import dataclasses
import datetime
import re

from core.docinspect.tables import TableRefused
from core.resources import Municipality, Region, Root, School
from core.results import definitions
from core.results.definitions import normal
from core.results.model import ImportRecord, SchoolResults, region_bank
from core.results.sums import recompute
from core.results.trend import number

MAX_ERRORS = 50
PREVIEW_ROWS = 10
SHARE_SLACK = 2.0  # NB: four shares rounded to whole per cents may add up to 98–102.
FIRST_YEAR = 2000

# field: (Russian title, the headings that name it)
FIELDS = {
    "school": ("Код ОО", ("код оо", "код школы", "код организации", "код образовательной организации",
                          "логин оо", "school", "school_code")),
    "procedure": ("Процедура", ("процедура", "оценочная процедура", "вид оценки", "procedure")),
    "subject": ("Предмет", ("предмет", "учебный предмет", "subject")),
    "grade": ("Класс", ("класс", "параллель", "grade")),
    "year": ("Год", ("год", "год проведения", "учебный год", "year")),
    "participants": ("Число участников", ("число участников", "количество участников", "кол-во участников",
                                          "участников", "участники", "participants")),
    "mean": ("Средний балл", ("средний балл", "средняя отметка", "средний тестовый балл", "средний первичный балл",
                              "mean", "mean_score")),
    "low": ("Доля ниже базового уровня, %", ("доля 2", "2", "отметка 2", "ниже базового", "ниже базового уровня",
                                             "доля ниже базового уровня", "ниже минимального балла",
                                             "не преодолели минимальный балл", "low")),
    "base": ("Доля на базовом уровне, %", ("доля 3", "3", "отметка 3", "базовый", "базовый уровень",
                                           "доля на базовом уровне", "base")),
    "above": ("Доля выше базового уровня, %", ("доля 4", "4", "отметка 4", "повышенный", "повышенный уровень",
                                              "доля выше базового уровня", "above")),
    "high": ("Доля на высоком уровне, %", ("доля 5", "5", "отметка 5", "высокий", "высокий уровень",
                                          "доля на высоком уровне", "high")),
}
# What every row needs: from a column, or (FIXABLE) once for the whole file.
REQUIRED = ("school", "procedure", "subject", "grade", "year", "participants")
FIXABLE = ("procedure", "subject", "grade", "year")
SHARES = ("low", "base", "above", "high")
_HEADER_NAMES = {name: field for field, (_, names) in FIELDS.items() for name in names}
_HEADER_NOISE = re.compile(r"[,%:;.()№\[\]]")
_YEAR = re.compile(r"^\s*(\d{4})\s*(?:[/–-]\s*(\d{2}|\d{4}))?\s*(?:г\.?|год)?\s*$")
_GRADE = re.compile(r"^\s*(\d{1,2})(?:[.,]0)?\s*(?:-?й)?\s*(?:кл\.?|класс)?\s*$")


def quoted(text):
    """``text`` in «ёлочки», its own «» made „лапки“ (the Russian quotes within quotes): «Доля „5“, %»."""
    return "«" + str(text).replace("«", "„").replace("»", "“") + "»"


def header_key(text):
    """A heading as ``detect`` compares it: ``normal`` with punctuation and «%» left out."""
    return " ".join(_HEADER_NOISE.sub(" ", normal(text)).split())


def column_letter(index):
    """The spreadsheet letter of column ``index`` (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def detect(header):
    """``{column index: field}`` of the headings a table names in words it is known to use; the first wins."""
    mapping, taken = {}, set()
    for index, text in enumerate(header):
        field = _HEADER_NAMES.get(header_key(text))
        if field is not None and field not in taken:
            mapping[index] = field
            taken.add(field)
    return mapping


@dataclasses.dataclass
class Plan:
    """A checked table: its results by region and school, and what a preview shows of it."""

    #: ``{region code: {school code: {(procedure, subject, grade, year): value}}}``
    results: dict
    #: ``[(letter, heading, field or None)]`` of the heading row.
    columns: list
    #: The first rows as they were read: ``[{field: shown text}]``.
    sample: list
    count: int = 0
    #: ``places_under`` of where the table is loaded (``apply`` files the schools by it).
    places: dict = dataclasses.field(default_factory=dict)

    @property
    def schools(self):
        """How many schools the table names."""
        return sum(len(schools) for schools in self.results.values())


@dataclasses.dataclass
class Report:
    """What an import did (or, for a preview, would do)."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    schools: int = 0

    @property
    def writes(self):
        """Whether the import changes anything."""
        return bool(self.added or self.changed)

    def summary(self):
        """One Russian line for the person who loaded the file."""
        if not self.writes:
            return f"Изменений нет: все результаты файла уже загружены (результатов в файле: {self.unchanged})."
        return (f"Результатов загружено: новых {self.added}, изменённых {self.changed}, без изменений "
                f"{self.unchanged}; школ: {self.schools}.")


def places_under(node):
    """``{school code: (region code, municipality name)}`` of the regions ``node`` is in or holds.

    NB: the whole region, even for a municipality's file: a school that moved
    leaves its old municipality's sums too.
    """
    while isinstance(node, (School, Municipality)):
        node = node.__parent__
    regions = node.values() if isinstance(node, Root) else [node]
    found = {}
    for region in regions:
        if not isinstance(region, Region):
            continue
        for municipality in region.values():
            if not isinstance(municipality, Municipality):
                continue
            for school in municipality.values():
                if isinstance(school, School) and school.is_open:
                    found[school.code] = (region.code, municipality.__name__)
    return found


def within(node):
    """What a row's place must match to be under ``node``: ``(region code, municipality name)``, None for any."""
    if isinstance(node, Municipality):
        return node.__parent__.code, node.__name__
    if isinstance(node, Region):
        return node.code, None
    return None, None


class _Rows:
    """The reader of one table's rows for ``check``: names, caches and the errors found so far."""

    def __init__(self, host, node, mapping, fixed, places, today):
        self.host, self.node, self.places = host, node, places
        self.region, self.municipality = within(node)
        self.mapping = dict(mapping)
        self.columns = {field: index for index, field in self.mapping.items()}
        self.errors = []
        self.this_year = today.year
        self.fixed = {}
        self._procedures, self._subjects, self._grades, self._years = {}, {}, {}, {}
        for field in FIXABLE:
            if field in self.columns or not str(fixed.get(field) or "").strip():
                continue
            self.fixed[field] = str(fixed[field]).strip()
        self.headers = {}

    def where(self, line, field):
        """«Строка 7, столбец D «Класс»» (or «Строка 7» for a value given for the whole file)."""
        index = self.columns.get(field)
        if index is None:
            return f"Строка {line} (значение для всех строк, «{FIELDS[field][0]}»)"
        return f"Строка {line}, столбец {column_letter(index)} {quoted(self.headers.get(index) or FIELDS[field][0])}"

    def problem(self, line, field, text):
        """Note a problem of the row ``line`` in the column of ``field``."""
        self.errors.append(f"{self.where(line, field)}: {text}.")

    def defs(self, region):
        """The definitions (procedures, subjects) of ``region``."""
        return definitions.of(self.host, region)


def _repeated_headings(header):
    """A heading of a known field given twice: which column to read is not for the importer to guess."""
    problems, first = [], {}
    for index, text in enumerate(header):
        field = _HEADER_NAMES.get(header_key(text))
        if field is None:
            continue
        if field in first:
            problems.append(f"Строка 1, столбцы {column_letter(first[field])} и {column_letter(index)}: заголовок "
                            f"«{FIELDS[field][0]}» повторяется: выберите, какой столбец читать.")
        else:
            first[field] = index
    return problems


def _check_mapping(reader, header):
    problems = []
    seen = {}
    for index, field in reader.mapping.items():
        if field not in FIELDS:
            problems.append(f"Столбец {column_letter(index)}: неизвестное поле «{field}».")
        elif field in seen:
            problems.append(f"Поле «{FIELDS[field][0]}» выбрано для двух столбцов: {column_letter(seen[field])} "
                            f"и {column_letter(index)}.")
        else:
            seen[field] = index
        if index >= len(header):
            problems.append(f"Столбца {column_letter(index)} в таблице нет.")
    problems += _check_fixed(reader)
    for field in REQUIRED:
        if field not in seen and field not in reader.fixed:
            how = " или укажите значение для всех строк" if field in FIXABLE else ""
            problems.append(f"Строка 1: нет столбца «{FIELDS[field][0]}»: выберите его{how}.")
    return problems


def _check_fixed(reader):
    """The problems of the values given for every row, said once (not on every row)."""
    defs = reader.defs(reader.region or "00")
    fixed, problems = reader.fixed, []
    procedure = defs.procedure(fixed["procedure"]) if "procedure" in fixed else None
    if "procedure" in fixed and procedure is None:
        problems.append(f"Процедура для всех строк {quoted(fixed['procedure'])} неизвестна (известны: "
                        f"{', '.join(p.title for p in defs.procedures.values())}).")
    if "subject" in fixed and defs.subject(fixed["subject"]) is None:
        problems.append(f"Предмет для всех строк {quoted(fixed['subject'])} неизвестен.")
    if "grade" in fixed:
        match = _GRADE.match(fixed["grade"])
        if match is None:
            problems.append(f"Класс для всех строк {quoted(fixed['grade'])} не читается (нужно число, например 5).")
        elif procedure is not None and int(match.group(1)) not in procedure.grades:
            problems.append(f"{int(match.group(1))} класс не участвует в процедуре «{procedure.title}».")
    if "year" in fixed and not _read_year(fixed["year"]):
        problems.append(f"Год для всех строк {quoted(fixed['year'])} не читается (нужен год, например 2025 или "
                        f"2024/2025).")
    return problems


def _number(text):
    text = text.replace(" ", "").replace("\u00a0", "").replace(",", ".").rstrip("%")
    return float(text)


def _procedure(reader, line, region, text):
    key = (region, text)
    if key not in reader._procedures:
        reader._procedures[key] = reader.defs(region).procedure(text) if text else None
    found = reader._procedures[key]
    if found is None:
        known = ", ".join(p.title for p in reader.defs(region).procedures.values())
        reader.problem(line, "procedure", f"процедура {quoted(text)} неизвестна (известны: {known})" if text
                       else "не указана процедура")
    return found


def _subject(reader, line, region, text):
    key = (region, text)
    if key not in reader._subjects:
        reader._subjects[key] = reader.defs(region).subject(text) if text else None
    found = reader._subjects[key]
    if found is None:
        reader.problem(line, "subject", f"предмет {quoted(text)} неизвестен" if text else "не указан предмет")
    return found


def _grade(reader, line, text, procedure):
    grade = reader._grades.get(text)
    if grade is None:
        match = _GRADE.match(text)
        grade = reader._grades[text] = int(match.group(1)) if match else -1
    if grade < 0:
        reader.problem(line, "grade", f"класс {quoted(text)} не читается (нужно число, например 5)" if text
                       else "не указан класс")
        return None
    if procedure is not None and grade not in procedure.grades:
        grades = ", ".join(str(g) for g in sorted(procedure.grades))
        reader.problem(line, "grade", f"{grade} класс не участвует в процедуре «{procedure.title}» (её классы: "
                                      f"{grades})")
        return None
    return grade


def _year(reader, line, text):
    year = reader._years.get(text)
    if year is None:
        year = reader._years[text] = _read_year(text)
    if not year:
        reader.problem(line, "year", f"год {quoted(text)} не читается (нужен год, например 2025 или 2024/2025)" if text
                       else "не указан год")
        return None
    if year > reader.this_year:
        reader.problem(line, "year", f"{year} год ещё не наступил")
        return None
    if year < FIRST_YEAR:
        reader.problem(line, "year", f"{year} год: результаты принимаются начиная с {FIRST_YEAR} года")
        return None
    return year


def _read_year(text):
    """The year ``text`` names (0 when it names none): «2025», «2025 г.», «2025.0»; a school year «2024/2025»
    (or «2024/25», «2024–2025») as the spring its procedures are held in, 2025."""
    match = _YEAR.match(text)
    if match:
        first, second = int(match.group(1)), match.group(2)
        if second is None:
            return first
        follows = int(second) == (first + 1 if len(second) == 4 else (first + 1) % 100)
        return first + 1 if follows else 0
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return 0
    return int(number) if number.is_integer() else 0


def _participants(reader, line, text):
    try:
        value = _number(text)
    except ValueError:
        value = None
    if value is None or not value.is_integer() or value < 1:
        reader.problem(line, "participants", f"число участников {quoted(text)} должно быть целым числом не меньше 1" if text
                       else "не указано число участников")
        return None
    return int(value)


def _mean(reader, line, text, procedure):
    if not text:
        return None, True
    try:
        value = _number(text)
    except ValueError:
        reader.problem(line, "mean", f"средний балл {quoted(text)} — не число")
        return None, False
    if value < 0:
        reader.problem(line, "mean", f"средний балл {quoted(text)} отрицательный")
        return None, False
    if procedure is not None and procedure.score_max is not None and value > procedure.score_max:
        reader.problem(line, "mean", f"средний балл {text} больше наибольшего возможного "
                                     f"({procedure.score_max:g})")
        return None, False
    return round(value * 100), True


def _shares(reader, line, cells):
    texts = [cells.get(field, "") for field in SHARES]
    if not any(texts):
        return (None, None, None, None), True
    values, good = [], True
    for field, text in zip(SHARES, texts):
        if not text:
            values.append(0.0)  # NB: a level nobody reached is often left empty.
            continue
        try:
            value = _number(text)
        except ValueError:
            reader.problem(line, field, f"доля {quoted(text)} — не число")
            good = False
            continue
        if value < 0:
            reader.problem(line, field, f"доля {quoted(text)} отрицательная")
            good = False
        elif value > 100:
            reader.problem(line, field, f"доля {quoted(text)} больше 100 %")
            good = False
        values.append(value)
    if not good:
        return None, False
    total = sum(values)
    if abs(total - 100) > SHARE_SLACK:
        letters = ", ".join(column_letter(reader.columns[f]) for f in SHARES if f in reader.columns)
        reader.errors.append(f"Строка {line}: сумма долей уровней (столбцы {letters}) — {number(total)} %, "
                             f"а должна быть 100 %.")
        return None, False
    return tuple(round(v * 10) for v in values), True


def check(host, node, rows, mapping=None, fixed=None, places=None, today=None):
    """The ``Plan`` of a table (``rows``: ``(line, cells)`` from ``core.docinspect.tables``) loaded at ``node``.

    ``mapping`` (``{column index: field}``) is found from the heading row when
    not given; ``fixed`` gives a procedure, subject, grade or year for every
    row. Raises ``TableRefused`` listing every problem (at most ``MAX_ERRORS``)
    by its row and column.
    """
    today = today or datetime.date.today()
    places = places if places is not None else places_under(node)
    rows = iter(rows)
    header, first = None, 1
    for first, cells in rows:
        if any(str(c).strip() for c in cells):
            header = [str(c).strip() for c in cells]
            break
    if header is None:
        raise TableRefused("Строка 1: в таблице нет ни строки заголовков, ни данных.")
    reader = _Rows(host, node, detect(header) if mapping is None else mapping, fixed or {}, places, today)
    reader.headers = dict(enumerate(header))
    problems = _repeated_headings(header) if mapping is None else []
    problems += _check_mapping(reader, header)
    if problems:
        raise TableRefused(problems)
    plan = Plan({}, [(column_letter(i), h, reader.mapping.get(i)) for i, h in enumerate(header)], [], places=places)
    seen = {}
    columns = sorted(reader.columns.items(), key=lambda item: item[1])
    for line, values in rows:
        if len(reader.errors) >= MAX_ERRORS:
            reader.errors.append("Дальше таблица не проверялась: слишком много ошибок.")
            break
        cells = {}
        width = len(values)
        beyond = next((i for i in range(len(header), width) if str(values[i]).strip()), None)
        if beyond is not None:
            reader.errors.append(f"Строка {line}, столбец {column_letter(beyond)}: значение "
                                 f"{quoted(str(values[beyond]).strip())} вне столбцов заголовка: строка не совпадает "
                                 f"с заголовком.")
            continue
        for field, index in columns:
            cells[field] = str(values[index]).strip() if index < width else ""
        if not any(cells.values()):
            continue
        cells.update((field, value) for field, value in reader.fixed.items())
        found = _row(reader, line, cells)
        if found is None:
            continue
        region, code, key, value = found
        earlier = seen.get((code, key))
        if earlier is not None:
            reader.errors.append(f"Строка {line}: тот же результат (школа, процедура, предмет, класс и год), что в "
                                 f"строке {earlier}.")
            continue
        seen[(code, key)] = line
        plan.results.setdefault(region, {}).setdefault(code, {})[key] = value
        plan.count += 1
        if len(plan.sample) < PREVIEW_ROWS:
            plan.sample.append(_shown(reader, line, code, key, value))
    if reader.errors:
        raise TableRefused(reader.errors)
    if not plan.count:
        raise TableRefused(f"Строка {first + 1}: в таблице нет ни одной строки с результатами.")
    return plan


def _row(reader, line, cells):
    """``(region, school code, key, value)`` of a row, or None (its problems noted)."""
    code = cells.get("school", "")
    place = reader.places.get(code)
    if place is None or (reader.region and place[0] != reader.region) or \
            (reader.municipality and place[1] != reader.municipality):
        where = f"в «{reader.node.title}»" if not isinstance(reader.node, Root) else "в базе"
        reader.problem(line, "school", f"школа с кодом {quoted(code)} не найдена {where}" if code else "не указан код ОО")
        # NB: the row's other cells are checked still, by the region it is loaded in.
        place = None
    region = place[0] if place is not None else (reader.region or "00")
    procedure = _procedure(reader, line, region, cells.get("procedure", ""))
    subject = _subject(reader, line, region, cells.get("subject", ""))
    grade = _grade(reader, line, cells.get("grade", ""), procedure)
    year = _year(reader, line, cells.get("year", ""))
    participants = _participants(reader, line, cells.get("participants", ""))
    mean, mean_good = _mean(reader, line, cells.get("mean", ""), procedure)
    shares, shares_good = _shares(reader, line, cells)
    if None in (place, procedure, subject, grade, year, participants) or not (mean_good and shares_good):
        return None
    return region, code, (procedure.code, subject, grade, year), (participants, mean, *shares)


def _shown(reader, line, code, key, value):
    procedure, subject, grade, year = key
    defs = reader.defs(reader.places[code][0])

    def share(v):
        return "" if v is None else f"{v / 10:g}"
    return {"line": line, "school": code, "procedure": defs.procedures[procedure].title,
            "subject": defs.subjects.get(subject, subject), "grade": grade, "year": year, "participants": value[0],
            "mean": "" if value[1] is None else f"{value[1] / 100:g}",
            **{field: share(v) for field, v in zip(SHARES, value[2:])}}


def compare(site, plan):
    """The ``Report`` the plan would make, nothing written."""
    report = Report()
    for region, schools in plan.results.items():
        bank = region_bank(site, region)
        for code, results in schools.items():
            record = bank.schools.get(code) if bank is not None else None
            kept = record.rows if record is not None else {}
            for key, value in results.items():
                old = kept.get(key)
                if old is None:
                    report.added += 1
                elif old != value:
                    report.changed += 1
                else:
                    report.unchanged += 1
        report.schools += len(schools)
    return report


def apply(site, plan, actor, filename, now=None):
    """Write the plan's results that differ from those kept, recompute the sums they change; the ``Report``.

    A plan that changes nothing writes nothing, not even the journal.
    """
    now = now or datetime.datetime.now(datetime.timezone.utc)
    total = Report()
    for region, schools in plan.results.items():
        report = compare(site, Plan({region: schools}, [], []))
        total.added += report.added
        total.changed += report.changed
        total.unchanged += report.unchanged
        total.schools += report.schools
        if not report.writes:
            continue
        bank = region_bank(site, region, create=True)
        where = plan.places or places_under(site[region])
        touched = set()
        for code, results in schools.items():
            municipality = where[code][1]
            record = bank.schools.get(code)
            if record is None:
                record = bank.schools[code] = SchoolResults(municipality)
            elif record.municipality != municipality:
                touched.add(record.municipality)
                record.municipality = municipality
            kept = record.rows
            if any(kept.get(key) != value for key, value in results.items()):
                record.rows = {**kept, **results}
                touched.add(municipality)
        codes = {}
        for code, (in_region, municipality) in where.items():
            if in_region == region and municipality in touched:
                codes.setdefault(municipality, []).append(code)
        recompute(bank, {name: [bank.schools[c] for c in codes.get(name, ()) if c in bank.schools]
                         for name in touched})
        bank.record(ImportRecord(now, actor, filename, "results", report.added, report.changed, report.unchanged,
                                 report.schools))
    return total

