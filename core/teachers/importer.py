"""Teachers from a CSV or XLSX file: school code, full name, post, category, planned date.

The file is read once. ``check`` reads and checks every line (the school
exists, the post and the category are known, the date is a date and not in
the past for a new or changed teacher, no teacher twice) and keeps the lines
grouped by school in a ``Plan``; a bad file is refused as a whole with
line-numbered Russian errors before anything is written, so it changes
nothing. ``apply`` then writes the plan school by school, region by region,
whatever the order of the file: each school's attestation year is written
once per import, and each region's deadline index gets the new dossiers in
bulk once per batch. A teacher already planned (same school, same name) is
updated only when something changed, so importing the same file twice
changes nothing. ``commit`` (the CLI's, for a million lines) is called
between batches, at a school's end; the web upload applies a small file in
one transaction, and stays inside the school it was started on
(``only``): a line naming another school is refused like any other bad line,
and a file of more than ``WEB_MAX_ROWS`` teachers is for the CLI.
"""
import dataclasses
import datetime
import operator
from array import array

from core.catalog import reindex
from core.docinspect.tables import MAX_ROWS, table_rows, uploaded_table
from core.orgimport import ImportFailed, school_locations
from core.resources import find_root, path_of
from core.teachers import deadlines
from core.teachers.access import IMPORT_TEACHERS
from core.teachers.model import (
    CATEGORIES,
    POSTS,
    AttestationYear,
    TeacherDossier,
    dossier_name,
    school_year_of,
    teacher_key,
    year_name,
)
from core.teachers.steps import refresh_year

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
# NB: one upload through the school's page is checked and written in one request and one
# transaction; a region's list of tens of thousands goes through `oko import-teachers`.
WEB_MAX_ROWS = MAX_ROWS
# NB: rows written between two commits; a commit falls at the end of a school.
# Each batch rewrites the catalog's buckets of the years it places (their ids
# are random) and the deadline sets of its regions, and its new dossiers live
# in memory until its commit (about 1 KB each, and more while it is written).
# With the plan packed (``Group``), a million lines peaked at 670 MB in batches
# of 200,000, 540 MB of 100,000 and 440 MB of 50,000; 50,000 cost 1.35 times
# the CPU time of 200,000 (and write 790 MB, not 580).
BATCH = 50000
NEW_STEP = TeacherDossier.step


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


@dataclasses.dataclass
class Plan:
    """A checked file: its teachers grouped by school, ready for ``apply``.

    ``groups`` maps a school code to its ``Group`` of lines, in the order of the file.
    """

    schools: dict
    groups: dict
    count: int


_POST_CODES, _CATEGORY_CODES = tuple(POSTS), tuple(CATEGORIES)
_NONE = 255


class Group:
    """One school's teachers of a checked file, packed: a million lines held as tuples of
    strings took 385 bytes each, a third of the import's memory; packed they take about 80.

    While the file is checked ``uids`` maps each teacher's uid to its place
    (to name a twin's line); ``pack`` then keeps the uids in an array. Names
    are UTF-8, each ended by a newline (a name never holds one: its spaces are
    normalised); posts and categories are indexes of their codes; dates are
    day numbers.
    """

    __slots__ = ("uids", "lines", "names", "posts", "categories", "days")

    def __init__(self):
        self.uids, self.lines, self.names = {}, array("I"), bytearray()
        self.posts, self.categories, self.days = bytearray(), bytearray(), array("i")

    def __len__(self):
        return len(self.uids)

    def add(self, uid, line, name, post, category, day):
        """Keep one line (``post``, ``category`` and ``day`` may be None on a line with problems)."""
        self.uids[uid] = len(self.uids)
        self.lines.append(line)
        self.names += name.encode("utf-8", "surrogatepass") + b"\n"
        self.posts.append(_NONE if post is None else _POST_CODES.index(post))
        self.categories.append(_NONE if category is None else _CATEGORY_CODES.index(category))
        self.days.append(0 if day is None else day.toordinal())

    def line_of(self, uid):
        """The line of the file that named the teacher ``uid`` in this school, or None."""
        place = self.uids.get(uid)
        return None if place is None else self.lines[place]

    def pack(self):
        """Drop the uids' lookup once the file is checked: the uids in an array (8 bytes each) do for ``rows``."""
        self.uids = array("Q", self.uids)

    def rows(self, dates):
        """``[(uid, (line, name, post, category, planned))]`` in the order of the file; ``dates``, a dict
        of the dates made so far (day number -> date), keeps one object for each date of an import."""
        names = self.names.decode("utf-8", "surrogatepass").split("\n")
        found = []
        for uid, line, name, post, category, number in zip(
                self.uids, self.lines, names, self.posts, self.categories, self.days):
            day = dates.get(number)
            if day is None:
                day = dates[number] = datetime.date.fromordinal(number)
            found.append((uid, (line, name, _POST_CODES[post], _CATEGORY_CODES[category], day)))
        return found


