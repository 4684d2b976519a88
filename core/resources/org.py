"""The organisation tree: Root > Region > Municipality > School, and the institutions beside them.

A region holds its municipalities and its own institutions (the «краевые
учреждения» of a region: an institute of teachers' development, a centre of
assessment); a municipality holds its schools and its own bodies (the
municipal authority of education, a methodological centre). A school that
closes stays where it was, with all it holds, and is offered nowhere again.
"""
from BTrees.OOBTree import OOBTree

from core.resources.folder import Folder

SCHOOL_TYPES = {
    "urban": "городская",
    "rural": "сельская",
    "small": "малокомплектная",
}


class Root(Folder):
    """The Federation: the top of the tree, holding regions, users and the catalog."""

    type_name = "root"
    type_title = "Российская Федерация"

    def __init__(self):
        super().__init__("Российская Федерация")
        self.evolve_version = 0
        # NB: services live beside the tree, not in it: they are not traversable.
        self.services = OOBTree()


class Region(Folder):
    """A region (субъект РФ), keyed by its two-digit code."""

    type_name = "region"
    type_title = "Регион"

    def __init__(self, code, title):
        super().__init__(title)
        self.code = code


class Municipality(Folder):
    """A municipal authority of education (МОУО)."""

    type_name = "municipality"
    type_title = "Муниципалитет"

    def __init__(self, code, title):
        super().__init__(title)
        self.code = code


# A closed school's kind in the catalog: no query of the open schools ("school") finds it again.
CLOSED_SCHOOL = "closed_school"


class School(Folder):
    """A school (общеобразовательная организация); holds its own cases.

    ``closed_on`` (a date) is set when it closes; its ``type_name`` is then
    ``CLOSED_SCHOOL`` (an attribute of its own), so that the catalog's
    queries of schools and every list made of them pass it by.
    """

    type_name = "school"
    type_title = "Школа"
    closed_on = None
    closed_reason = ""

    @property
    def is_open(self):
        """Whether the school works (is not closed)."""
        return self.closed_on is None

    def __init__(self, code, title, school_type):
        super().__init__(title)
        self.code = code
        self.school_type = school_type

    @property
    def school_type_title(self):
        """The Russian name of the school's type."""
        return SCHOOL_TYPES.get(self.school_type, self.school_type)


# The kinds of institution: where each one is held, and how a page names it.
INSTITUTION_KINDS = {
    "regional": "Региональное (краевое) учреждение",
    "municipal_body": "Муниципальный орган управления образованием",
    "municipal": "Муниципальное учреждение",
}
INSTITUTION_PLACES = {"regional": "region", "municipal_body": "municipality", "municipal": "municipality"}


class Institution(Folder):
    """An institution that is no school: a region's own (краевое учреждение) or a municipality's body or institution.

    Their leaders and staff hold their roles here; ``kind`` is one of
    ``INSTITUTION_KINDS``.
    """

    type_name = "institution"

    def __init__(self, code, title, kind):
        super().__init__(title)
        self.code = code
        self.kind = kind

    @property
    def type_title(self):
        """The Russian name of the institution's kind."""
        return INSTITUTION_KINDS.get(self.kind, "Учреждение")
