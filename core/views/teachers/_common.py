"""What the teacher attestation pages share: refusals, dates from forms, the templates' place."""
import datetime

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import render_to_response

from core.cases import UploadRefused
from core.orgimport import ImportFailed
from core.teachers.steps import StepRefused

from ..layout import flash

TEMPLATES = "core:views/teachers/templates/"
STATUS = {"forbidden": 403, "order": 409, "invalid": 400}
REFUSALS = (StepRefused, UploadRefused, ImportFailed, ValueError)


def template(name):
    """The asset spec of the teacher attestation template ``name``."""
    return f"{TEMPLATES}{name}.pt"


def refused(request, exc, renderer, page):
    """A refused step: nothing is kept; the page again, with the Russian reason and its status."""
    request.tm.doom()
    details = list(getattr(exc, "errors", None) or getattr(exc, "details", None) or ())
    message = "Файл не загружен, в базе ничего не изменилось." if isinstance(exc, ImportFailed) else str(exc)
    response = render_to_response(renderer, {**page, "error": message, "details": details}, request=request)
    response.status = STATUS.get(getattr(exc, "code", "invalid"), 400)
    return response


def done(request, url, message):
    """A step taken: say so on the next page."""
    flash(request, message, "success")
    return HTTPSeeOther(url)


def form_date(value):
    """A date typed in a form (ГГГГ-ММ-ДД or ДД.ММ.ГГГГ); ValueError (Russian) otherwise."""
    value = (value or "").strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"Дата «{value}» не читается: укажите её как ГГГГ-ММ-ДД.")


def upload_of(request, field="file"):
    """``(stream, filename, mimetype)`` of a form's file field; ValueError when none was chosen."""
    item = request.POST.get(field)
    if item is None or not hasattr(item, "file"):
        raise ValueError("Выберите файл.")
    return item.file, item.filename, item.type
