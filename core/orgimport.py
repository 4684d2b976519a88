"""Loading regions, municipalities and schools from CSV or XLSX.

The whole file is read and checked first; only a file without a single
problem is applied, in one transaction, so a bad file changes nothing.
Re-importing updates titles and types in place, and moves a school whose
municipality changed, so nothing is ever duplicated. A closed school is
never brought back by a file: a line naming one is refused (``against``,
which also keeps a region's own file inside that region). The command
(``oko import-orgs``) and the regional operator's page (``core.orgs``) read,
check and apply a file with the same functions; what an import changed is
in the audit journal.
"""
import csv
import dataclasses
import re

from core.catalog import reindex
from core.docinspect.tables import TableRefused, table_rows
from core.resources import CLOSED_SCHOOL, SCHOOL_TYPES, Municipality, Region, School, path_of, traverse_path
from core.security import audit
from core.security.roles import rebase_grants

COLUMNS = ("region_code", "region_name", "municipality_code", "municipality_name",
           "school_code", "school_name", "school_type")
# Headers an operator may write in Russian instead.
RUSSIAN_COLUMNS = {
    "код региона": "region_code", "регион": "region_name",
    "код муниципалитета": "municipality_code", "муниципалитет": "municipality_name",
    "код оо": "school_code", "код школы": "school_code", "школа": "school_name", "название оо": "school_name",
    "тип оо": "school_type", "тип школы": "school_type",
}
TYPE_ALIASES = {**{k: k for k in SCHOOL_TYPES}, **{v: k for k, v in SCHOOL_TYPES.items()}}
CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$")
REGION_CODE = re.compile(r"^[0-9]{2,3}$")
MAX_ERRORS = 50
# What an import's report lists of its changes, at most (the counts are always whole).
CHANGES_LISTED = 500


# NB: the refusal of a file whose rows are not accepted is the table reader's: the importers and their
# callers know it by this name.
ImportFailed = TableRefused


@dataclasses.dataclass
class Row:
    """One checked line of the file."""

    line: int
    region_code: str
    region_name: str
    municipality_code: str
    municipality_name: str
    school_code: str
    school_name: str
    school_type: str


@dataclasses.dataclass
class ImportReport:
    """What an import did."""

    regions_added: int = 0
    municipalities_added: int = 0
    schools_added: int = 0
    schools_updated: int = 0
    schools_moved: int = 0
    unchanged: int = 0
    municipalities_renamed: int = 0
    # Russian lines, one per change other than a school added: moves and renames (``CHANGES_LISTED`` at most).
    changes: list = dataclasses.field(default_factory=list)

    def note(self, text):
        """Keep one Russian line of what changed."""
        if len(self.changes) < CHANGES_LISTED:
            self.changes.append(text)

    @property
    def changed(self):
        """Whether the import changes anything at all."""
        return bool(self.regions_added or self.municipalities_added or self.schools_added or self.schools_updated
                    or self.schools_moved or self.municipalities_renamed)

    def summary(self):
        """One Russian line for the operator."""
        return (f"Регионов добавлено: {self.regions_added}; муниципалитетов добавлено: "
                f"{self.municipalities_added}, переименовано: {self.municipalities_renamed}; "
                f"школ добавлено: {self.schools_added}, обновлено: {self.schools_updated}, "
                f"перемещено: {self.schools_moved}, без изменений: {self.unchanged}.")


def _header(values, optional=()):
    names = []
    for value in values:
        key = str(value).strip().lower()
        names.append(RUSSIAN_COLUMNS.get(key, key))
    missing = [c for c in COLUMNS if c not in names and c not in optional]
    if missing:
        needed = [c for c in COLUMNS if c not in optional]
        raise ImportFailed([f"Строка 1: нет столбцов: {', '.join(missing)}. "
                            f"Нужны столбцы: {', '.join(needed)}."])
    return {c: names.index(c) for c in COLUMNS if c in names}


