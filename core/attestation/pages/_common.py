"""What the attestation pages share: templates, refusals, the POST-redirect-GET answer."""
from core.views.steps import done, form_invalid, refused  # noqa: F401  (the pages import them from here)

TEMPLATES = "core:attestation/templates/"


def template(name):
    """The asset spec of the attestation template ``name``."""
    return f"{TEMPLATES}{name}.pt"


def wants_json(request):
    """Whether the page's script asked (save-as-you-go answers answer in JSON)."""
    return "application/json" in (request.accept.header_value or "") if request.accept else False
