"""Russian for the messages of colander (the domain's schemas) and deform (the pages' forms): one translator.

The domain says a schema's problems in Russian with ``russian`` (refusals,
the API), and the pages' renderer (``core.web.forms.RENDERER``) translates
with it too: the same catalogues, mended the same way.
"""
import os
import re

import colander
import deform
from pyramid.i18n import Localizer, Translations


def _catalogues():
    def load(package, domain):
        return Translations.load(os.path.join(os.path.dirname(package.__file__), "locale"), ["ru"], domain)
    translations = load(deform, "deform")
    translations.add(load(colander, "colander"))
    return Localizer("ru", translations)


_LOCALIZER = _catalogues()
# NB: colander's Russian catalogue writes "{$min}" where it means "${min}": without this a form
# says «длина {3}» where it means «длина 3».
_BRACED = re.compile(r"\{([^{}$]*)\}")


def russian(message):
    """A colander or deform message (a translation string, or plain text) in Russian, its numbers filled in."""
    return _BRACED.sub(r"\1", _LOCALIZER.translate(message))
