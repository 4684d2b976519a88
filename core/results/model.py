"""What the results base keeps: per region one ``RegionResults``, a compact record per school, the scopes' sums.

Built for 40,000 schools × 5 years × some ten procedures: no object per value.
A school's results are one persistent record holding a dict of tuples of
small integers (a mean score in hundredths, a share in tenths of a per cent:
exact sums, and a file loaded twice compares equal); its passport facts are
another, their versions small compact records. Each municipality and the
region keep the sums of their schools' results (``core.results.sums``), so a
region's page reads its municipalities' records, not its schools'.

NB: the classes are named in stored records: rename or move them only with an
evolve step.
"""
import dataclasses
import datetime

from BTrees.OOBTree import OOBTree
from persistent import Persistent

from core.compact import Compact
from core.resources import find_root, region_code_of

SERVICE = "results"
# The key of the region's own sums among its scopes (the others are its municipalities' names).
REGION_SCOPE = ""
# The imports a region's journal keeps, newest last.
JOURNAL = 200

# A result's value: (participants, mean × 100 or None, then the shares of the four levels × 10 or None).
PARTICIPANTS, MEAN, LOW, BASE, ABOVE, HIGH = range(6)


class SchoolResults(Persistent):
    """One school's results: ``rows`` maps ``(procedure, subject, grade, year)`` to a value tuple (above)."""

    def __init__(self, municipality):
        #: The name of the school's municipality when its results were last loaded (its sums hold them).
        self.municipality = municipality
        self.rows = {}


class ScopeSums(Persistent):
    """The sums of a municipality's (or the region's) results (``core.results.sums``).

    ``sums`` by result key, ``pooled`` by ``(procedure, year)`` over every
    subject and grade, so an indicator of whole procedures reads one entry a year.
    """

    def __init__(self):
        self.sums = {}
        self.pooled = {}
        #: Schools with results in the scope.
        self.schools = 0


@dataclasses.dataclass(frozen=True)
class FactVersion(Compact):
    """One version of a passport fact: the value, who gave it and when, and how (``school`` or ``import``)."""

    value: object
    author: str
    at: datetime.datetime
    via: str
    #: The file an imported value came from.
    note: str = ""


class SchoolFacts(Persistent):
    """One school's passport facts: ``values`` maps ``(field, year)`` to its versions, oldest first."""

    def __init__(self):
        self.values = {}

    def current(self, field, year):
        """The newest version of ``field`` in ``year``, or None."""
        versions = self.values.get((field, year))
        return versions[-1] if versions else None


@dataclasses.dataclass(frozen=True)
class ImportRecord(Compact):
    """One import that changed something: when, who, the file, what it did."""

    at: datetime.datetime
    actor: str
    filename: str
    #: ``results`` or ``facts``.
    kind: str
    added: int
    changed: int
    unchanged: int
    schools: int


class RegionResults(Persistent):
    """A region's results base: its schools' results and facts, its scopes' sums, uploads awaiting a mapping;
    its analysis: the clustering, the lists of schools with low results, the schools' recommendations."""

    # NB: class defaults, so a bank made before the analysis needs no evolve step; made when first written.
    #: ``core.results.clusters.Clustering`` or None.
    clustering = None
    #: ``{year: core.results.low.LowList}`` or None.
    low_lists = None
    #: ``{(school code, year): core.results.recommendations.Recommendation}`` or None.
    recommendations = None

    def __init__(self, code):
        self.code = code
        #: ``{school code: SchoolResults}``
        self.schools = OOBTree()
        #: ``{school code: SchoolFacts}``
        self.facts = OOBTree()
        #: ``{municipality name, or REGION_SCOPE: ScopeSums}``
        self.scopes = OOBTree()
        #: ``{token: PendingUpload}``: a page's upload between its preview and its import.
        self.pending = OOBTree()
        self.imports = ()

    def record(self, entry):
        """Keep ``entry`` (an ``ImportRecord``) in the journal of imports."""
        self.imports = (self.imports + (entry,))[-JOURNAL:]

    def scope(self, name=REGION_SCOPE):
        """The sums of the municipality ``name`` (the region's by default), or None."""
        return self.scopes.get(name)


class PendingUpload(Persistent):
    """An uploaded table kept (as a blob) while its uploader maps its columns."""

    def __init__(self, file, actor, at, kind):
        self.file = file
        self.actor = actor
        self.at = at
        self.kind = kind


def banks(site, create=False):
    """``{region code: RegionResults}`` of the site (None before the first import, unless ``create``)."""
    found = site.services.get(SERVICE)
    if found is None and create:
        found = site.services[SERVICE] = OOBTree()
    return found


def region_bank(site, code, create=False):
    """The results base of region ``code`` (None when it has none and ``create`` is false)."""
    found = banks(site, create)
    if found is None:
        return None
    bank = found.get(code)
    if bank is None and create:
        bank = found[code] = RegionResults(code)
    return bank


def bank_of(node, create=False):
    """The results base of the region ``node`` is in (None above the regions, or before its first import)."""
    code = region_code_of(node)
    return region_bank(find_root(node), code, create) if code else None
