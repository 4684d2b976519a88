"""Normative acts as stored: the register of an authority, its acts and their versions.

An authority (region, municipality or school) keeps its acts in a child
folder ``acts``, an ``ActRegister``, so an act's path names its authority
(``/66/acts/act-…``) and the catalog indexes it like any case object. The
register also holds the numbering counters and the template snapshots its
acts were generated from.
"""
import datetime
import io

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from ZODB.POSException import ConflictError

from core.conflicts import hold_until_end, last_committed_state
from core.docgen import ACT_TYPES
from core.resources import File, Folder

REGISTER_NAME = "acts"


class RegisterCounter(Persistent):
    """The last number given in one year of one register.

    Numbers never repeat and never skip. The approvals of one process take
    turns from taking a number to their commit (``hold_until_end``), and a
    number follows the value last committed by anyone, not the one the
    transaction began with; ``_p_resolveConflict`` then lets a commit
    through only when its number follows the committed one. Two processes
    that take a number at once still conflict: the loser is retried whole
    and reads the new number.
    """

    def __init__(self):
        self.value = 0

    def take(self):
        """The next number (and it is taken)."""
        hold_until_end(self)
        committed = last_committed_state(self)
        latest = committed.get("value", 0) if committed else 0
        self.value = max(self.value, latest) + 1
        return self.value

    def _p_resolveConflict(self, old, committed, new):
        """``new`` when its number is the one after ``committed``'s; else the conflict stands."""
        if new.get("value") == committed.get("value", 0) + 1:
            return new
        raise ConflictError("two approvals took the same number of a register")


class ActRegister(Folder):
    """The acts of one authority, their numbering and their template snapshots."""

    type_name = "acts"
    type_title = "Акты"
    # NB: its acts are catalogued, the register itself is not: the «Акты» page
    # lists them, and a region's listing shows only its municipalities.
    catalogued = False

    def __init__(self):
        super().__init__("Акты")
        self.counters = OOBTree()
        self.snapshots = OOBTree()

    @property
    def authority(self):
        """The region, municipality or school whose register this is."""
        return self.__parent__

    def take_number(self, year):
        """The next number of ``year`` in this register (see ``RegisterCounter``)."""
        counter = self.counters.get(year)
        if counter is None:
            counter = self.counters[year] = RegisterCounter()
        return counter.take()

    def last_number(self, year):
        """The last number given in ``year`` (0 when none)."""
        counter = self.counters.get(year)
        return counter.value if counter is not None else 0

    def snapshot(self, template):
        """The stored copy of ``template``'s .docx (one per content, shared by the acts)."""
        snap = self.snapshots.get(template.sha256)
        if snap is None:
            snap = File(io.BytesIO(template.data), f"{template.name}.docx")
            self.snapshots[template.sha256] = snap
        return snap


class ActVersion(Persistent):
    """One generated version of an act: the values it was made from and the .docx.

    Versions never change once made; editing an act adds a version.
    ``file.text`` keeps the document's text (kept on the File, its own
    record, so listings of acts never load it).
    """

    def __init__(self, act, number, variables, file, template, snapshot, creator, note="", now=None):
        self.__parent__ = act
        self.__name__ = str(number)
        self.number = number
        self.variables = variables
        self.file = file
        self.template_name = template.name
        self.template_title = template.title
        self.template_sha256 = template.sha256
        self.template_schema = template.schema.as_data()
        self.template_file = snapshot
        self.creator = creator
        self.created = now or datetime.datetime.now(datetime.timezone.utc)
        self.note = note
        self.act_number = act.number
        self.act_date = act.date

    @property
    def text(self):
        """The text of this version's document."""
        return getattr(self.file, "text", "") or ""

    # -- what the search catalog reads -----------------------------------

    search_type = "act"

    def search_text(self):
        """The text of this version's document."""
        return self.text

    @property
    def title(self):
        """The act's title."""
        return self.__parent__.title

    @property
    def search_kind(self):
        """The act type code of the act (e.g. "order")."""
        return self.__parent__.act_type

    @property
    def search_status(self):
        """The state of the act."""
        return self.__parent__.workflow_state

    @property
    def search_date(self):
        """The act's date as this version states it (None before approval)."""
        return self.act_date


class Act(Persistent):
    """A normative act (order, regulation, protocol, report) of an authority.

    Driven by the ``act_<level>`` workflow, which alone writes
    ``workflow_state`` and ``history``. ``number`` and ``date`` are given at
    approval from the register; ``versions`` are the generated documents,
    oldest first; ``cases`` are paths of the case objects the act was built
    from; ``repeals``/``repealed_by`` link repealing and repealed acts.
    """

    type_name = "act"
    type_title = "Акт"

    def __init__(self, title, act_type, template_name, workflow_name, creator, now=None):
        self.title = title
        self.act_type = act_type
        self.template_name = template_name
        self.workflow_name = workflow_name
        self.workflow_state = None
        self.history = ()
        self.creator = creator
        self.created = now or datetime.datetime.now(datetime.timezone.utc)
        self.due = None
        self.number = None
        self.date = None
        self.signatory = ""
        self.versions = ()
        self.cases = ()
        self.repeals = ()
        self.repealed_by = None
        self.__name__ = None
        self.__parent__ = None

    @property
    def act_type_title(self):
        """The Russian name of the kind of act."""
        return ACT_TYPES.get(self.act_type, self.act_type)

    @property
    def current(self):
        """The latest version (None before the first)."""
        return self.versions[-1] if self.versions else None

    @property
    def file(self):
        """The latest version's .docx."""
        current = self.current
        return current.file if current is not None else None

    def version(self, number):
        """The version ``number`` (1-based), or None."""
        if isinstance(number, int) and 1 <= number <= len(self.versions):
            return self.versions[number - 1]
        return None

    @property
    def register(self):
        """The register the act is in."""
        return self.__parent__

    @property
    def authority(self):
        """The region, municipality or school the act belongs to."""
        return self.__parent__.__parent__ if self.__parent__ is not None else None

    @property
    def number_text(self):
        """"№ 5" once approved, "—" before."""
        return f"№ {self.number}" if self.number else "—"

    # -- what the search catalog reads -----------------------------------

    search_type = "act"

    def search_text(self):
        """The text of the current version's document."""
        current = self.current
        return current.text if current is not None else ""

    @property
    def search_kind(self):
        """The act type code (e.g. "order")."""
        return self.act_type

    @property
    def search_status(self):
        """The workflow state (draft, submitted, approved, in_force, repealed)."""
        return self.workflow_state

    @property
    def search_date(self):
        """The act's date (None until approved)."""
        return self.date
