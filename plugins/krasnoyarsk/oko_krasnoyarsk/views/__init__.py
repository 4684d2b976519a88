"""The Krasnoyarsk pages: the interview and the management project of a dossier, the consultations log.

Added at start-up through ``oko_includeme``. Every view carries the
``krasnoyarsk_region`` predicate: in another region the page does not exist
(404), so the federal flow there stays as it is. Views are thin: they read
the form, take the domain's step (``take``, ``take_form``) and redirect; a
refused step is shown with its Russian reason (403, 409, 400) and the
transaction is doomed.
"""

from core.plugin import region_code_of
from oko_krasnoyarsk.attestation import REGION

TEMPLATES = "oko_krasnoyarsk:views/templates/"


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


def includeme(config):
    """The region predicate, then the pages."""
    config.add_view_predicate("krasnoyarsk_region", RegionPredicate)
    config.scan("oko_krasnoyarsk.views")
