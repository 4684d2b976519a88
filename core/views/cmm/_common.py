"""What the CMM pages share: the status of a refusal."""

from core.cmm.bank import ItemRefused

STATUS = {"forbidden": 403, "state": 409, "exists": 409, "invalid": 400}


def refusal_status(exc):
    """The HTTP status of a refused change."""
    return STATUS.get(getattr(exc, "code", "invalid"), 400) if isinstance(exc, ItemRefused) else 400
