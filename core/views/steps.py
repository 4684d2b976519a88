"""What every vertical's step pages do once the form or the domain has answered: invalid, refused, or done.

A refusal the page answers itself (the form again, with the reason) comes
here; one it does not answer reaches the kit's one exception view
(``core.web.refusals``). Both take the status from the refusal
(``core.refused.Refused``).
"""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import render_to_response

from core.views.layout import flash


def _detail(d):
    # NB: a form's problems come as {field: message} mappings, an import's and the domain's as lines.
    return ", ".join(str(v) for v in d.values()) if isinstance(d, dict) else str(d)


def form_invalid(request):
    """A form that did not validate: nothing is kept, and the page, shown again with its marks, answers 400."""
    request.tm.doom()
    request.response.status = 400


def refused(request, exc, renderer, page, message=None):
    """A refused step (``Refused``): nothing is kept, the page is shown again with the Russian reason and its
    status. A ``message`` of the page's own goes first, the refusal's words below it."""
    request.tm.doom()
    details = [_detail(d) for d in exc.details or ([str(exc)] if message else ())]
    response = render_to_response(renderer, {**page, "error": message or str(exc), "details": details},
                                  request=request)
    response.status = exc.status
    return response


def refused_to(request, exc, url):
    """A refused one-click step: nothing is kept; the reason is said on ``url`` (POST, then redirect, then GET)."""
    request.tm.doom()
    flash(request, str(exc), "error")
    return HTTPSeeOther(url)


def done(request, url, message):
    """A step taken: say so on the next page (POST, then redirect, then GET)."""
    flash(request, message, "success")
    return HTTPSeeOther(url)
