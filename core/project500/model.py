"""What a school's participation in the 500+ project keeps.

A school takes part for a year; its ``Participation`` (``/66/ekb/s1/500plus-2026/``)
holds the risk profile, the curator's work and the school's concept
documents, each step recorded in an append-only journal.
"""
import dataclasses
import datetime

from persistent import Persistent

from core.compact import Compact
from core.journal import Event, Journaled  # noqa: F401  (Event: stored journals name it here)
from core.project500.awaiting import awaited

# NB: the kinds are imported here too: stored objects and older imports name them from the model.
from core.project500.kinds import (  # noqa: F401
    ANTI_RISK_PROGRAMME,
    CONCEPT_DOCUMENTS,
    CONFIRMING_DOCUMENT,
    CONTRACT,
    DEVELOPMENT_CONCEPT,
    DOCUMENT_TITLES,
    LEVELS,
    MEDIUM_TERM_PROGRAMME,
    STEP_VIEWS,
    participation_name,
)
from core.resources import Document, Folder
from core.search.results import add_kind_titles

# The search filter names the concept documents' kinds as the school does.
add_kind_titles(DOCUMENT_TITLES)

@dataclasses.dataclass(frozen=True)
class Version(Compact):
    """One saved version of a concept document: the form's content and an optional file."""

    number: int
    content: dict
    author: str
    at: datetime.datetime
    file: object = None


@dataclasses.dataclass(frozen=True)
class Review(Compact):
    """A reviewer's checklist of a document: each criterion met or not, with a comment."""

    reviewer: str
    at: datetime.datetime
    results: tuple  # ((criterion code, met, comment), ...)
    conforms: bool


class Participation(Journaled, Folder):
    """A school's participation in the 500+ project in one year."""

    type_name = "participation_500"
    type_title = "Участие в проекте «500+»"
    is_case = True
    # NB: class defaults: a participation of an older year keeps neither (``core.project500.steps.monitoring``).
    positive_stages = ()   # ((stage, day, actor), ...): the stages of positive changes confirmed
    webinars = ()          # ((day, "viewer" | "speaker"), ...): the webinars of exchange of experience
    # NB: a reviewer holds "expert" on the participations given to it alone; one held above does not reach in.
    blocks_inherited = frozenset({"expert"})

    def __init__(self, year, school_code):
        super().__init__(f"Проект «500+», {year}")
        self.project_year = year
        self.code = school_code
        self.journal = ()
        self.surveyed = False
        self.risk_profile = {}
        self.profile_downloads = ()
        self.seminar_attended = False
        self.curator = None
        self.contract_status = "not_signed"
        self.first_visit = None
        self.activated_risks = frozenset()
        self.professional_development = False
        self.measures_activated = False
        self.sampled = False
        self.reviewers = frozenset()
        self.positive_changes_confirmed = False
        self.indicators_met = frozenset()
        self.awaiting_roles = frozenset()
        self.due = None

    def awaited(self, host):
        """``[Awaited]``: the steps of this year the participation awaits, and from whom (``core.workflow.process``).

        An object without a workflow that awaits someone answers the process
        protocol this way; «Мои задачи» and `oko remind` need nothing else of it.
        """
        return awaited(host, self)

    def documents(self, document_type=None):
        """The concept (or confirming) documents held here, optionally of one type."""
        return [d for d in self.values() if isinstance(d, Document)
                and (document_type is None or d.document_type == document_type)]


def content_text(value):
    """The words of a structured document's content, field after field and row after row (its codes left out)."""
    if isinstance(value, dict):
        return "\n".join(filter(None, (content_text(v) for v in value.values())))
    if isinstance(value, (list, tuple)):
        return "\n".join(filter(None, (content_text(v) for v in value)))
    if isinstance(value, str):
        return value.strip()
    return ""


class Texts(Persistent):
    """A concept document's saved versions and current content, in a record of their own.

    Every transition rewrites the document's record (state, history); the
    texts change only when the school saves, so they are kept apart and a
    confirm or return does not write them again.
    """

    def __init__(self):
        self.versions = ()
        self.content = {}


def _texts_attribute(name):
    """A document attribute kept in its ``Texts`` (read from the document itself in older records)."""

    def get(doc):
        texts = doc._texts
        if texts is None:
            return vars(doc).get(name, () if name == "versions" else {})
        return getattr(texts, name)

    def set_(doc, value):
        if doc._texts is None:
            texts = Texts()
            state = vars(doc)
            texts.versions, texts.content = state.pop("versions", ()), state.pop("content", {})
            doc._texts = texts
        setattr(doc._texts, name, value)

    return property(get, set_, doc=f"The document's {name} (kept in its ``Texts``).")


class ConceptDocument(Document):
    """A structured concept document (concept, programme, anti-risk programme), versioned."""

    type_name = "concept_document"
    type_title = "Концептуальный документ"
    is_case = True
    # NB: None in records written before the texts had a record of their own.
    _texts = None
    versions = _texts_attribute("versions")
    content = _texts_attribute("content")

    def __init__(self, title, document_type, workflow_name, creator, due=None, risk_factor=None):
        super().__init__(title, document_type, workflow_name, creator, due)
        # NB: the school's own deadline; ``due`` follows whoever is awaited.
        self.deadline = due
        self.risk_factor = risk_factor
        self._texts = Texts()
        self.reviews = ()
        self.submitted_at = None

    def search_text(self):
        """What search finds it by: the text of every field of its form (goals, measures' rows...) and of its file."""
        return "\n".join(filter(None, [content_text(self.content), super().search_text()]))

    @property
    def late(self):
        """Whether it was sent (or still is not) after its deadline."""
        if self.deadline is None:
            return False
        sent = self.submitted_at.date() if self.submitted_at else datetime.date.today()
        return sent > self.deadline

    @property
    def reviewed(self):
        """Whether a reviewer has filled a checklist of it."""
        return bool(self.reviews)

    @property
    def conforms(self):
        """Whether every review found every mandatory criterion met."""
        return bool(self.reviews) and all(r.conforms for r in self.reviews)


class ConfirmingDocument(ConceptDocument):
    """A document confirming a measure of an anti-risk programme (stage of positive changes)."""

    type_name = "confirming_document"
    type_title = "Подтверждающий документ"

    def __init__(self, title, document_type, workflow_name, creator, due=None, risk_factor=None,
                 programme=None, measure=None):
        super().__init__(title, document_type, workflow_name, creator, due, risk_factor)
        self.programme = programme
        self.measure = measure

    # The stage of positive changes it confirms (``core.project500.indicators.stage_now`` when added).
    stage = 1


class SampleRecord(Persistent):
    """How a municipality's review sample was drawn, so it can be drawn again the same way."""

    def __init__(self, year, percent, seed, chosen, actor, at):
        self.year, self.percent, self.seed = year, percent, seed
        self.chosen, self.actor, self.at = tuple(chosen), actor, at
