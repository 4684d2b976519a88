"""The Krasnoyarsk pages: the interview and the management project of a dossier, the consultations log.

Added at start-up through ``oko_includeme``. Every view carries the
``krasnoyarsk_region`` predicate: in another region the page does not exist
(404), so the federal flow there stays as it is. Views are thin: they read
the form, take the domain's step and redirect; a refused step is shown with
its Russian reason (403, 409, 400) and the transaction is doomed.
"""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import render_to_response

from core.resources import region_code_of
from core.views.layout import flash

from ..attestation import REGION

TEMPLATES = "oko_krasnoyarsk:views/templates/"
STATUS = {"forbidden": 403, "order": 409, "invalid": 400}


class RegionPredicate:
    """View predicate ``krasnoyarsk_region=True``: the context lies in region 24."""

    def __init__(self, value, config):
        self.value = bool(value)

    def text(self):
        return f"krasnoyarsk_region = {self.value}"

    phash = text

    def __call__(self, context, request):
        return (region_code_of(context) == REGION) == self.value


def template(name):
    """The asset spec of the plugin's template ``name``."""
    return f"{TEMPLATES}{name}.pt"


def refused(request, exc, renderer, page):
    """A refused step: nothing is kept, the page is shown again with the Russian reason."""
    request.tm.doom()
    details = [str(d) for d in getattr(exc, "details", ()) or ()]
    response = render_to_response(renderer, {**page, "error": str(exc), "details": details}, request=request)
    response.status = STATUS.get(getattr(exc, "code", "invalid"), 400)
    return response


def done(request, url, message):
    """A step taken: say so on the next page (POST, then redirect, then GET)."""
    flash(request, message, "success")
    return HTTPSeeOther(url)


def includeme(config):
    """The region predicate, then the pages."""
    config.add_view_predicate("krasnoyarsk_region", RegionPredicate)
    config.scan("oko_krasnoyarsk.views")
