"""The one Russian deform renderer of every form, and what a rendered form needs on its page."""
import os
import re

import colander
import deform
from deform.template import default_dir
from markupsafe import Markup
from pyramid.i18n import Localizer, Translations

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
# deform's scripts a page with a form loads; core/static/oko.js drives them.
SCRIPTS = ("scripts/jquery-2.0.3.min.js", "scripts/deform.js", "scripts/jquery-sortable.js")


def _translator():
    def load(package, domain):
        return Translations.load(os.path.join(os.path.dirname(package.__file__), "locale"), ["ru"], domain)
    translations = load(deform, "deform")
    translations.add(load(colander, "colander"))
    localizer = Localizer("ru", translations)
    braced = re.compile(r"\{([^{}$]*)\}")
    # NB: colander's Russian catalogue writes "{$min}" where it means "${min}".
    return lambda term: braced.sub(r"\1", localizer.translate(term))


# NB: our versions of deform's templates first (sequences without inline
# script or onclick, which the Content-Security-Policy refuses), then
# deform's own, then the pages' widget templates.
RENDERER = deform.ZPTRendererFactory((os.path.join(TEMPLATES, "deform"), default_dir, TEMPLATES),
                                     translator=_translator())


def with_csrf(request, html):
    """A rendered deform form with the session's CSRF token in it."""
    token = request.session.get_csrf_token()
    return Markup(html.replace("</form>", f'<input type="hidden" name="csrf_token" value="{token}"></form>', 1))


def scripts(request):
    """The URLs of the deform scripts a form page loads."""
    return [request.static_path(f"deform:static/{s}") for s in SCRIPTS]


def includeme(config):
    """Every deform form, also one made without naming a renderer, is rendered in Russian by ours."""
    deform.Form.set_default_renderer(RENDERER)
