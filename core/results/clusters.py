"""Clusters: the region's schools grouped by their context, so a school is compared with schools like it.

**Method.** Each school is described by its context (``FEATURES``): the
number of pupils (its logarithm: 60 and 120 pupils differ as 500 and 1,000
do), the share of pupils with disabilities, the socio-economic context
(favourable 0, average 1, unfavourable 2), and whether it is rural or small
(its type). A value a school has not given is the region's median. The
features are standardised (scikit-learn's ``StandardScaler``: mean 0,
standard deviation 1, so no one unit outweighs the others) and grouped by
k-means (``KMeans``, ten starts, a fixed seed: the same data gives the same
clusters) for every k from 2 to 8; the k with the highest mean silhouette
(``silhouette_score``: how much nearer a school is to its own cluster than to
the next) is kept. ``METHOD`` says this on the pages.

The results do not form the clusters: grouped by results, weak schools would
form a cluster of their own and each would look ordinary among them. They
describe each cluster instead, and a school's results are compared with its
cluster's (``expectations``: the cluster's median and robust spread): what schools in like circumstances
achieve.
"""
import dataclasses
import datetime
import math
import statistics

from persistent import Persistent

from core.resources import Municipality, School
from core.results import access, charts, definitions, trend
from core.results.indicators import school_series
from core.results.model import REGION_SCOPE

K_RANGE = range(2, 9)
SEED = 0
# The silhouette of a large region is estimated on a sample of its schools (the whole costs n²).
SILHOUETTE_SAMPLE = 3000
SOCIO = {"favourable": 0.0, "average": 1.0, "unfavourable": 2.0}
# (code, Russian title)
FEATURES = [("pupils", "число обучающихся (логарифм)"), ("disabled_share", "доля обучающихся с ОВЗ"),
            ("socio_economic", "социально-экономический контекст"), ("rural", "сельская школа"),
            ("small", "малокомплектная школа")]
# The indicators that describe a cluster's results.
DESCRIBED = ("vpr_base", "oge_base", "ege_mean")

METHOD = ("Школы региона группируются по контексту: число обучающихся (в логарифмической шкале), доля "
          "обучающихся с ОВЗ, социально-экономический контекст, тип школы (сельская, малокомплектная). Пропущенное "
          "значение заменяется медианой по региону. Признаки стандартизуются (среднее 0, стандартное отклонение 1), "
          "школы делятся на k групп методом k-средних (библиотека scikit-learn) для каждого k от 2 до 8; выбирается "
          "k с наибольшим средним коэффициентом силуэта. Результаты не участвуют в группировке — ими описывается "
          "каждый кластер, и с ними сравнивается каждая его школа: так школа сравнивается со школами в похожих "
          "условиях, а не со всем регионом.")


@dataclasses.dataclass(frozen=True)
class Cluster:
    """One cluster: its number (from 1), a short title and its description in Russian words, its size."""

    number: int
    title: str
    description: str
    size: int


class Clustering(Persistent):
    """The region's clustering: when and by whom, the k chosen and every k's silhouette, each school's cluster."""

    def __init__(self, at, actor, k, silhouettes, labels, clusters, year):
        self.at = at
        self.actor = actor
        self.k = k
        #: ``{k: mean silhouette}`` of every k tried.
        self.silhouettes = silhouettes
        #: ``{school code: cluster number}``
        self.labels = labels
        self.clusters = clusters
        #: The latest year of results its description reads.
        self.year = year

    def members(self, number):
        """The codes of the schools of cluster ``number``."""
        return [code for code, n in self.labels.items() if n == number]


def _latest(facts, field):
    if facts is None:
        return None
    years = [year for (f, year) in facts.values if f == field]
    for year in sorted(years, reverse=True):
        current = facts.current(field, year)
        if current is not None and current.value is not None:
            return current.value
    return None


def _number(value):
    try:
        return float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return None


def features_of(school, facts):
    """A school's context as the list of ``FEATURES`` (None where unknown)."""
    pupils = _number(_latest(facts, "pupils"))
    socio = _latest(facts, "socio_economic")
    return [math.log10(max(pupils, 1.0)) if pupils is not None else None,
            _number(_latest(facts, "disabled_share")), SOCIO.get(socio),
            1.0 if school.school_type in ("rural", "small") else 0.0, 1.0 if school.school_type == "small" else 0.0]


def region_schools(region):
    """The region's schools, in the tree's order."""
    return [s for m in region.values() if isinstance(m, Municipality) for s in m.values() if isinstance(s, School)]


