"""What the teacher attestation pages share: refusals, dates from forms, the templates' place."""
import datetime

from core.docinspect import InspectionRefused
from core.docinspect.tables import TableRefused
from core.refused import Refused
from core.views import steps
from core.views.steps import done  # noqa: F401  (the pages import it from here)

TEMPLATES = "core:teachers/templates/"


def template(name):
    """The asset spec of the teacher attestation template ``name``."""
    return f"{TEMPLATES}{name}.pt"


def refused(request, exc, renderer, page):
    """A refused step (``core.views.steps.refused``); a refused import file says that nothing changed."""
    message = ("Файл не загружен, в базе ничего не изменилось."
               if isinstance(exc, (TableRefused, InspectionRefused)) else None)
    return steps.refused(request, exc, renderer, page, message)


def form_date(value):
    """A date typed in a form (ГГГГ-ММ-ДД or ДД.ММ.ГГГГ); ``Refused`` (Russian) otherwise."""
    value = (value or "").strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise Refused(f"Дата «{value}» не читается: укажите её как ГГГГ-ММ-ДД.")


def upload_of(request, field="file"):
    """``(stream, filename, mimetype)`` of a form's file field; ``Refused`` when none was chosen."""
    item = request.POST.get(field)
    if item is None or not hasattr(item, "file"):
        raise Refused("Выберите файл.")
    return item.file, item.filename, item.type
