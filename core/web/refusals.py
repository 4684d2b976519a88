"""The one answer to a refusal nobody answered in place: a Russian page, or the API's JSON error."""
from core.refused import Refused
from core.web.responses import error_response


def refused(exc, request):
    """A ``Refused`` that left its view: nothing it touched is kept; the status is the refusal's.

    People get the error page with the message; ``/api/`` gets
    ``{"error": {code, message, details}}`` (``Refused.as_error``).
    """
    if hasattr(request, "tm"):
        request.tm.doom()
    status, code, message, details = exc.as_error()
    return error_response(request, status, code, message, details)


def includeme(config):
    """Every refusal, of any domain or plugin, reaches ``refused``."""
    config.add_exception_view(refused, context=Refused)