def schools_of(region, bank):
    """The region's schools with results, in the tree's order."""
    return [s for s in region_schools(region) if s.code in bank.schools]


def cluster_matrix(rows, k_range=K_RANGE, seed=SEED):
    """``(k, {k: silhouette}, labels)`` of the rows of features (None: unknown) clustered as ``METHOD`` says.

    NB: scikit-learn is imported here, not at the top: it takes a second to import, and only this asks for it.
    Its k-means runs on one thread (``threadpool_limits``): on a server whose cores serve requests too, OpenMP's
    threads waiting on each other made a region of 1,000 schools take 30 s instead of 1 s (``make bench``).
    """
    import numpy
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    # NB: after the imports: the limits reach only the thread pools of libraries already loaded.
    with threadpool_limits(limits=1):
        return _cluster_matrix(numpy, KMeans, silhouette_score, StandardScaler, rows, k_range, seed)


def _cluster_matrix(numpy, KMeans, silhouette_score, StandardScaler, rows, k_range, seed):

    if not rows:
        return 1, {}, []
    data = numpy.array([[numpy.nan if v is None else v for v in row] for row in rows], dtype=float)
    for column in range(data.shape[1]):
        missing = numpy.isnan(data[:, column])
        if missing.any():
            known = data[~missing, column]
            data[missing, column] = numpy.median(known) if known.size else 0.0
    scaled = StandardScaler().fit_transform(data)
    n = len(rows)
    distinct = len({tuple(r) for r in scaled.round(9).tolist()})
    silhouettes, best = {}, None
    for k in k_range:
        if k >= n or k > distinct:
            break
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(scaled)
        score = float(silhouette_score(scaled, labels, sample_size=min(n, SILHOUETTE_SAMPLE), random_state=seed))
        silhouettes[k] = score
        if best is None or score > best[1] + 1e-12:
            best = (k, score, labels)
    if best is None:
        return 1, {}, [0] * n
    return best[0], silhouettes, [int(x) for x in best[2]]


def _share(part, whole):
    return f"{trend.number(100 * part / whole, 0)}\u00a0%" if whole else "—"


def _describe(number, schools, facts, values, region_values, defs):
    size = len(schools)
    types = {t: sum(1 for s in schools if s.school_type == t) for t in ("urban", "rural", "small")}
    main_type = max(types, key=types.get)
    pupils = [p for p in (_number(_latest(facts.get(s.code), "pupils")) for s in schools) if p is not None]
    disabled = [d for d in (_number(_latest(facts.get(s.code), "disabled_share")) for s in schools) if d is not None]
    socio = [_latest(facts.get(s.code), "socio_economic") for s in schools]
    socio_counts = {c: socio.count(c) for c in SOCIO}
    main_socio = max(socio_counts, key=socio_counts.get)
    median_pupils = statistics.median(pupils) if pupils else None
    size_word = ("Малые" if median_pupils is not None and median_pupils < 150 else
                 "Крупные" if median_pupils is not None and median_pupils >= 700 else "Средние")
    type_word = {"urban": "городские", "rural": "сельские", "small": "малокомплектные"}[main_type]
    socio_word = {"favourable": "благоприятным", "average": "средним", "unfavourable": "неблагоприятным"}[main_socio]
    title = f"{size_word} {type_word} школы"
    if socio_counts[main_socio] * 10 >= 6 * size:
        # NB: «со средним», «с благоприятным»: the preposition before two consonants.
        title += f" {'со' if main_socio == 'average' else 'с'} {socio_word} контекстом"
    words = [f"Школ: {size}; городских {_share(types['urban'], size)}, сельских {_share(types['rural'], size)}, "
             f"малокомплектных {_share(types['small'], size)}."]
    if median_pupils is not None:
        words.append(f"В среднем (медиана) {trend.number(median_pupils, 0)} обучающихся.")
    if disabled:
        words.append(f"Доля обучающихся с ОВЗ в среднем {trend.number(statistics.fmean(disabled))}\u00a0%.")
    if any(socio_counts.values()):
        words.append("Социально-экономический контекст: " + ", ".join(
            f"{title_} — {_share(socio_counts[c], size)}" for c, title_ in
            (("favourable", "благоприятный"), ("average", "средний"), ("unfavourable", "неблагоприятный"))) + ".")
    for code in DESCRIBED:
        indicator = defs.indicators.get(code)
        mine = [v for v in (values.get(s.code, {}).get(code) for s in schools) if v is not None]
        if indicator is None or not mine or region_values.get(code) is None:
            continue
        mean, theirs = statistics.fmean(mine), region_values[code]
        word = "выше" if mean > theirs else "ниже" if mean < theirs else "на уровне"
        words.append(f"{indicator.title}: {trend.number(mean)} {indicator.value_unit} — {word} среднего по "
                     f"региону ({trend.number(theirs)} {indicator.value_unit}).")
    return Cluster(number, title, " ".join(words), size)


