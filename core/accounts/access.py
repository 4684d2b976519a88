"""Who takes each step of the accounts, declared once (``core.security.steps``).

The pages and the API declare ``permission=<STEP>.permission``; the domain
calls ``<STEP>.require(node, actor)``. What a step needs beyond a role the
domain checks after it: the rank rule (a role below the actor's own,
``core.security.roles.grantable_roles``), never one's own account, a person
all of whose places lie under the node (``core.accounts.places``).

One's own profile and the links (an invitation, a new password) are no
steps of a role: the first is whoever is logged in, the second whoever
holds the link.
"""
from core.accounts.model import AccountRefused
from core.security.steps import Step

MANAGERS = ("federal_operator", "regional_operator", "municipal_coordinator")
MESSAGE = ("Пользователей приглашает и ведёт федеральный или региональный оператор либо муниципальный координатор "
           "своего уровня.")


def _step(name):
    return Step(f"accounts.{name}", MANAGERS, AccountRefused, MESSAGE)


INVITE = _step("invite")
IMPORT_LIST = _step("import_list")
INVITE_AGAIN = _step("invite_again")
SUSPEND = _step("suspend")
RESTORE = _step("restore")
