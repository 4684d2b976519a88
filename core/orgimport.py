"""Loading regions, municipalities and schools from CSV or XLSX.

The whole file is read and checked first; only a file without a single
problem is applied, in one transaction, so a bad file changes nothing.
Re-importing updates titles and types in place, and moves a school whose
municipality changed, so nothing is ever duplicated.
"""
import collections
import csv
import dataclasses
import re

from core.catalog import reindex
from core.docinspect.tables import TableRefused, table_rows
from core.resources import SCHOOL_TYPES, Municipality, Region, School, path_of, traverse_path
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

    def summary(self):
        """One Russian line for the operator."""
        return (f"Регионов добавлено: {self.regions_added}; муниципалитетов добавлено: "
                f"{self.municipalities_added}; школ добавлено: {self.schools_added}, обновлено: "
                f"{self.schools_updated}, перемещено: {self.schools_moved}, без изменений: {self.unchanged}.")


def _header(values):
    names = []
    for value in values:
        key = str(value).strip().lower()
        names.append(RUSSIAN_COLUMNS.get(key, key))
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise ImportFailed([f"Строка 1: нет столбцов: {', '.join(missing)}. "
                            f"Нужны столбцы: {', '.join(COLUMNS)}."])
    return {c: names.index(c) for c in COLUMNS}


def parse(data, filename="orgs.csv"):
    """Every row of the file, checked; raises ImportFailed listing the problems by line."""
    rows, errors = [], []
    seen_schools, regions, municipalities = {}, {}, {}
    lines = table_rows(data, filename)
    header = None
    for line, values in lines:
        if header is None:
            if not any(str(v).strip() for v in values):
                continue
            header = _header(values)
            continue
        if not any(str(v).strip() for v in values):
            continue
        cells = {c: (values[i].strip() if i < len(values) else "") for c, i in header.items()}
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


def school_locations(site):
    """``{school_code: School}`` of every school already stored, found through the catalog."""
    catalog, docmap = site.services["catalog"], site.services["docmap"]
    found = {}
    for docid in catalog["type_name"].eq("school").execute().all(resolve=False):
        school = traverse_path(site, docmap.path_for(docid))
        if school is not None:
            found[school.code] = school
    return found


def apply(site, rows, progress=None, actor=None, via="import-orgs"):
    """Create or update the tree from checked ``rows``; returns an ImportReport.

    ``progress(n)`` is told of each row done. The audit journal gets, as
    ``actor`` (None: the system), an entry per region of what the file
    added there, and one per organisation renamed or moved.
    """
    report = ImportReport()
    existing = school_locations(site)
    added = collections.Counter()

    def journal(action, node, note):
        audit.record(site, actor, action, path_of(node), "", "", via, note=note)
    for row in rows:
        region = site.get(row.region_code)
        if region is None:
            region = site.add(row.region_code, Region(row.region_code, row.region_name))
            report.regions_added += 1
        elif region.title != row.region_name:
            journal("org_renamed", region, f"{region.title} → {row.region_name}")
            region.title = row.region_name
            reindex(region)
        muni = region.get(row.municipality_code)
        if muni is None:
            muni = region.add(row.municipality_code, Municipality(row.municipality_code, row.municipality_name))
            report.municipalities_added += 1
            added[region.__name__, "municipalities"] += 1
        elif muni.title != row.municipality_name:
            journal("org_renamed", muni, f"{muni.title} → {row.municipality_name}")
            muni.title = row.municipality_name
            reindex(muni)
        school = existing.get(row.school_code)
        if school is None:
            muni.add(row.school_code, School(row.school_code, row.school_name, row.school_type))
            report.schools_added += 1
            added[region.__name__, "schools"] += 1
        else:
            changed = (school.title, school.school_type) != (row.school_name, row.school_type)
            if school.title != row.school_name:
                journal("org_renamed", school, f"{school.title} → {row.school_name}")
            school.title, school.school_type = row.school_name, row.school_type
            if school.__parent__ is not muni:
                was = school.__parent__.title
                move(site, school, muni)
                journal("org_moved", school, f"{school.title}: {was} → {muni.title}")
                report.schools_moved += 1
            elif changed:
                reindex(school)
                report.schools_updated += 1
            else:
                report.unchanged += 1
        if progress is not None:
            progress(1)
    for code in sorted({code for code, _ in added}):
        journal("orgs_imported", site[code], f"муниципалитетов добавлено: {added[code, 'municipalities']}, "
                                            f"школ добавлено: {added[code, 'schools']}")
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