def parse(data, filename="orgs.csv", region=None):
    """Every row of the file, checked; raises ImportFailed listing the problems by line.

    ``region`` (a Region): the file is that region's own; its columns of the
    region may be left out, and a line of another region is refused.
    """
    rows, errors = [], []
    seen_schools, regions, municipalities = {}, {}, {}
    lines = table_rows(data, filename)
    header = None
    own = {"region_code": region.code, "region_name": region.title} if region is not None else {}
    for line, values in lines:
        if header is None:
            if not any(str(v).strip() for v in values):
                continue
            header = _header(values, optional=tuple(own))
            continue
        if not any(str(v).strip() for v in values):
            continue
        cells = {c: (values[i].strip() if i < len(values) else "") for c, i in header.items()}
        if region is not None:
            if cells.get("region_code", region.code) != region.code:
                errors.append(f"Строка {line}: школа другого региона (код {cells['region_code']}), "
                              f"а загружаются организации региона «{region.title}» (код {region.code}).")
                continue
            # NB: a region's own file never renames the region.
            cells.update(own)
        problems = [f"пустое поле {c}" for c in COLUMNS if not cells[c]]
        kind = TYPE_ALIASES.get(cells["school_type"].lower())
        if cells["school_type"] and kind is None:
            problems.append(f"неизвестный тип школы «{cells['school_type']}» "
                            f"(допустимы: {', '.join(SCHOOL_TYPES)} или {', '.join(SCHOOL_TYPES.values())})")
        if cells["region_code"] and not REGION_CODE.match(cells["region_code"]):
            problems.append(f"код региона «{cells['region_code']}» должен состоять из 2–3 цифр")
        for c in ("municipality_code", "school_code"):
            if cells[c] and not CODE.match(cells[c]):
                problems.append(f"недопустимый код «{cells[c]}» в поле {c} (латиница, цифры, - _ .)")
        school = cells["school_code"]
        if school in seen_schools:
            problems.append(f"код школы «{school}» повторяется (уже в строке {seen_schools[school]})")
        region_key, muni_key = cells["region_code"], (cells["region_code"], cells["municipality_code"])
        if regions.setdefault(region_key, cells["region_name"]) != cells["region_name"]:
            problems.append(f"у региона {region_key} разные названия: «{regions[region_key]}» и «{cells['region_name']}»")
        if municipalities.setdefault(muni_key, cells["municipality_name"]) != cells["municipality_name"]:
            problems.append(f"у муниципалитета {muni_key[1]} разные названия")
        if problems:
            errors.append(f"Строка {line}: " + "; ".join(problems) + ".")
            if len(errors) >= MAX_ERRORS:
                errors.append("Дальше файл не проверялся: слишком много ошибок.")
                break
            continue
        seen_schools[school] = line
        rows.append(Row(line, cells["region_code"], cells["region_name"], cells["municipality_code"],
                        cells["municipality_name"], school, cells["school_name"], kind))
    if header is None:
        errors.append("Строка 1: файл пуст.")
    if errors:
        raise ImportFailed(errors)
    return rows


def school_locations(site, closed=False):
    """``{school_code: School}`` of every open school already stored (``closed``: and the closed ones),
    found through the catalog."""
    catalog, docmap = site.services["catalog"], site.services["docmap"]
    found = {}
    kinds = ["school", CLOSED_SCHOOL] if closed else ["school"]
    for docid in catalog["type_name"].any(kinds).execute().all(resolve=False):
        school = traverse_path(site, docmap.path_for(docid))
        if school is not None:
            found[school.code] = school
    return found


