"""The deform forms of the pages: one Russian renderer, and the CSRF token carried by the form's schema.

Every form of the pages and of the regional plugins is a ``Form``: its
schema, bound to the request, gets the hidden field ``csrf_token`` with the
session's token, which the schema itself checks; no view writes the token
into a form's HTML. It renders in Russian (``RENDERER``), colander's
messages with their numbers filled in («не длиннее 300»).
"""
import os

import colander
import deform
from deform.template import default_dir
from markupsafe import Markup
from pyramid.csrf import get_csrf_token
from pyramid.interfaces import ICSRFStoragePolicy
from pyramid.path import AssetResolver

from core.translation import russian

# The field of the token: the name Pyramid's own check of every unsafe request reads.
CSRF_FIELD = "csrf_token"
# deform's scripts a page with a form loads: none. core/static/oko.js, which every page loads, adds and removes
# the items of a sequence itself (deform.js needs jQuery, some 110 KB for what takes sixty lines); a date is
# the browser's own <input type="date">.
SCRIPTS = ()
# NB: asset specs, not imports: the layout's templates are the pages'.
PAGE_TEMPLATES = AssetResolver().resolve("core.views:templates").abspath()


# NB: our versions of deform's templates first (sequences without inline
# script or onclick, which the Content-Security-Policy refuses), then
# deform's own, then the pages' widget templates.
RENDERER = deform.ZPTRendererFactory((os.path.join(PAGE_TEMPLATES, "deform"), default_dir, PAGE_TEMPLATES),
                                     translator=russian)


class RuNumber(colander.Number):
    """A number as people type it here: «12,5» as well as «12.5» (``colander.Float`` refuses the comma).

    Spaces inside are ignored («1 250,5»); a value is shown back with a comma. Use it for every field
    that takes a fraction, the regional fields a plugin adds (``oko_extend_schema``) included.
    """

    num = float
    err_template = "«${val}» — не число (дробную часть можно отделить запятой: 12,5)"

    def deserialize(self, node, cstruct):
        """The float of ``cstruct``; ``colander.Invalid`` naming what was typed."""
        if not isinstance(cstruct, str):
            return super().deserialize(node, cstruct)
        typed = cstruct
        cleaned = "".join(cstruct.split()).replace(",", ".")
        try:
            return super().deserialize(node, cleaned)
        except colander.Invalid:
            raise colander.Invalid(node, colander._(self.err_template, mapping={"val": typed})) from None

    def serialize(self, node, appstruct):
        """The number with a decimal comma («12,5»), as it is typed."""
        value = super().serialize(node, appstruct)
        return value.replace(".", ",") if isinstance(value, str) else value


def csrf_node(request):
    """The hidden field with the session's CSRF token (masked: ``core.security.csrf``); the schema refuses any other."""
    token = get_csrf_token(request)
    policy = request.registry.getUtility(ICSRFStoragePolicy)

    def same_token(node, value):
        if not policy.check_csrf_token(request, str(value)):
            raise colander.Invalid(node, "Форма устарела: обновите страницу и отправьте её снова.")
    return colander.SchemaNode(colander.String(), name=CSRF_FIELD, default=token, validator=same_token,
                               widget=deform.widget.HiddenWidget())


class FormInvalid(deform.ValidationFailure):
    """The posted form did not validate; ``render()`` is the form again, with what was typed and the messages."""

    def render(self, **kw):
        """The form's HTML, ready for a template."""
        return Markup(super().render(**kw))


class Form(deform.Form):
    """A form of the pages: ``schema`` bound to the request, the CSRF token a field of it, rendered in Russian.

    ``validate`` answers the values without the token, or raises ``FormInvalid``.
    """

    def __init__(self, request, schema, **kw):
        schema = schema.bind(request=request)
        schema.add(csrf_node(request))
        kw.setdefault("renderer", RENDERER)
        super().__init__(schema, **kw)

    def render(self, *appstruct, **kw):
        """The form's HTML, ready for a template: filled with ``appstruct`` if given, else with what was posted."""
        return Markup(super().render(*appstruct, **kw))

    def validate(self, controls, **kw):
        """The posted values, checked by the schema (the token too), without the token."""
        try:
            values = super().validate(controls, **kw)
        except deform.ValidationFailure as exc:
            raise FormInvalid(exc.field, exc.cstruct, exc.error) from None
        values.pop(CSRF_FIELD, None)
        return values

    @property
    def typed(self):
        """What was posted, as the strings typed, without the token (after ``validate``)."""
        return {name: value for name, value in self.cstruct.items() if name != CSRF_FIELD}


def scripts(request):
    """The URLs of the deform scripts a form page loads (``SCRIPTS``: none today; a widget that needs deform's
    own script would name it there, and the pages that list ``scripts`` load it)."""
    return [request.static_path(f"deform:static/{s}") for s in SCRIPTS]


def includeme(config):
    """A deform form made without naming a renderer is rendered in Russian by ours too."""
    deform.Form.set_default_renderer(RENDERER)
