"""The imported facts of schools' passports, from a table: a row a school and year, a column a field.

The heading row names the school's code («Код ОО»), the year («Год») and
then the fields, by their titles or codes (``oko_passport_fields``); only the
fields the school does not fill itself may be imported. Every row is checked
before anything is written: an unknown school or field, a value that does
not read, a school and year given twice are lines of the refusal naming the
row and the column, and the file is refused whole. A value equal to the
current one is no change; any other is a new version with its author and
the file's name, so loading a file twice changes nothing.
"""
import dataclasses
import datetime

from core.docinspect.tables import TableRefused
from core.results import definitions
from core.results.facts import check_year, clean, put
from core.results.importer import MAX_ERRORS, column_letter, header_key, places_under, quoted, within
from core.results.model import ImportRecord, SchoolFacts, region_bank

SCHOOL = {"код оо", "код школы", "код организации", "school", "school_code"}
YEAR = {"год", "year", "отчётный год", "отчетный год"}


@dataclasses.dataclass
class FactsPlan:
    """A checked table of facts: ``{region: {school code: {(field, year): value}}}``."""

    facts: dict
    count: int = 0


def check(host, node, rows, places=None, today=None):
    """The ``FactsPlan`` of a table loaded at ``node``; ``TableRefused`` listing every problem by row and column."""
    today = today or datetime.date.today()
    places = places if places is not None else places_under(node)
    in_region, in_municipality = within(node)
    rows = iter(rows)
    header = None
    for _, cells in rows:
        if any(str(c).strip() for c in cells):
            header = [str(c).strip() for c in cells]
            break
    if header is None:
        raise TableRefused("Строка 1: в таблице нет ни строки заголовков, ни данных.")
    defs = definitions.of(host, in_region or "00")
    names = {}
    for field in defs.fields.values():
        names[header_key(field["title"])] = field
        names[header_key(field["code"])] = field
    school_at = year_at = None
    columns, errors = {}, []
    for index, text in enumerate(header):
        key = header_key(text)
        where = f"Строка 1, столбец {column_letter(index)} {quoted(text)}"
        if key in SCHOOL and school_at is None:
            school_at = index
        elif key in YEAR and year_at is None:
            year_at = index
        elif key in names:
            field = names[key]
            if field["filled_by"] == "school":
                errors.append(f"{where}: поле «{field['title']}» заполняет сама школа, из таблицы оно не загружается.")
            elif field["code"] in columns.values():
                errors.append(f"{where}: поле «{field['title']}» уже есть в другом столбце.")
            else:
                columns[index] = field["code"]
        elif text:
            errors.append(f"{where}: нет такого поля паспорта.")
    if school_at is None or year_at is None:
        errors.append("Строка 1: нужны столбцы «Код ОО» и «Год».")
    if errors:
        raise TableRefused(errors)
    plan, seen = FactsPlan({}), {}
    for line, values in rows:
        if len(errors) >= MAX_ERRORS:
            errors.append("Дальше таблица не проверялась: слишком много ошибок.")
            break
        cells = [str(v).strip() for v in values] + [""] * (len(header) - len(values))
        if not any(cells):
            continue
        code = cells[school_at]
        place = places.get(code)
        if place is None or (in_region and place[0] != in_region) or \
                (in_municipality and place[1] != in_municipality):
            errors.append(f"Строка {line}, столбец {column_letter(school_at)} {quoted(header[school_at])}: школа с "
                          f"кодом {quoted(code)} не найдена в «{node.title}».")
            continue
        try:
            year = check_year(cells[year_at], today)
        except ValueError as exc:
            errors.append(f"Строка {line}, столбец {column_letter(year_at)} {quoted(header[year_at])}: {exc}.")
            continue
        if (code, year) in seen:
            errors.append(f"Строка {line}: школа «{code}» и {year} год уже были в строке {seen[code, year]}.")
            continue
        seen[code, year] = line
        region_defs = definitions.of(host, place[0])
        for index, field_code in columns.items():
            field = region_defs.fields.get(field_code)
            if field is None:
                continue
            try:
                value = clean(field, cells[index])
            except ValueError as exc:
                errors.append(f"Строка {line}, столбец {column_letter(index)} {quoted(header[index])}: {exc}.")
                continue
            if value is not None:
                plan.facts.setdefault(place[0], {}).setdefault(code, {})[field_code, year] = value
                plan.count += 1
    if errors:
        raise TableRefused(errors)
    if not plan.count:
        raise TableRefused("В таблице нет ни одного значения.")
    return plan


def apply(site, plan, actor, filename, now=None):
    """Record the plan's facts that differ from the current ones; ``(new versions, unchanged values, schools)``.

    A plan that changes nothing writes nothing, not even the journal.
    """
    now = now or datetime.datetime.now(datetime.timezone.utc)
    written = unchanged = schools = 0
    for region, by_school in plan.facts.items():
        bank = region_bank(site, region)
        changes, same = [], 0
        for code, values in by_school.items():
            kept = bank.facts.get(code) if bank is not None else None
            for (field, year), value in values.items():
                current = kept.current(field, year) if kept is not None else None
                if current is not None and current.value == value and type(current.value) is type(value):
                    same += 1
                else:
                    changes.append((code, field, year, value))
        schools += len(by_school)
        unchanged += same
        if not changes:
            continue
        bank = region_bank(site, region, create=True)
        for code, field, year, value in changes:
            facts = bank.facts.get(code)
            if facts is None:
                facts = bank.facts[code] = SchoolFacts()
            written += put(facts, field, year, value, actor, "import", now, filename)
        bank.record(ImportRecord(now, actor, filename, "facts", len(changes), 0, same, len(by_school)))
    return written, unchanged, schools