class _Dates:
    """Planned dates as the file writes them -> ``datetime.date``; a file repeats a few hundred dates."""

    def __init__(self):
        self.known = {}

    def __call__(self, text):
        day = self.known.get(text, False)
        if day is False:
            day = _date(text)
            if len(self.known) < 100000:
                self.known[text] = day
        return day


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


def _alias(aliases, text):
    found = aliases.get(text)
    return found if found is not None else aliases.get(text.lower())


def rows(lines):
    """``(line, school_code, full_name, post, category, planned or None, problems)`` of every non-empty line
    of a table's ``lines`` (``(line, [cells])``)."""
    header = pick = width = None
    dates = _Dates()
    for line, values in lines:
        if header is None:
            if any(str(v).strip() for v in values):
                header = _header(values)
                pick, width = operator.itemgetter(*header), max(header) + 1
            continue
        fields = pick(values) if len(values) >= width else tuple(
            values[i] if i < len(values) else "" for i in header)
        code, name, post, category, planned = (v.strip() for v in fields)
        if not (code and name and post and category and planned):
            if not any(str(v).strip() for v in values):
                continue
            problems = [f"пустое поле {c}" for c, v in zip(COLUMNS, (code, name, post, category, planned)) if not v]
        else:
            problems = []
        post_code = _alias(POST_ALIASES, post)
        if post and post_code is None:
            problems.append(f"неизвестная должность «{post}»")
        category_code = _alias(CATEGORY_ALIASES, category)
        if category and category_code is None:
            problems.append(f"неизвестная цель аттестации «{category}»")
        day = dates(planned) if planned else None
        if planned and day is None:
            problems.append(f"дата «{planned}» не читается (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)")
        yield line, code, " ".join(name.split()), post_code, category_code, day, problems
    if header is None:
        raise ImportFailed(["Строка 1: файл пуст."])


def _existing(schools, code, key, day):
    school = schools.get(code)
    year = school.get(year_name(school_year_of(day))) if school is not None else None
    return year.get(key) if year is not None else None


TOO_MANY = (f"В файле больше {WEB_MAX_ROWS} педагогов: через страницу школы за один раз загружается "
            f"не больше {WEB_MAX_ROWS}. Разделите файл на части или попросите регионального оператора "
            f"загрузить его командой `oko import-teachers`.")


def check(site, lines, today=None, schools=None, only=None):
    """Check every line of a table (``(line, [cells])``, as ``core.docinspect.tables`` reads them); a ``Plan``,
    or ImportFailed with line-numbered errors (nothing written).

    ``only`` (a School) keeps the import inside that school: a line naming
    any other school is refused, whether or not that school exists.
    """
    today = today or datetime.date.today()
    if only is not None:
        schools = {only.code: only}
    schools = schools if schools is not None else school_locations(site)
    errors, groups, count = [], {}, 0
    for line, code, name, post, category, day, problems in rows(lines):
        count += 1
        group = groups.get(code)
        if group is None and code in schools:
            group = groups[code] = Group()
        if code and group is None:
            problems.append(f"школы с кодом «{code}» нет в базе" if only is None else
                            f"код ОО «{code}» — не код этой школы: здесь загружаются только педагоги "
                            f"школы «{only.title}» (код ОО {only.code})")
        key, uid = teacher_key(code, name) if name and code else (None, None)
        if group is not None and key is not None:
            twin = group.line_of(uid)
            if twin is not None:
                problems.append(f"педагог «{name}» школы {code} уже есть в строке {twin}")
            else:
                # NB: a line with problems is kept too, to name its twins; a plan with errors is never applied.
                group.add(uid, line, name, post, category, day)
        if day is not None and day < today and not problems:
            old = _existing(schools, code, key, day)
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
    for group in groups.values():
        group.pack()
    return Plan(schools, groups, count)


class _Writer:
    """What ``apply`` writes, kept until the end of a batch: new dossiers for each region's deadline index."""

    def __init__(self, host, site):
        self.host, self.site = host, site
        self.indexes, self.offsets, self.uids, self.pending = {}, {}, {}, {}
        # NB: day number -> date: the million dossiers of an import share a few hundred date objects.
        self.dates = {}

    def region(self, code, expected):
        """The region's deadline index (made on first write), with ids for ``expected`` new dossiers."""
        index = self.indexes.get(code)
        if index is None:
            index = self.indexes[code] = deadlines.region_index(self.site, code, create=True)
            self.uids[code] = iter(deadlines.new_uids(index, expected))
            self.pending[code] = []
        return index

    def offset(self, region, planned):
        """The offset from D of a new dossier's first deadline, computed once per region and school year."""
        key = (region, school_year_of(planned))
        if key not in self.offsets:
            self.offsets[key] = deadlines.offset_of(self.host, region, planned, NEW_STEP)
        return self.offsets[key]

    def flush(self):
        """Put the batch's new dossiers in their regions' deadline indexes."""
        for code, entries in self.pending.items():
            if entries:
                self.indexes[code].add_new(NEW_STEP, entries)
                entries.clear()


