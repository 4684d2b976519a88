"""What every vertical's step pages do once the form or the domain has answered: invalid, refused, or done.

A refusal the page answers itself (the form again, with the reason) comes
here; one it does not answer reaches the kit's one exception view
(``core.web.refusals``). Both take the status from the refusal
(``core.refused.Refused``).
"""
import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import render_to_response

from core.refused import Refused
from core.views.layout import flash

FORM_ERRORS = "Форма заполнена с ошибками: они отмечены ниже."


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


def take(request, step, renderer, page_of, url, message, answer=None):
    """A step a POST takes: ``step()``, then ``message`` said on ``url`` (``done``); refused, the page of
    ``page_of()`` again with the reason (``refused``, or ``answer`` of a vertical's own). ``url`` and
    ``message`` may be functions of what the step gave."""
    try:
        result = step()
    except Refused as exc:
        return (answer or refused)(request, exc, renderer, page_of())
    return done(request, url(result) if callable(url) else url, message(result) if callable(message) else message)


def take_form(request, form, renderer, page_of, action, url, message, error=FORM_ERRORS, keep=True, answer=None):
    """A form's POST: ``form`` validated, then ``action(values)`` taken as ``take`` takes a step.

    ``page_of(form_html, **extra)`` is the page's data showing the form. A form
    with errors comes back (400) with what was typed, the messages beside its
    fields and ``error`` above it; a refused step comes back with its reason
    and, when ``keep``, the values typed. Nothing is kept either way.
    """
    try:
        values = form.validate(request.POST.items())
    except deform.ValidationFailure as failure:
        form_invalid(request)
        response = render_to_response(renderer, page_of(failure.render(), error=error), request=request)
        response.status = 400
        return response
    return take(request, lambda: action(values), renderer,
                lambda: page_of(form.render(values) if keep else form.render()), url, message, answer)