def latest_values(host, bank, schools, codes):
    """``(year, {school code: {indicator: value in year}})``: the latest year of the region's results."""
    defs = definitions.of(host, bank.code)
    indicators = [defs.indicators[c] for c in codes if c in defs.indicators]
    region = bank.scope(REGION_SCOPE)
    years = sorted({key[1] for key in region.pooled}) if region is not None else []
    year = years[-1] if years else None
    found = {}
    for school in schools:
        record = bank.schools.get(school.code)
        found[school.code] = {i.code: school_series(i, record).get(year) for i in indicators}
    return year, found


def compute(host, region, bank, actor, now=None):
    """Cluster the region's schools (``METHOD``), describe each cluster, keep the ``Clustering`` in ``bank``."""
    access.ANALYSE.require(region, actor)
    schools = schools_of(region, bank)
    facts = {s.code: bank.facts.get(s.code) for s in schools}
    k, silhouettes, labels = cluster_matrix([features_of(s, facts[s.code]) for s in schools])
    # NB: clusters numbered by size, largest first, so the same data gives the same numbers.
    sizes = {label: labels.count(label) for label in set(labels)}
    order = {label: n + 1 for n, label in enumerate(sorted(sizes, key=lambda lab: (-sizes[lab], lab)))}
    numbered = {s.code: order[label] for s, label in zip(schools, labels)}
    year, values = latest_values(host, bank, schools, DESCRIBED)
    defs = definitions.of(host, bank.code)
    region_values = {}
    for code in DESCRIBED:
        known = [v[code] for v in values.values() if v.get(code) is not None]
        region_values[code] = statistics.fmean(known) if known else None
    clusters = tuple(_describe(n, [s for s in schools if numbered[s.code] == n], facts, values, region_values, defs)
                     for n in sorted(set(numbered.values())))
    clustering = Clustering(now or datetime.datetime.now(), actor, k, silhouettes, numbered, clusters, year)
    bank.clustering = clustering
    return clustering


def robust(values):
    """``(median, robust standard deviation)`` of ``values``: 1.4826 × the median absolute deviation, which a
    normal sample's standard deviation equals and one far-off school (the one compared) does not inflate."""
    middle = statistics.median(values)
    return middle, 1.4826 * statistics.median(abs(v - middle) for v in values)


def expectations(host, bank, clustering, codes):
    """``({school: {indicator: {year: value}}}, {cluster: {indicator: {year: (median, robust sd)}}})``: each
    school's values and what its cluster's schools achieve (``robust``), by indicator and year."""
    defs = definitions.of(host, bank.code)
    indicators = [defs.indicators[c] for c in codes if c in defs.indicators]
    values = {code: {i.code: school_series(i, bank.schools.get(code)) for i in indicators}
              for code in clustering.labels}
    expected = {}
    for number in {n for n in clustering.labels.values()}:
        members = clustering.members(number)
        per = {}
        for indicator in indicators:
            by_year = {}
            for code in members:
                for year, value in values[code][indicator.code].items():
                    by_year.setdefault(year, []).append(value)
            per[indicator.code] = {year: robust(v) for year, v in by_year.items()}
        expected[number] = per
    return values, expected


def position_chart(host, bank, clustering, school_code, indicator_code, width=360):
    """An SVG strip of each cluster's schools on one indicator (the latest year), the school's dot marked.

    ``""`` when there is nothing to show. Each row a cluster, each dot a school (its title in a ``<title>``),
    the cluster's mean as a tick; the school's own row first.
    """
    defs = definitions.of(host, bank.code)
    indicator = defs.indicators.get(indicator_code)
    if indicator is None or clustering is None:
        return ""
    year = clustering.year
    values = {code: school_series(indicator, bank.schools.get(code)).get(year) for code in clustering.labels}
    known = [v for v in values.values() if v is not None]
    if not known:
        return ""
    own_cluster = clustering.labels.get(school_code)
    rows = sorted({n for n in clustering.labels.values()}, key=lambda n: (n != own_cluster, n))
    return charts.strips(f"{indicator.title}, {year}", [
        (f"Кластер {n}", [(code, values[code]) for code in clustering.members(n) if values[code] is not None])
        for n in rows], school_code, indicator.value_unit, indicator.measure.endswith("_share"), width)
