"""Who takes each step on the organisation tree, declared once (``core.security.steps``).

The federal operator and a region's operator keep the region's tree: they
load its organisations from a file, edit a school, close and reopen one,
add an institution.
"""
from core.refused import Refused
from core.security.steps import Step

KEEPERS = ("federal_operator", "regional_operator")
MESSAGE = "Организации региона ведёт региональный оператор."


class OrgRefused(Refused):
    """A step on the tree was refused (``forbidden`` 403, ``invalid`` 400, ``order`` 409); Russian."""

    ERROR = "org_{code}"


def _step(name):
    return Step(f"orgs.{name}", KEEPERS, OrgRefused, MESSAGE)


IMPORT = _step("import")
EDIT = _step("edit")
CLOSE = _step("close")
REOPEN = _step("reopen")
ADD_INSTITUTION = _step("add_institution")
