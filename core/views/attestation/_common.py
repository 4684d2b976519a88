"""What the attestation pages share: templates, refusals, the POST-redirect-GET answer."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import render_to_response

from core.attestation import AttestationRefused
from core.workflow import WorkflowError

from ..layout import flash

TEMPLATES = "core:views/attestation/templates/"
STATUS = {"forbidden": 403, "order": 409, "invalid": 400}
REFUSALS = (AttestationRefused, WorkflowError)


def template(name):
    """The asset spec of the attestation template ``name``."""
    return f"{TEMPLATES}{name}.pt"


def refused(request, exc, renderer, page):
    """A refused step: nothing is kept, the page is shown again with the Russian reason."""
    request.tm.doom()
    status = STATUS.get(getattr(exc, "code", "invalid"), 400)
    if isinstance(exc, WorkflowError):
        status = 403 if exc.code == "forbidden" else 409
    details = [str(d) for d in getattr(exc, "details", ()) or ()]
    response = render_to_response(renderer, {**page, "error": str(exc), "details": details}, request=request)
    response.status = status
    return response


def done(request, url, message):
    """A step taken: say so on the next page (POST, then redirect, then GET)."""
    flash(request, message, "success")
    return HTTPSeeOther(url)


def wants_json(request):
    """Whether the page's script asked (save-as-you-go answers answer in JSON)."""
    return "application/json" in (request.accept.header_value or "") if request.accept else False
