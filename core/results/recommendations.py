"""Addressed recommendations: a school's weak indicators, similar schools that do better, measures to take.

Drafted from the analysis (``draft``): the indicators on which the school is
below its cluster's mean in the latest year (``core.results.clusters``), up
to ``SIMILAR`` schools of its cluster that are above it on most of them (none
with a flag of objectivity: no example to follow), its
flags of objectivity (``core.results.objectivity``), its risk profile in the
500+ project when it has one, and the measures the built-in plugin names for
each weak indicator and flag (``core.results.defaults.MEASURES``). A
methodologist edits the measures and the conclusion (each edit a version with
its author) and sends it; once sent it does not change, and the school's head
may add its measures to the school's roadmap (``to_roadmap``), once. The Word document
is the ``school_recommendation`` template (``docs_templates/``). A
municipality's summary is its schools' recommendations side by side
(``summary``).
"""
import dataclasses
import datetime
import re

from BTrees.OOBTree import OOBTree
from persistent import Persistent

from core import docgen, roadmaps
from core.compact import Compact
from core.project500.steps import participation_of
from core.refused import StepRefused
from core.resources import Municipality, School, find_root, region_code_of
from core.results import access, clusters, defaults, definitions, objectivity, trend
from core.results.model import bank_of
from core.roadmaps import derivation
from core.roadmaps.access import require_keep
from core.security.users import users_of
from core.workbooks import workbook_bytes

TEMPLATE = "school_recommendation"
SIMILAR = 3
# The indicators a recommendation compares (those a region lacks are left out).
COMPARED = ("vpr_base", "vpr_high", "oge_base", "oge_high", "ege_mean", "ege_high", "ege_low")
TEXT_MAX = 5000
# «1. » before a measure of the text
MEASURE_NUMBER = re.compile(r"^\s*\d+[.)]\s*")


class RecommendationRefused(StepRefused):
    """A recommendation was not drafted, changed or sent; the message says why, in Russian."""

    ERROR = "recommendation_{code}"
    STATUSES = {**StepRefused.STATUSES, "not_found": 404}


@dataclasses.dataclass(frozen=True)
class Version(Compact):
    """One version of the editable parts: the measures and the conclusion, who wrote them and when."""

    measures: str
    conclusion: str
    author: str
    at: datetime.datetime


class Recommendation(Persistent):
    """A school's recommendation of one year: what the analysis found, the versions of its text, its sending."""

    def __init__(self, code, year, cluster, weak, similar, flags, risks, versions):
        self.code = code
        self.year = year
        self.cluster = cluster
        #: ``((indicator title, value, expected), ...)``, Russian text.
        self.weak = tuple(weak)
        #: ``((school title, municipality title, values), ...)``
        self.similar = tuple(similar)
        self.flags = tuple(flags)
        self.risks = tuple(risks)
        self.versions = tuple(versions)
        self.sent_by = None
        self.sent_at = None

    #: ``(roadmap name, actor, at)`` once its measures are in the school's roadmap.
    roadmap = None

    @property
    def current(self):
        """The newest ``Version``."""
        return self.versions[-1]

    @property
    def sent(self):
        """Whether it has been sent to the school."""
        return self.sent_by is not None


def _store(bank):
    if bank.recommendations is None:
        bank.recommendations = OOBTree()
    return bank.recommendations


def of(school, year):
    """The school's recommendation of ``year``, or None."""
    bank = bank_of(school)
    found = bank.recommendations if bank is not None else None
    return found.get((school.code, year)) if found is not None else None


def _risks(host, school, year):
    p = participation_of(school, year) or participation_of(school, year + 1)
    if p is None or not p.risk_profile:
        return []
    titles = {f["code"]: f["title"] for f in host.risk_factors(region_code_of(school))}
    return [titles.get(code, code) for code, level in sorted(p.risk_profile.items()) if level == "high"]


