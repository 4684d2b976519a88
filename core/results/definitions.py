"""A region's passport fields, assessment procedures, subjects and indicators, read from the hooks and checked.

The hooks answer plain dicts (``core.plugin_types``); here they become small
frozen records with lookup tables (a procedure or a subject by code, title or
alias, as a table names it), built once per region and plugin set
(``Host.cached``). A region's item that cannot work (an unknown measure, a
procedure without four levels, an indicator of an unknown procedure) is a
``PluginError`` naming the region and the item, raised at start-up by
``check_all``.
"""
import dataclasses

from core.plugins import PluginError
from core.results.defaults import SUBJECTS

# The four levels of a result, lowest first (a procedure titles them: ВПР «2»…«5»).
LEVELS = ("low", "base", "above", "high")
SECTIONS = {"context": "Контекст", "staff": "Кадры", "conditions": "Условия",
            "programmes": "Участие в программах"}
KINDS = ("integer", "number", "share", "text", "choice", "flag")
FILLED_BY = {"school": "заполняет школа", "import": "загружается из таблиц"}
# measure: (the unit after a value, after a change or a gap, in a heading), Russian. NB: «балла» after a value
# with a decimal («63,6 балла»), as the pages show every score; no unit in a heading of scores («Средний балл ЕГЭ»).
_POINTS = "п.\u00a0п."
MEASURES = {"base_share": ("%", _POINTS, "%"), "high_share": ("%", _POINTS, "%"), "low_share": ("%", _POINTS, "%"),
            "mean_score": ("балла", "балла", ""), "participants": ("чел.", "чел.", "чел.")}


def normal(name):
    """A name as tables are compared: case folded, «ё» as «е», quotes dropped, single spaces."""
    name = str(name).replace("ё", "е").replace("Ё", "Е").casefold()
    for quote in "«»\"'“”":
        name = name.replace(quote, "")
    return " ".join(name.split())


@dataclasses.dataclass(frozen=True)
class Procedure:
    """An assessment procedure: its grades, its four levels' titles, the most a mean score can be."""

    code: str
    title: str
    grades: frozenset
    levels: tuple
    score_max: float | None


@dataclasses.dataclass(frozen=True)
class Indicator:
    """An indicator of results (``ResultIndicator``): a measure of procedures' results, or its gap to the region."""

    code: str
    title: str
    measure: str
    procedures: tuple
    subjects: frozenset | None
    grades: frozenset | None
    versus_region: bool
    lower_is_better: bool

    @property
    def pooled(self):
        """Whether it takes every subject and grade of its procedures (the sums pooled beforehand answer it)."""
        return self.subjects is None and self.grades is None

    @property
    def unit(self):
        """Its unit in a heading: «%», «п. п.» (a gap of shares), «чел.», none for scores."""
        _, change, heading = MEASURES[self.measure]
        return (change if heading else "") if self.versus_region else heading

    @property
    def value_unit(self):
        """Its unit after a value: «%», «п. п.» (a gap of shares), «балла», «чел.»."""
        value, change, _ = MEASURES[self.measure]
        return change if self.versus_region else value

    @property
    def change_unit(self):
        """The unit of its change a year: «п. п.», «балла», «чел.»."""
        return MEASURES[self.measure][1]

    @property
    def heading(self):
        """Its title with its heading's unit: «Доля участников ВПР…, %», «Средний балл ЕГЭ»."""
        return f"{self.title}, {self.unit}" if self.unit else self.title

    def takes(self, key):
        """Whether a result of ``key`` (procedure, subject, grade, year) counts in this indicator."""
        procedure, subject, grade, _ = key
        return (procedure in self.procedures and (self.subjects is None or subject in self.subjects)
                and (self.grades is None or grade in self.grades))


