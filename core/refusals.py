"""Refusing a step of a case: one exception for every vertical, and the role check that raises it."""
from core.refused import StepRefused
from core.security.roles import effective_roles
from core.workflow import WorkflowError

# The HTTP status of a refusal by its ``code``, in the pages and in the API.
STATUS = {"forbidden": 403, "order": 409, "invalid": 400}

__all__ = ["STATUS", "StepRefused", "require_role", "status_of"]


def require_role(node, actor, roles, message, refusal=StepRefused):
    """Refuse with ``message`` unless ``actor`` holds one of ``roles`` on ``node``."""
    if not effective_roles(node, actor) & set(roles):
        raise refusal(message, "forbidden")


def status_of(exc):
    """The HTTP status of a refused step, a refused transition or bad input."""
    if isinstance(exc, WorkflowError):
        return 403 if exc.code == "forbidden" else 409
    return STATUS.get(getattr(exc, "code", "invalid"), 400)
