"""Refusing a step of a case: one exception for every vertical, and the role check that raises it."""
from core.security.roles import effective_roles
from core.workflow import WorkflowError

# The HTTP status of a refusal by its ``code``, in the pages and in the API.
STATUS = {"forbidden": 403, "order": 409, "invalid": 400}


class StepRefused(Exception):
    """A step was refused; the message is Russian and nothing changed.

    ``code`` is ``forbidden`` (403), ``order`` (409) or ``invalid`` (400);
    ``details`` lists the problems of invalid input, one message each.
    """

    def __init__(self, message, code="order", details=None):
        super().__init__(message)
        self.code = code
        self.details = details or []


def require_role(node, actor, roles, message, refusal=StepRefused):
    """Refuse with ``message`` unless ``actor`` holds one of ``roles`` on ``node``."""
    if not effective_roles(node, actor) & set(roles):
        raise refusal(message, "forbidden")


def status_of(exc):
    """The HTTP status of a refused step, a refused transition or bad input."""
    if isinstance(exc, WorkflowError):
        return 403 if exc.code == "forbidden" else 409
    return STATUS.get(getattr(exc, "code", "invalid"), 400)