def _apply_school(writer, report, school, region, group, actor):
    """Write one school's teachers (a ``Group``): each of its years is written once."""
    index = writer.indexes[region]
    uids, pending = writer.uids[region], writer.pending[region]
    by_year = {}
    for uid, row in group.rows(writer.dates):
        by_year.setdefault(school_year_of(row[4]), []).append((uid, row))
    school_path = path_of(school)
    for school_year, entries in by_year.items():
        name = year_name(school_year)
        year = school.get(name)
        fresh = year is None
        if fresh:
            year = AttestationYear(school_year)
        prefix = f"{school_path}/{name}/"
        roles, first, updated, new = frozenset(), None, False, []
        for key_uid, (_, full_name, post, category, day) in entries:
            key = dossier_name(key_uid)
            dossier = None if fresh else year.get(key)
            if dossier is None:
                offset = writer.offset(region, day)
                dossier = TeacherDossier(next(uids), full_name, post, category, day)
                due = day + offset if offset is not None else None
                if due is not None:
                    dossier.due = due
                new.append((key, dossier))
                pending.append((dossier.uid, prefix + key, due))
                roles = roles | dossier.awaiting_roles
                first = due if first is None or (due is not None and due < first) else first
                report.added += 1
            elif (dossier.post, dossier.category, dossier.planned) == (post, category, day):
                report.unchanged += 1
            elif dossier.has_done("send_data"):
                report.kept += 1
            else:
                old = dossier.step, dossier.due
                dossier.post, dossier.category, dossier.planned = post, category, day
                dossier.record("plan_changed", actor, f"{day:%d.%m.%Y} (импорт)")
                deadlines.move(writer.host, dossier, *old, region, index, path=prefix + key)
                report.updated += 1
                updated = True
        year.add_dossiers(new)
        if fresh:
            # NB: the year is filled before it is placed: indexed once, with whom it awaits and by when.
            year.awaiting_roles, year.due = roles, first
            school.add(name, year)
        elif updated:
            refresh_year(year)
        elif roles:
            due = min(d for d in (year.due, first) if d is not None) if (year.due or first) else None
            if (year.awaiting_roles, year.due) != (year.awaiting_roles | roles, due):
                year.awaiting_roles, year.due = year.awaiting_roles | roles, due
                reindex(year, ("awaiting", "due"))


def apply(host, site, plan, actor, progress=None, commit=None):
    """Write (and use up) a ``Plan`` that ``check`` made; returns an ImportReport.

    Schools are taken region by region (not in the file's order), so a
    shuffled file costs what a sorted one does. ``progress(n)`` is told of
    the lines done; ``commit()`` is called after a school when BATCH lines
    have been written since the last one, and at the end (when given).
    """
    report = ImportReport()
    writer = _Writer(host, site)
    schools = plan.schools
    regions = {code: schools[code].__parent__.__parent__.code for code in plan.groups}
    sizes = {}
    for code, group in plan.groups.items():
        sizes[regions[code]] = sizes.get(regions[code], 0) + len(group)
    done = 0
    for code in sorted(plan.groups, key=lambda code: (regions[code], code)):
        # NB: the plan is used up as it is written, so the lines it holds make room for the dossiers.
        school, group, region = schools[code], plan.groups.pop(code), regions[code]
        writer.region(region, sizes[region])
        _apply_school(writer, report, school, region, group, actor)
        if progress is not None:
            progress(len(group))
        done += len(group)
        if commit is not None and done >= BATCH:
            writer.flush()
            commit()
            done = 0
    writer.flush()
    if commit is not None:
        commit()
    return report


def import_teachers(host, site, data, filename, actor, today=None, progress=None, commit=None):
    """Check, then apply a teachers' file; raises ImportFailed (nothing changed) on a bad one."""
    return apply(host, site, check(site, table_rows(data, filename), today), actor, progress, commit)


def import_into_school(host, school, data, filename, actor, today=None):
    """A school's own teachers, uploaded through its page: only its lines, at most ``WEB_MAX_ROWS``.

    ``data`` is untrusted: it is read as an upload (``core.docinspect.tables.uploaded_table``:
    the upload inspector within ``host.upload_limits`` first). Raises InspectionRefused
    or ImportFailed (nothing changed) on a refused or bad file, a line of another school
    among its lines; ``StepRefused`` when ``actor`` is not the school's officer or head.
    """
    IMPORT_TEACHERS.require(school, actor)
    lines = uploaded_table(data, filename, host.upload_limits, max_rows=WEB_MAX_ROWS, too_many=TOO_MANY)
    site = find_root(school)
    return apply(host, site, check(site, lines, today, only=school), actor)
