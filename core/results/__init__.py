"""The school results base: a school's e-passport, its assessment results over the years, indicators and dynamics.

A school's **e-passport** (``passport``) shows its facts by year: the context
(its type, pupils, classes, the share of pupils with disabilities, the
language, the socio-economic context), its staff (teachers by category and
attestation status, read from ``core.teachers``), the conditions the region
defines, its programmes (500+, attestation) and its results. The fields are
data: the federal list (``defaults``) extended by a region's plugin
(``oko_passport_fields``). The school fills what it owns, each change a new
version with its author (``facts``); the rest is imported (``facts_import``).

**Results** (``importer``) come from the tables people have (ВПР, ОГЭ, ЕГЭ,
a region's own procedures; CSV or XLSX) through the one table reader: the
columns are mapped (Russian headers found by themselves, a preview before
anything is written), every problem is named by its line and column and
refuses the whole file, and a file loaded twice changes nothing. A result is
one school's participants, mean score and shares at four levels for one
procedure, subject, grade and year.

**Storage** (``model``) is compact, for 40,000 schools × years × procedures:
per region one ``RegionResults`` (``site.services["results"]``) holding one
small persistent record of results per school (a dict of tuples of small
integers, no object per value), one of facts per school, and the sums of each
municipality and of the region, recomputed from the schools' records when an
import changes them (``sums``), so a region's page reads some seventy records.

**Indicators** (``indicators``) are data too (``oko_result_indicators``):
a measure of some procedures' results pooled by participants (the share at
the base level or above, at the high level, below the base level, the mean
score), or its gap to the region; each is shown by year with its trend over
the last 3–5 years (``trend``: the least-squares slope, its standard error
and Student's t-test against zero) and an inline SVG chart (``charts``).

**The analysis** reads the same records. ``objectivity`` flags results that
look unreliable by documented rules (ВПР far above the exams, a sharp
one-year rise, no failures where the region has many), each flag with its
evidence, listed by municipality. ``clusters`` groups the region's schools
by their context (k-means of scikit-learn on standardised features, k of
2..8 by the silhouette) and describes each cluster in words; a school's
results are compared with its cluster's. ``low`` proposes the list of
schools with low results by the region's rule (``oko_low_results_rule``);
the operator edits it with reasons and the accepted list enrols its schools
in 500+ (``core.project500.steps.enrol``). ``recommendations`` drafts a
school's addressed recommendation (weak indicators, better schools of its
cluster, measures; the ``school_recommendation`` Word template), which a
methodologist edits and sends and the school's head may take into its
roadmap. ``opendata`` is the open statistics: a region's and its
municipalities' chosen indicators, no school, no person, no flag, served
without a log-in (the routes ``open_statistics``, ``open_statistics_xlsx``,
``api_open_statistics``).
"""
from core.results import definitions
from core.security.transport import add_public_route


def includeme(config):
    """The results base's pages and API (its federal lists answer as the built-in plugin ``core.results.defaults``).

    Every region's fields, procedures and indicators are checked first: a
    region's broken item stops start-up naming it, not a page later.
    """
    definitions.check_all(config.registry.oko)
    # NB: the open statistics are the results base's only pages anyone reaches without a log-in.
    config.add_route("open_statistics", "/open-statistics")
    config.add_route("open_statistics_xlsx", "/open-statistics.xlsx")
    config.add_route("api_open_statistics", "/api/v1/open-statistics")
    for name in ("open_statistics", "open_statistics_xlsx", "api_open_statistics"):
        add_public_route(config, name)
    config.scan("core.results.pages")
    config.scan("core.results.api")
