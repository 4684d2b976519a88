"""What the results base's pages share: the templates' place, refusals that say a file changed nothing."""
from core.docinspect import InspectionRefused
from core.docinspect.tables import TableRefused
from core.views import steps

TEMPLATES = "core:results/templates/"
NOTHING_WRITTEN = "Файл не загружен, в базе ничего не изменилось."


def template(name):
    """The asset spec of the results base's template ``name``."""
    return f"{TEMPLATES}{name}.pt"


def refused(request, exc, renderer, page):
    """A refused step (``core.views.steps.refused``); a refused file says that nothing changed."""
    message = NOTHING_WRITTEN if isinstance(exc, (TableRefused, InspectionRefused)) else None
    return steps.refused(request, exc, renderer, page, message)
