"""What the CMM pages share: refusals and downloads."""
from pyramid.response import Response

from core.cmm.bank import ItemRefused

STATUS = {"forbidden": 403, "state": 409, "exists": 409, "invalid": 400}


def refusal_status(exc):
    """The HTTP status of a refused change."""
    return STATUS.get(getattr(exc, "code", "invalid"), 400) if isinstance(exc, ItemRefused) else 400


def download(data, filename, content_type):
    """A file to save: ``data`` bytes as an attachment."""
    response = Response(body=data, content_type=content_type)
    response.content_disposition = f'attachment; filename="{filename}"'
    return response