def against(site, rows, existing=None):
    """The problems (Russian, by line) of checked ``rows`` against the stored tree: a closed school named,
    a municipality's code taken by another kind of organisation. Nothing is written."""
    existing = existing if existing is not None else school_locations(site, closed=True)
    errors = []
    for row in rows:
        school = existing.get(row.school_code)
        if school is not None and not school.is_open:
            errors.append(f"Строка {row.line}: школа {row.school_code} «{school.title}» закрыта "
                          f"{school.closed_on:%d.%m.%Y}; закрытая школа из файла не загружается.")
        region = site.get(row.region_code)
        other = region.get(row.municipality_code) if region is not None else None
        if other is not None and not isinstance(other, Municipality):
            errors.append(f"Строка {row.line}: код {row.municipality_code} в регионе уже занят: "
                          f"«{other.title}» — не муниципалитет.")
        moving = school is not None and isinstance(other, Municipality) and school.__parent__ is not other
        if moving and other.get(school.__name__) is not None:
            errors.append(f"Строка {row.line}: школу {row.school_code} не перенести в «{other.title}»: "
                          f"имя {school.__name__} там уже занято («{other[school.__name__].title}»).")
        taken = other.get(row.school_code) if isinstance(other, Municipality) and school is None else None
        if taken is not None and (not isinstance(taken, School) or taken.code != row.school_code):
            errors.append(f"Строка {row.line}: имя {row.school_code} в муниципалитете уже занято: "
                          f"«{taken.title}».")
        if len(errors) >= MAX_ERRORS:
            errors.append("Дальше файл не проверялся: слишком много ошибок.")
            break
    return errors


def apply(site, rows, progress=None, actor=None, where=None, now=None):
    """Create or update the tree from checked ``rows``; returns an ImportReport.

    ``progress(n)`` is told of each row done. The refusals of ``against``
    are raised before anything is written. What changed goes to the audit
    journal: one entry for the import at ``where`` (a node; the federal
    level when None), one for each school moved or renamed and each
    region or municipality renamed, by ``actor`` (the system when None).
    """
    existing = school_locations(site, closed=True)
    errors = against(site, rows, existing)
    if errors:
        raise ImportFailed(errors)
    report = ImportReport()
    journal = []
    for row in rows:
        region = site.get(row.region_code)
        if region is None:
            region = site.add(row.region_code, Region(row.region_code, row.region_name))
            report.regions_added += 1
        elif region.title != row.region_name:
            journal.append(("region_renamed", path_of(region),
                            f"регион {region.code}: «{region.title}» → «{row.region_name}»"))
            region.title = row.region_name
            reindex(region)
        muni = region.get(row.municipality_code)
        if muni is None:
            muni = region.add(row.municipality_code, Municipality(row.municipality_code, row.municipality_name))
            report.municipalities_added += 1
        elif muni.title != row.municipality_name:
            text = f"муниципалитет {muni.code}: «{muni.title}» → «{row.municipality_name}»"
            report.note(f"Строка {row.line}: {text}.")
            journal.append(("municipality_renamed", path_of(muni), text))
            report.municipalities_renamed += 1
            muni.title = row.municipality_name
            reindex(muni)
        school = existing.get(row.school_code)
        if school is None:
            existing[row.school_code] = muni.add(
                row.school_code, School(row.school_code, row.school_name, row.school_type))
            report.schools_added += 1
        else:
            renamed = school.title != row.school_name
            changed = renamed or school.school_type != row.school_type
            if renamed:
                text = f"школа {school.code}: «{school.title}» → «{row.school_name}»"
                report.note(f"Строка {row.line}: {text}.")
                journal.append(("school_renamed", path_of(school), text))
            school.title, school.school_type = row.school_name, row.school_type
            if school.__parent__ is not muni:
                text = f"школа {school.code} «{school.title}»: из «{school.__parent__.title}» в «{muni.title}»"
                report.note(f"Строка {row.line}: {text}.")
                move(site, school, muni)
                journal.append(("school_moved", path_of(school), text))
                report.schools_moved += 1
            elif changed:
                reindex(school)
                report.schools_updated += 1
            else:
                report.unchanged += 1
        if progress is not None:
            progress(1)
    if report.changed:
        at = path_of(where) if where is not None else "/"
        audit.record(site, actor, "orgs_imported", at, "", "", now=now, note=report.summary())
        for action, path, text in journal:
            audit.record(site, actor, action, path, "", "", now=now, note=text)
    return report


def move(site, obj, new_parent):
    """Move ``obj`` (with everything in it) under ``new_parent``; roles granted in it follow."""
    old_path = path_of(obj)
    obj.__parent__.remove(obj.__name__)
    new_parent.add(obj.__name__, obj)
    rebase_grants(site.services["users"], obj, old_path)


def write_rows(path, rows):
    """Write org rows (tuples in ``COLUMNS`` order) as a UTF-8 CSV file."""
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