def analyse(host, school, bank):
    """``(cluster, weak, similar, flags, measures)`` of ``school`` from its region's clustering."""
    clustering = bank.clustering
    if clustering is None or school.code not in clustering.labels:
        raise RecommendationRefused("Школа ещё не отнесена к кластеру: сначала рассчитайте кластеры школ региона.",
                                    "invalid")
    defs = definitions.of(host, bank.code)
    codes = [c for c in COMPARED if c in defs.indicators]
    values, expected = clusters.expectations(host, bank, clustering, codes)
    number, year = clustering.labels[school.code], clustering.year
    cluster = next(c for c in clustering.clusters if c.number == number)
    own = values[school.code]
    weak = []
    for code in codes:
        indicator = defs.indicators[code]
        value, mean_sd = own[code].get(year), expected[number][code].get(year)
        if value is None or mean_sd is None:
            continue
        worse = value > mean_sd[0] if indicator.lower_is_better else value < mean_sd[0]
        if worse:
            weak.append((indicator, value, mean_sd[0]))
    region = find_root(school)[bank.code]
    titles = {s.code: s for s in clusters.region_schools(region)}
    reader = objectivity.reader(host, bank)
    better = []
    for other in clustering.members(number):
        if other == school.code or other not in titles or not weak:
            continue
        # NB: a school whose results are flagged is no example to follow.
        if objectivity.school_flags(reader, titles[other]):
            continue
        wins = 0
        for indicator, value, _ in weak:
            theirs = values[other][indicator.code].get(year)
            if theirs is not None and (theirs < value if indicator.lower_is_better else theirs > value):
                wins += 1
        if wins * 2 > len(weak):
            margin = sum((values[other][i.code].get(year) or 0) - v for i, v, _ in weak if not i.lower_is_better)
            better.append((-wins, -margin, other))
    better.sort()
    similar = []
    for _, _, other in better[:SIMILAR]:
        found = titles[other]
        shown = "; ".join(f"{i.title}: {trend.number(values[other][i.code][year])} {i.value_unit}"
                          for i, _, _ in weak if values[other][i.code].get(year) is not None)
        similar.append((f"{found.title} ({found.code})", found.__parent__.title, shown))
    flags = [f"{f.title}. {f.evidence}" for f in objectivity.of_school(host, school, bank)]
    measures = [m for indicator, _, _ in weak for m in defaults.MEASURES.get(indicator.code, ())]
    if flags:
        measures.extend(defaults.OBJECTIVITY_MEASURES)
    weak_rows = [(i.title, f"{trend.number(v)} {i.value_unit}", f"{trend.number(m)} {i.value_unit}")
                 for i, v, m in weak]
    return cluster, weak_rows, similar, flags, list(dict.fromkeys(measures))


def draft(host, school, actor, now=None):
    """Draft (or draft anew, while not sent) the school's recommendation of its clustering's year."""
    access.EDIT_RECOMMENDATION.require(school, actor)
    bank = bank_of(school)
    if bank is None:
        raise RecommendationRefused("У школы нет результатов: рекомендации составить не из чего.", "invalid")
    cluster, weak, similar, flags, measures = analyse(host, school, bank)
    year = bank.clustering.year
    current = of(school, year)
    if current is not None and current.sent:
        raise RecommendationRefused("Рекомендации уже отправлены школе и не меняются.", "invalid")
    text = "\n".join(f"{n}. {m}" for n, m in enumerate(measures, 1)) or "Показатели школы не ниже ожидаемых для " \
                                                                        "её кластера: меры не требуются."
    version = Version(text, "", actor, now or datetime.datetime.now())
    made = Recommendation(school.code, year, (cluster.number, cluster.title, cluster.description), weak, similar,
                          flags, _risks(host, school, year), [version])
    _store(bank)[(school.code, year)] = made
    return made


def edit(host, school, year, measures, conclusion, actor, now=None):
    """The methodologist's edit of the measures and the conclusion: a new version with its author."""
    access.EDIT_RECOMMENDATION.require(school, actor)
    found = of(school, year)
    if found is None:
        raise RecommendationRefused("Рекомендаций этого года ещё нет: сначала составьте их.", "invalid")
    if found.sent:
        raise RecommendationRefused("Рекомендации уже отправлены школе и не меняются.", "invalid")
    measures, conclusion = (measures or "").strip(), (conclusion or "").strip()
    problems = []
    if not measures:
        problems.append("укажите рекомендуемые меры")
    if len(measures) > TEXT_MAX or len(conclusion) > TEXT_MAX:
        problems.append(f"текст не длиннее {TEXT_MAX} символов")
    if problems:
        raise RecommendationRefused("Рекомендации не сохранены: " + "; ".join(problems) + ".", "invalid", problems)
    if (measures, conclusion) == (found.current.measures, found.current.conclusion):
        return False
    found.versions = found.versions + (Version(measures, conclusion, actor, now or datetime.datetime.now()),)
    return True