class Definitions:
    """What a region's plugins say of the passport and of results, with the tables that name things."""

    def __init__(self, region, fields, procedures, indicators):
        self.region = region
        self.fields = {}
        for item in fields:
            self.fields[item["code"]] = _field(region, item)
        self.procedures, self.subjects = {}, {code: title for code, title, _ in SUBJECTS}
        self._procedure_names, self._subject_names = {}, {}
        for code, title, aliases in SUBJECTS:
            self._name_subject(code, title, aliases)
        for item in procedures:
            procedure = _procedure(region, item)
            self.procedures[procedure.code] = procedure
            for name in (procedure.code, procedure.title, *item.get("aliases", ())):
                self._procedure_names[normal(name)] = procedure.code
            for subject in item.get("subjects", ()):
                self.subjects[subject["code"]] = subject["title"]
                self._name_subject(subject["code"], subject["title"], subject.get("aliases", ()))
        self.indicators = {}
        for item in indicators:
            indicator = _indicator(region, item, self.procedures)
            self.indicators[indicator.code] = indicator

    def _name_subject(self, code, title, aliases):
        for name in (code, title, *aliases):
            self._subject_names[normal(name)] = code

    def procedure(self, name):
        """The procedure a table names (by code, title or alias), or None."""
        code = self._procedure_names.get(normal(name))
        return self.procedures.get(code) if code else None

    def subject(self, name):
        """The code of the subject a table names (by code, title or alias), or None."""
        return self._subject_names.get(normal(name))

    def fields_of(self, section):
        """The passport's fields of ``section``, in the hooks' order."""
        return [f for f in self.fields.values() if f["section"] == section]


def _field(region, item):
    code = item.get("code", "?")
    problems = []
    if item.get("section") not in SECTIONS:
        problems.append(f"раздел «{item.get('section')}» (допустимы: {', '.join(SECTIONS)})")
    if item.get("kind") not in KINDS:
        problems.append(f"тип «{item.get('kind')}» (допустимы: {', '.join(KINDS)})")
    if item.get("filled_by") not in FILLED_BY:
        problems.append(f"filled_by «{item.get('filled_by')}» (допустимы: school, import)")
    if item.get("kind") == "choice" and not item.get("choices"):
        problems.append("нет вариантов (choices)")
    if not item.get("title") or not item.get("source"):
        problems.append("нет названия или источника")
    if problems:
        raise PluginError(f"Регион {region}: поле паспорта «{code}»: " + "; ".join(problems) + ".")
    return item


def _procedure(region, item):
    code = item.get("code", "?")
    levels = tuple(item.get("levels") or ())
    grades = item.get("grades") or ()
    if len(levels) != len(LEVELS) or not grades or not all(isinstance(g, int) for g in grades):
        raise PluginError(f"Регион {region}: процедура «{code}»: нужны четыре уровня (levels, от низшего к высшему) "
                          f"и список классов (grades).")
    score_max = item.get("score_max")
    return Procedure(code, item["title"], frozenset(grades), levels,
                     float(score_max) if score_max is not None else None)


def _indicator(region, item, procedures):
    code = item.get("code", "?")
    unknown = [p for p in item.get("procedures") or () if p not in procedures]
    if item.get("measure") not in MEASURES or not item.get("procedures") or unknown:
        raise PluginError(f"Регион {region}: показатель «{code}»: нужны мера (measure: {', '.join(MEASURES)}) "
                          f"и известные процедуры (procedures)" + (f"; неизвестны: {', '.join(unknown)}" if unknown
                                                                 else "") + ".")
    subjects, grades = item.get("subjects"), item.get("grades")
    return Indicator(code, item["title"], item["measure"], tuple(item["procedures"]),
                     frozenset(subjects) if subjects else None, frozenset(grades) if grades else None,
                     item.get("versus") == "region", item.get("better") == "lower")


def of(host, region):
    """The region's ``Definitions``, built once per plugin set."""
    return host.cached(("results.definitions", region), lambda: Definitions(
        region, host.items("oko_passport_fields", region), host.items("oko_assessment_procedures", region),
        host.items("oko_result_indicators", region)))


def check_all(host):
    """Build the definitions of the federal answers and of every region a plugin names: a broken item stops here."""
    regions = {region for row in host.listing() for region in row["regions"]} - {"*"}
    # NB: "00", a region no plugin names: the federal answers alone.
    for region in sorted(regions | {"00"}):
        of(host, region)
