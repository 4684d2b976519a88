"""What the monitoring pages share: templates, downloads, refusals."""
from urllib.parse import quote

from pyramid.response import Response

from core.views.steps import done, refused  # noqa: F401  (the pages import them from here)

TEMPLATES = "core:attestation_monitoring/templates/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template(name):
    """The asset spec of the monitoring template ``name``."""
    return f"{TEMPLATES}{name}.pt"


def attachment(body, content_type, filename):
    """A download: ``body`` as a file named ``filename``."""
    response = Response(body=body, content_type=content_type)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


