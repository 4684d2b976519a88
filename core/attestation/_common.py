"""What the steps share: firing the dossier's transitions, the users of the site."""
from core.attestation.model import AttestationRefused
from core.cases import fire
from core.resources import find_root
from core.workflow import WorkflowError


def users(node):
    """The users of the site ``node`` belongs to."""
    return find_root(node).services["users"]


def move(host, dossier, transition, actor, comment="", system=False, now=None, then=None):
    """Fire ``transition`` on the dossier (``core.cases.fire``: ``system`` for the process, not a
    person's role; ``then`` records what the step decided before the listeners hear of it).

    Raises AttestationRefused with the workflow's Russian reason; nothing changes then.
    """
    try:
        return fire(host, dossier, transition, actor, comment, now, system=system, then=then)
    except WorkflowError as exc:
        raise AttestationRefused(str(exc), "forbidden" if exc.code == "forbidden" else "order") from None
