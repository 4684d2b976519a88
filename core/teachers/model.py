"""What a school's teacher attestation year and a teacher's dossier keep.

Dossiers are the objects there are a million of: most of their attributes
are class-level defaults, so a freshly imported dossier pickles only what the
import file said about it.
"""
import dataclasses
import datetime
import hashlib

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from core.journal import Event, Journaled  # noqa: F401  (Event: stored journals name it here)
from core.journal import now_or as now_utc
from core.resources import Folder, FolderError
from core.security.permissions import REVIEW, VIEW, VIEW_HOME
from core.security.roles import ATTESTEE, AUTHENTICATED

# NB: the cyclogram is imported here too: the steps, pages and tests name it from the model.
from core.teachers.cyclogram import (  # noqa: F401
    ASSIGN_EXPERT,
    COMMISSION_ROLES,
    DONE,
    EXPERT_MANAGERS,
    SCHOOL_STEPS,
    STEP_OFFSETS,
    STEP_ORDER,
    STEP_ROLES,
    STEP_TITLES,
    STEPS,
)
from core.teachers.tasks import dossier_awaited, year_awaited

POSTS = {
    "primary_teacher": "учитель начальных классов",
    "subject_teacher": "учитель",
    "additional_education_teacher": "педагог дополнительного образования",
    "psychologist": "педагог-психолог",
    "social_pedagogue": "социальный педагог",
    "educator": "воспитатель",
}
# The titles are the choices of the schedule order's template (order_attestation_schedule).
CATEGORIES = {
    "position": "соответствие занимаемой должности",
    "first": "первая квалификационная категория",
    "highest": "высшая квалификационная категория",
    "methodologist": "квалификационная категория «педагог-методист»",
    "mentor": "квалификационная категория «педагог-наставник»",
}
# The commission's decisions, by what was sought.
DECISIONS = {
    "conforms": "соответствует занимаемой должности",
    "not_conforms": "не соответствует занимаемой должности",
    "established": "квалификационная категория установлена",
    "refused": "в установлении квалификационной категории отказано",
}


def decisions_for(category):
    """The decisions the commission may take on a teacher seeking ``category``."""
    return ("conforms", "not_conforms") if category == "position" else ("established", "refused")


# Who reads a dossier, by the step it awaits. NB: decided here, not by the roles of the
# tree: a teacher of the school, its curator, a methodologist or an expert of the region
# never read another teacher's dossier; the coordinator reads it for the step it takes; the
# experts drawn for it, and the commission once the dossier reaches it.
_READERS = {ATTESTEE: {VIEW}, "attestation_officer": {VIEW}, "school_head": {VIEW}}
_AT_COMMISSION = {**_READERS, "expert": {VIEW}, **{role: {VIEW} for role in COMMISSION_ROLES}}
DOSSIER_PERMISSIONS = {
    # NB: the data are sent to the coordinator, who opens the account: no materials yet at these steps.
    "send_data": {**_READERS, "municipal_coordinator": {VIEW}},
    "open_account": {**_READERS, "municipal_coordinator": {VIEW}},
    "review": {**_READERS, "expert": {VIEW, REVIEW}},
    "decide": _AT_COMMISSION, "record_result": _AT_COMMISSION, "done": _AT_COMMISSION,
}
# A school's year lists its teachers and their dates: its staff and the coordinator read it.
YEAR_PERMISSIONS = {AUTHENTICATED: {VIEW_HOME}, "attestation_officer": {VIEW}, "school_head": {VIEW},
                    "municipal_coordinator": {VIEW}, "regional_operator": {VIEW}, "federal_operator": {VIEW}}


def school_year_of(day):
    """The school year (the calendar year it starts in, 1 September) that ``day`` falls in."""
    return day.year if day.month >= 9 else day.year - 1


def year_name(school_year):
    """The name of a school's attestation year object in the school."""
    return f"teachers-{school_year}"


def normal_name(full_name):
    """A person's full name as it is compared: single spaces, ё as е, case folded."""
    return " ".join(full_name.replace("ё", "е").replace("Ё", "Е").split()).casefold()


def teacher_key(school_code, full_name):
    """``(name, hash)`` of a teacher's dossier: stable for the same school and name, so imports are idempotent."""
    digest = hashlib.blake2b(f"{school_code}\x00{normal_name(full_name)}".encode(), digest_size=8).digest()
    key = int.from_bytes(digest, "big") >> 4
    return dossier_name(key), key


def dossier_name(key):
    """The name of a teacher's dossier in its year, from the number ``teacher_key`` gives."""
    return f"t{key:015x}"


@dataclasses.dataclass(frozen=True)
class Review:
    """An expert's review of a portfolio: each criterion met or not, with a comment."""

    expert: str
    at: datetime.datetime
    results: tuple  # ((criterion code, met, comment), ...)
    conforms: bool
    score: int


