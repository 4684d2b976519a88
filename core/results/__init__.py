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
