"""What the monitoring pages share: templates, downloads, refusals."""
from core.views.steps import done, refused  # noqa: F401  (the pages import them from here)
from core.web.responses import attachment  # noqa: F401  (the pages import it from here)

TEMPLATES = "core:attestation_monitoring/templates/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template(name):
    """The asset spec of the monitoring template ``name``."""
    return f"{TEMPLATES}{name}.pt"
