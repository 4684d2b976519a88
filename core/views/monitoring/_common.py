"""What the monitoring pages share: templates, downloads, refusals."""
from urllib.parse import quote

from pyramid.renderers import render_to_response
from pyramid.response import Response

TEMPLATES = "core:views/monitoring/templates/"
STATUS = {"forbidden": 403, "order": 409, "invalid": 400}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template(name):
    """The asset spec of the monitoring template ``name``."""
    return f"{TEMPLATES}{name}.pt"


def attachment(body, content_type, filename):
    """A download: ``body`` as a file named ``filename``."""
    response = Response(body=body, content_type=content_type)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def refused(request, exc, renderer, page):
    """A refused step: nothing is kept, the page is shown again with the Russian reason."""
    request.tm.doom()
    response = render_to_response(renderer, {**page, "error": str(exc)}, request=request)
    response.status = STATUS.get(getattr(exc, "code", "invalid"), 400)
    return response
