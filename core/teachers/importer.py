"""Teachers from a CSV or XLSX file: school code, full name, post, category, planned date.

Two passes over the file. The first checks every line (the school exists,
the post and the category are known, the date is a date and not in the
past for a new or changed teacher, no teacher twice) and refuses the whole
file with line-numbered Russian errors, so a bad file changes nothing. The
second applies it: a teacher already planned (same school, same name) is
updated only when something changed, so importing the same file twice
changes nothing. ``commit`` (the CLI's, for a million lines) is called
between batches; the web upload applies a small file in one transaction.
"""
import dataclasses
import datetime

from core.catalog import reindex
from core.orgimport import ImportFailed, read_rows, school_locations

from . import deadlines
from .model import CATEGORIES, POSTS, AttestationYear, TeacherDossier, school_year_of, teacher_key, year_name
from .steps import refresh_year

COLUMNS = ("school_code", "full_name", "post", "category", "planned_date")
RUSSIAN_COLUMNS = {
    "код оо": "school_code", "код школы": "school_code",
    "фио": "full_name", "фио педагога": "full_name",
    "должность": "post",
    "категория": "category", "цель аттестации": "category",
    "планируемая дата": "planned_date", "дата аттестации": "planned_date", "планируемая дата аттестации": "planned_date",
}
POST_ALIASES = {**{k: k for k in POSTS}, **{v: k for k, v in POSTS.items()}}
CATEGORY_ALIASES = {**{k: k for k in CATEGORIES}, **{v: k for k, v in CATEGORIES.items()},
                    "соответствие": "position", "первая": "first", "высшая": "highest",
                    "педагог-методист": "methodologist", "педагог-наставник": "mentor"}
MAX_ERRORS = 50
BATCH = 50000