class AttestationYear(Journaled, Folder):
    """A school's teacher attestation in one school year: its orders and its teachers' dossiers."""

    type_name = "teacher_attestation_year"
    type_title = "Аттестация педагогических работников"
    is_case = True
    officer = None
    officer_order = None
    schedule_order = None
    awaiting_roles = frozenset()
    due = None
    journal = ()

    def __init__(self, school_year):
        super().__init__(f"Аттестация педагогических работников, {school_year}/{school_year + 1} учебный год")
        self.project_year = school_year

    @property
    def school(self):
        """The school this year belongs to."""
        return self.__parent__

    def permission_map(self, host):
        """Who may do what on the year (``core.security.permissions``): its staff, not every teacher."""
        return YEAR_PERMISSIONS

    def dossiers(self):
        """The teachers' dossiers, in name order."""
        return [d for d in self.values() if isinstance(d, TeacherDossier)]

    def add_dossiers(self, dossiers):
        """Place new dossiers (``[(name, dossier)]``, none with a personal account) at once; an import's ``add``.

        NB: ``add`` indexes what it places, but a dossier stays out of the
        catalog until its teacher has an account: a million imported dossiers
        need only their place in the year's tree and count.
        """
        if not dossiers:
            return
        if len({name for name, _ in dossiers}) != len(dossiers):
            raise FolderError(f"Педагог назван дважды в «{self.title}».")
        for name, dossier in dossiers:
            if dossier.catalogued or not name.startswith("t") or name in self.data:
                raise FolderError(f"Педагог «{dossier.full_name}» уже есть в «{self.title}».")
            dossier.__name__, dossier.__parent__ = name, self
        if self._num is None:
            self.data, self._num = OOBTree(), Length()
        self.data.update(dossiers)
        self._num.change(len(dossiers))


    def awaited(self, host):
        """``[Awaited]``: this year's pre-account steps, and from whom (``core.workflow.process``)."""
        return year_awaited(host, self)


# What ``TeacherDossier.__getstate__`` packs in a tuple: attributes, then dates.
_PACKED = ("uid", "full_name", "post", "category", "__name__", "__parent__")
_DAYS = ("planned", "due")


class TeacherDossier(Journaled, Persistent):
    """One teacher's attestation in a school year: data, deadlines from D, materials, decision."""

    type_name = "teacher_dossier"
    type_title = "Аттестация педагога"
    is_case = True
    __name__ = None
    __parent__ = None
    # NB: class-level defaults: a million imported dossiers pickle only what differs.
    step = "send_data"
    due = None
    awaiting_roles = frozenset(("attestation_officer",))
    login = None
    documents_agreed = True
    support = ()
    files = None
    journal = ()
    portfolio_snapshot = ()
    reviews = ()
    # Logins of the experts drawn for the dossier (each holds ``expert`` on it alone).
    experts = ()
    # NB: an expert reads only the dossiers drawn for it: "expert" granted above (as it once was,
    # on a region or a municipality) does not reach in here (``core.security.roles.effective_roles``).
    blocks_inherited = frozenset({"expert"})
    decision = None
    result_order = None
    work_record = None

    def __init__(self, uid, full_name, post, category, planned):
        self.uid = uid
        self.full_name = full_name
        self.post = post
        self.category = category
        self.planned = planned

    def __getstate__(self):
        """The stored state: what every dossier has as a tuple, dates as day numbers; the rest as a dict.

        NB: a dict pickles each attribute's name in every one of a million
        records and a date as a call of its class; this halves a fresh dossier.
        """
        state = super().__getstate__()
        packed = [state.pop(name) if state.get(name) is not None else None for name in _PACKED]
        for name in _DAYS:
            day = state.get(name)
            if type(day) is datetime.date:
                packed.append(day.toordinal())
                del state[name]
            else:
                packed.append(None)
        return tuple(packed), state or None

    def __setstate__(self, state):
        """Restore a dossier stored by ``__getstate__`` (or as a plain dict, as dossiers once were)."""
        if isinstance(state, dict):
            return super().__setstate__(state)
        packed, rest = state
        values = dict(rest or ())
        for name, value in zip(_PACKED, packed):
            if value is not None:
                values[name] = value
        for name, day in zip(_DAYS, packed[len(_PACKED):]):
            if day is not None:
                values[name] = datetime.date.fromordinal(day)
        super().__setstate__(values)

    @property
    def title(self):
        """The teacher's full name (breadcrumbs, listings, tasks)."""
        return self.full_name

    @property
    def catalogued(self):
        """Whether the general catalog holds the dossier: only once the teacher has an account.

        Before that only the officer and the coordinator act on it, through
        the school's year; a million imported dossiers stay out of the catalog.
        """
        return self.login is not None

    @property
    def post_title(self):
        """The post as a person reads it."""
        return POSTS.get(self.post, self.post)

    @property
    def category_title(self):
        """The category sought as a person reads it."""
        return CATEGORIES.get(self.category, self.category)

    @property
    def step_title(self):
        """The step awaited now, as a person reads it."""
        return STEP_TITLES.get(self.step, self.step)

    def has_done(self, step):
        """Whether ``step`` lies behind the dossier."""
        return STEP_ORDER.index(self.step) > STEP_ORDER.index(step)

    def permission_map(self, host):
        """Who may do what on the dossier now (``core.security.permissions``), by the step it awaits."""
        return {AUTHENTICATED: {VIEW_HOME}, **DOSSIER_PERMISSIONS.get(self.step, _READERS)}

    @property
    def awaits_expert(self):
        """Whether the dossier is due for review and no expert has been drawn for it yet."""
        return self.step == "review" and not self.experts


    def awaited(self, host):
        """``[Awaited]``: the step the dossier awaits, and from whom (``core.workflow.process``)."""
        return dossier_awaited(host, self)