def send(host, school, year, actor, now=None):
    """Send the recommendation to the school: it no longer changes."""
    access.SEND_RECOMMENDATION.require(school, actor)
    found = of(school, year)
    if found is None:
        raise RecommendationRefused("Рекомендаций этого года ещё нет: сначала составьте их.", "invalid")
    if found.sent:
        raise RecommendationRefused("Рекомендации уже отправлены.", "invalid")
    found.sent_by, found.sent_at = actor, now or datetime.datetime.now()
    return found


def to_roadmap(host, school, year, roadmap_name, actor, now=None):
    """Add the measures of the school's sent recommendation of ``year`` to its roadmap ``roadmap_name`` as the
    school's own measures (``core.roadmaps.derivation.add_local``), once; the measures added."""
    found = of(school, year)
    if found is None or not found.sent:
        raise RecommendationRefused("Меры переносятся в дорожную карту из рекомендаций, отправленных школе.",
                                    "invalid")
    folder = roadmaps.folder_of(school)
    roadmap = folder.get(roadmap_name) if folder is not None else None
    if not isinstance(roadmap, roadmaps.Roadmap):
        raise RecommendationRefused("У школы нет такой дорожной карты.", "invalid")
    require_keep(roadmap, actor)
    if found.roadmap is not None:
        raise RecommendationRefused("Меры этих рекомендаций уже перенесены в дорожную карту.", "invalid")
    added = []
    for line in found.current.measures.splitlines():
        text = MEASURE_NUMBER.sub("", line).strip()
        if text:
            added.append(derivation.add_local(roadmap, text, result=f"Адресные рекомендации по результатам {year} "
                                              "года", now=now))
    found.roadmap = (roadmap.__name__, actor, now or datetime.datetime.now())
    return added


def document(host, school, found):
    """The recommendation as a Word document (``docgen.Generated``: ``.data`` the .docx bytes)."""
    region = school.__parent__.__parent__
    template = docgen.templates_for(host, region.code)[TEMPLATE]
    author = users_of(find_root(school)).get(found.current.author)
    return template.render({
        "school_name": f"{school.title} ({school.code})", "municipality_name": school.__parent__.title,
        "year": str(found.year), "cluster": f"{found.cluster[0]}. {found.cluster[1]}",
        "cluster_description": found.cluster[2],
        "weak": [{"indicator": t, "value": v, "expected": e} for t, v, e in found.weak] or [
            {"indicator": "Все показатели не ниже ожидаемых для кластера", "value": "—", "expected": "—"}],
        "similar": [{"school": s, "municipality": m, "values": v} for s, m, v in found.similar],
        "flags": "\n".join(found.flags), "measures": found.current.measures,
        "conclusion": found.current.conclusion, "author_post": "Методист",
        "author_name": author.title if author is not None else found.current.author})


def summary_workbook(host, municipality, year):
    """The municipality's summary as an .xlsx: a row a school, its cluster, weak indicators, state, measures sent."""
    # NB: here, not at the top: openpyxl (and numpy, which it imports) would add a third of a second to every
    # worker's start for the few who ask for this book.
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Рекомендации"
    sheet.append(["Школа", "Код", "Кластер", "Показатели ниже медианы по кластеру", "Состояние", "Меры"])
    for school, found in summary(host, municipality, year):
        if found is None:
            sheet.append([school.title, school.code, None, None, "не составлены", None])
            continue
        sheet.append([school.title, school.code, f"{found.cluster[0]}. {found.cluster[1]}",
                      "; ".join(f"{t}: {v} (медиана {e})" for t, v, e in found.weak) or "нет",
                      "отправлены" if found.sent else "черновик", found.current.measures if found.sent else None])
    return workbook_bytes(book)


def summary(host, municipality, year):
    """The municipality's summary: ``[(school, Recommendation or None)]`` for each of its schools."""
    if not isinstance(municipality, Municipality):
        return []
    return [(s, of(s, year)) for s in municipality.values() if isinstance(s, School)]