@dataclasses.dataclass
class ImportReport:
    """What an import did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0

    def summary(self):
        """One Russian line for the officer or the operator."""
        text = f"Педагогов добавлено: {self.added}, обновлено: {self.updated}, без изменений: {self.unchanged}"
        if self.kept:
            text += f", не изменено (данные уже переданы координатору): {self.kept}"
        return text + "."


def _date(text):
    text = text.strip()[:10]
    try:
        # NB: the C parser first: strptime was a tenth of a million-line import.
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _header(values):
    names = [RUSSIAN_COLUMNS.get(str(v).strip().lower(), str(v).strip().lower()) for v in values]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise ImportFailed([f"Строка 1: нет столбцов: {', '.join(missing)}. Нужны столбцы: {', '.join(COLUMNS)}."])
    return [names.index(c) for c in COLUMNS]


def rows(data, filename):
    """``(line, school_code, full_name, post, category, planned or None, problems)`` of every non-empty line."""
    header = None
    for line, values in read_rows(data, filename):
        if not any(str(v).strip() for v in values):
            continue
        if header is None:
            header = _header(values)
            continue
        code, name, post, category, planned = (values[i].strip() if i < len(values) else "" for i in header)
        problems = [f"пустое поле {c}" for c, v in zip(COLUMNS, (code, name, post, category, planned)) if not v]
        post_code = POST_ALIASES.get(post.lower())
        if post and post_code is None:
            problems.append(f"неизвестная должность «{post}»")
        category_code = CATEGORY_ALIASES.get(category.lower())
        if category and category_code is None:
            problems.append(f"неизвестная цель аттестации «{category}»")
        day = _date(planned) if planned else None
        if planned and day is None:
            problems.append(f"дата «{planned}» не читается (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)")
        yield line, code, " ".join(name.split()), post_code, category_code, day, problems
    if header is None:
        raise ImportFailed(["Строка 1: файл пуст."])


def _existing(schools, code, name, day):
    school = schools.get(code)
    year = school.get(year_name(school_year_of(day))) if school is not None else None
    return year.get(teacher_key(code, name)[0]) if year is not None else None


def check(site, data, filename, today=None, schools=None):
    """Check every line; raise ImportFailed with line-numbered errors. Returns ``(schools, lines)``."""
    today = today or datetime.date.today()
    schools = schools if schools is not None else school_locations(site)
    errors, seen, count = [], {}, 0
    for line, code, name, post, category, day, problems in rows(data, filename):
        count += 1
        if code and code not in schools:
            problems.append(f"школы с кодом «{code}» нет в базе")
        if name and code:
            uid = teacher_key(code, name)[1]
            if uid in seen:
                problems.append(f"педагог «{name}» школы {code} уже есть в строке {seen[uid]}")
            seen[uid] = line
        if day is not None and day < today and not problems:
            old = _existing(schools, code, name, day)
            if old is None or old.planned != day:
                problems.append(f"планируемая дата {day:%d.%m.%Y} уже прошла")
        if problems:
            errors.append(f"Строка {line}: " + "; ".join(problems) + ".")
            if len(errors) >= MAX_ERRORS:
                errors.append("Дальше файл не проверялся: слишком много ошибок.")
                break
    if not errors and not count:
        errors.append("В файле нет ни одного педагога.")
    if errors:
        raise ImportFailed(errors)
    return schools, count


def apply(host, site, data, filename, actor, today=None, progress=None, commit=None, schools=None):
    """Import a file that ``check`` accepted; returns an ImportReport.

    ``progress(n)`` is told of the lines done; ``commit()`` is called every
    BATCH lines and at the end (when given).
    """
    schools = schools if schools is not None else school_locations(site)
    report = ImportReport()
    indexes, touched, added, offsets, done = {}, set(), {}, {}, 0
    for line, code, name, post, category, day, _ in rows(data, filename):
        school = schools[code]
        region = school.__parent__.__parent__.code
        index = indexes.get(region)
        if index is None:
            index = indexes[region] = deadlines.region_index(site, region, create=True)
        key, _ = teacher_key(code, name)
        ynm = year_name(school_year_of(day))
        year = school.get(ynm)
        if year is None:
            year = school.add(ynm, AttestationYear(school_year_of(day)))
        dossier = year.get(key)
        if dossier is None:
            dossier = year.add(key, TeacherDossier(deadlines.new_uid(index), name, post, category, day))
            offset = offsets.get((region, year.project_year))
            if offset is None:
                offset = offsets[(region, year.project_year)] = deadlines.offset_of(host, region, day, dossier.step)
            due = deadlines.move(host, dossier, None, None, region, index,
                                 due=day + offset if offset is not None else None)
            report.added += 1
            # NB: a new dossier awaits the officer: the year's "awaited by" only grows, and is
            # written once at the end, not in every batch that adds to the school.
            roles, first = added.get(year, (frozenset(), None))
            added[year] = (roles | dossier.awaiting_roles, due if first is None or (due and due < first) else first)
        elif (dossier.post, dossier.category, dossier.planned) == (post, category, day):
            report.unchanged += 1
        elif dossier.has_done("send_data"):
            report.kept += 1
        else:
            old = dossier.step, dossier.due
            dossier.post, dossier.category, dossier.planned = post, category, day
            dossier.record("plan_changed", actor, f"{day:%d.%m.%Y} (импорт)")
            deadlines.move(host, dossier, *old, region, index)
            report.updated += 1
            touched.add(year)
        done += 1
        if progress is not None:
            progress(1)
        if commit is not None and done % BATCH == 0:
            commit()
    for n, (year, (roles, first)) in enumerate(added.items(), start=1):
        if year in touched:
            continue
        due = min(d for d in (year.due, first) if d is not None) if (year.due or first) else None
        if (year.awaiting_roles, year.due) != (year.awaiting_roles | roles, due):
            year.awaiting_roles, year.due = year.awaiting_roles | roles, due
            reindex(year, ("awaiting", "due"))
        if commit is not None and n % BATCH == 0:
            commit()
    for year in touched:
        refresh_year(year)
    if commit is not None:
        commit()
    return report


def import_teachers(host, site, data, filename, actor, today=None, progress=None, commit=None):
    """Check, then apply a teachers' file; raises ImportFailed (nothing changed) on a bad one."""
    schools, _ = check(site, data, filename, today)
    return apply(host, site, data, filename, actor, today, progress, commit, schools)
