"""Russian for the messages of colander (the domain's schemas) and deform (the pages' forms): one translator.

The domain says a schema's problems in Russian with ``russian`` and
``invalid_messages`` (refusals, the API), and the pages' renderer
(``core.web.forms.RENDERER``) translates with ``russian`` too: the same
catalogues, mended the same way.
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


def invalid_messages(error):
    """Russian messages of a colander ``Invalid``, one per field, named by the fields' titles.

    ``"Меры → № 1 → Срок: Требуется"``: a row of a table is named by its number.
    """
    messages = []
    for path in error.paths():
        names = [f"№ {exc.pos + 1}" if isinstance(parent.node.typ, colander.Sequence) else exc.node.title
                 for parent, exc in zip(path, path[1:])]
        text = "; ".join(russian(m) for m in path[-1].messages())
        messages.append(f"{' → '.join(names) or 'Форма'}: {text}")
    return messages
