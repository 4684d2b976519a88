"""What the steps share: firing the dossier's transitions, the users of the site."""
from core.attestation.model import AttestationRefused
from core.attestation.workflow import SYSTEM
from core.cases import fire
from core.catalog import TRANSITION_INDEXES, reindex
from core.resources import find_root, region_code_of
from core.workflow import WorkflowError


def users(node):
    """The users of the site ``node`` belongs to."""
    return find_root(node).services["users"]


def move(host, dossier, transition, actor, comment="", system=False, now=None):
    """Fire ``transition`` on the dossier; ``system`` fires it for the process, not a person's role.

    Raises AttestationRefused with the workflow's Russian reason; nothing changes then.
    """
    try:
        if not system:
            return fire(host, dossier, transition, actor, comment, now)
        region = region_code_of(dossier)
        workflow = host.workflow(region, dossier.workflow_name)
        entry = workflow.fire(dossier, transition, actor, {SYSTEM}, comment, now)
        reindex(dossier, TRANSITION_INDEXES)
        host.on_transition(region, dossier, entry, actor)
        return entry
    except WorkflowError as exc:
        raise AttestationRefused(str(exc), "forbidden" if exc.code == "forbidden" else "order") from None
