"""The organisation tree: Root > Region > Municipality > School."""
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


class School(Folder):
    """A school (общеобразовательная организация); holds its own cases."""

    type_name = "school"
    type_title = "Школа"

    def __init__(self, code, title, school_type):
        super().__init__(title)
        self.code = code
        self.school_type = school_type

    @property
    def school_type_title(self):
        """The Russian name of the school's type."""
        return SCHOOL_TYPES.get(self.school_type, self.school_type)
