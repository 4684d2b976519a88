"""What the CMM pages share: the deform renderer, CSRF in deform forms, refusals."""
from markupsafe import Markup
from pyramid.response import Response

from core.cmm.bank import ItemRefused

from ..acts import RENDERER, SCRIPTS  # noqa: F401  (one Russian deform renderer for every form)

STATUS = {"forbidden": 403, "state": 409, "exists": 409, "invalid": 400}


def with_csrf(request, html):
    """A rendered deform form with the session's CSRF token in it."""
    token = request.session.get_csrf_token()
    return Markup(html.replace("</form>", f'<input type="hidden" name="csrf_token" value="{token}"></form>', 1))


def scripts(request):
    """The deform scripts a form page loads."""
    return [request.static_path(f"deform:static/{s}") for s in SCRIPTS]


def refusal_status(exc):
    """The HTTP status of a refused change."""
    return STATUS.get(getattr(exc, "code", "invalid"), 400) if isinstance(exc, ItemRefused) else 400


def download(data, filename, content_type):
    """A file to save: ``data`` bytes as an attachment."""
    response = Response(body=data, content_type=content_type)
    response.content_disposition = f'attachment; filename="{filename}"'
    return response
