"""A school's e-passport: its facts by year in sections, with what OKO Case knows of it already.

The sections are the federal list's (``definitions.SECTIONS``): the context,
the staff, the conditions, the programmes; then the results (``indicators``).
Beside the fields, each section shows what no one has to type: the school's
type (the tree), its teachers by the category sought and the attestation's
status, year by year (``core.teachers``, its attestation years), its years
in the 500+ project (``core.project500``).
"""
import dataclasses
import datetime

from core.project500.kinds import participation_name
from core.resources import region_code_of
from core.results import definitions, indicators
from core.results.facts import facts_of, show
from core.results.model import bank_of
from core.teachers.model import CATEGORIES, DECISIONS, AttestationYear, year_name

# The years of facts a passport shows.
SHOWN_YEARS = 5
# The teacher attestation years the staff section counts.
STAFF_YEARS = 3
IN_PROGRESS = "аттестация не завершена"


@dataclasses.dataclass
class FactRow:
    """A field of the passport: its current value each year (shown as text) and its versions."""

    field: dict
    #: ``{year: shown text}``
    values: dict
    #: ``{year: (FactVersion, ...)}``, oldest first, for the years with more than the first version.
    history: dict


@dataclasses.dataclass
class Section:
    """A section of the passport: its fields and the lines OKO Case adds itself (``[(title, text)]``)."""

    code: str
    title: str
    rows: list
    known: list


@dataclasses.dataclass
class StaffYear:
    """A school year's teacher attestation: how many teachers, by the category sought and by status."""

    school_year: int
    total: int
    categories: list
    statuses: list

    @property
    def title(self):
        """«2025/26 учебный год»."""
        return f"{self.school_year}/{(self.school_year + 1) % 100:02d} учебный год"


def staff(school, count=STAFF_YEARS):
    """The school's last ``count`` teacher attestation years (``StaffYear``), newest first."""
    prefix = year_name("")
    names = [n for n in school.keys(start=prefix, limit=50) if n.startswith(prefix)]
    found = []
    for name in sorted(names, reverse=True)[:count]:
        year = school[name]
        if not isinstance(year, AttestationYear):
            continue
        categories, statuses = {}, {}
        dossiers = year.dossiers()
        for d in dossiers:
            categories[d.category] = categories.get(d.category, 0) + 1
            status = DECISIONS.get(d.decision[0], d.decision[0]) if d.decision else IN_PROGRESS
            statuses[status] = statuses.get(status, 0) + 1
        found.append(StaffYear(year.project_year, len(dossiers),
                               [(CATEGORIES.get(c, c), n) for c, n in sorted(categories.items(), key=_category_order)],
                               sorted(statuses.items())))
    return found


def _category_order(item):
    order = list(CATEGORIES)
    return order.index(item[0]) if item[0] in order else len(order)


def project_years(school):
    """The years the school took part in the 500+ project."""
    prefix = participation_name("")
    return sorted(int(n[len(prefix):]) for n in school.keys(start=prefix, limit=50)
                  if n.startswith(prefix) and n[len(prefix):].isdigit())


def _known(section, school, staffed):
    if section == "context":
        return [("Тип школы", school.school_type_title)]
    if section == "staff":
        if not staffed:
            return [("Аттестация педагогов", "в ОКО Кейс не планировалась")]
        lines = []
        for year in staffed:
            categories = ", ".join(f"{title} — {n}" for title, n in year.categories)
            statuses = ", ".join(f"{title} — {n}" for title, n in year.statuses)
            lines.append((f"Аттестация педагогов, {year.title}",
                          f"педагогов: {year.total}; цель аттестации: {categories}; статус: {statuses}"))
        return lines
    if section == "programmes":
        years = project_years(school)
        attested = [f"{y.school_year}/{(y.school_year + 1) % 100:02d}" for y in staffed]
        return [("Проект «500+»", _years(map(str, years), "г.", "гг.") if years else "не участвовала"),
                ("Аттестация педагогов в ОКО Кейс", _years(attested, "уч. г.", "уч. гг.") if attested
                 else "не планировалась")]
    return []


def _years(years, one, many):
    """«2025 г.», «2024, 2025 гг.»."""
    years = list(years)
    return ", ".join(years) + "\u00a0" + (one if len(years) == 1 else many)


def years_of(facts, today=None):
    """The years a passport's facts table shows: the last ``SHOWN_YEARS`` with facts, and this year."""
    this_year = (today or datetime.date.today()).year
    years = {year for _, year in (facts.values if facts is not None else ())} | {this_year}
    return sorted(years)[-SHOWN_YEARS:]


def passport(host, school, today=None):
    """``{"years", "sections", "results", "result_years"}`` of the school's passport."""
    defs = definitions.of(host, region_code_of(school) or "00")
    facts = facts_of(school)
    years = years_of(facts, today)
    staffed = staff(school)
    sections = []
    for code, title in definitions.SECTIONS.items():
        rows = []
        for field in defs.fields_of(code):
            values, history = {}, {}
            for year in years:
                versions = facts.values.get((field["code"], year), ()) if facts is not None else ()
                if versions:
                    values[year] = show(field, versions[-1].value)
                    if len(versions) > 1:
                        history[year] = versions
            rows.append(FactRow(field, values, history))
        sections.append(Section(code, title, rows, _known(code, school, staffed)))
    found = indicators.rows(host, school, bank_of(school))
    return {"years": years, "sections": sections, "results": found,
            "result_years": indicators.shown_years(found), "facts": facts}
