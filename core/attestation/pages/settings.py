"""The campaign's settings: the time limit of the test and the exposure limit of the bank's items.

A deform form for the regional operator; beside it, a rehearsal of the
draws still to come (``sitting.rehearse``): how many of the participants who
have not started the bank can serve under the limit, who it cannot and why,
and roughly how low the limit may go.
"""
import colander
import deform
from pyramid.view import view_config

from core.attestation import Campaign, access, sitting
from core.attestation import campaign as steps
from core.attestation.pages._common import done, form_invalid, refused, template
from core.refused import Refused
from core.security.permissions import MANAGE_PROJECT
from core.web.forms import Form

PAGE = template("settings")


class SettingsSchema(colander.Schema):
    """What the regional operator sets for a campaign."""

    time_limit = colander.SchemaNode(
        colander.Integer(), title="Время на тестирование, мин", validator=colander.Range(10, 600,
                                                                                        "не меньше 10", "не больше 600"))
    exposure = colander.SchemaNode(
        colander.Integer(), title="Одно задание — не более чем в … % тестов кампании",
        description="Доля считается от числа участников в графике; 100 % — без ограничения.",
        validator=colander.Range(1, 100, "не меньше 1 %", "не больше 100 %"))


def _form(request, c):
    return Form(request, SettingsSchema(), action=request.resource_url(c, "@@settings"), formid="settings-form",
                buttons=(deform.Button("save", "Сохранить"),))


def settings_page(request, c, form_html=None, **extra):
    """The data of the settings page: the form and the rehearsal of the draws to come."""
    if form_html is None:
        form_html = _form(request, c).render({"time_limit": c.time_limit, "exposure": round(c.exposure_share * 100)})
    exposure = c.exposure
    return {"c": c, "form": form_html, "rehearsal": sitting.rehearse(request.registry.oko, c),
            "limit": sitting.exposure_limit(c), "drawn": exposure.tests if exposure else 0,
            "planned": sitting.planned_tests(c), "error": None, "details": [], **extra}


@view_config(context=Campaign, name="settings", request_method="GET", renderer=PAGE, permission=MANAGE_PROJECT)
def settings_view(context, request):
    """The settings form and whether the bank can serve everyone still to sit the test."""
    return settings_page(request, context)


@view_config(context=Campaign, name="settings", request_method="POST", renderer=PAGE,
             permission=access.CONFIGURE.permission)
def save_settings(context, request):
    """Keep the time limit and the exposure limit (checked by the form, then by the domain)."""
    form = _form(request, context)
    try:
        values = form.validate(request.POST.items())
    except deform.ValidationFailure as failure:
        form_invalid(request)
        return settings_page(request, context, failure.render(), error="Настройки не сохранены: исправьте поля формы.")
    try:
        steps.configure(context, request.authenticated_userid, values["time_limit"], values["exposure"])
    except Refused as exc:
        return refused(request, exc, PAGE, settings_page(request, context, form.render(values)))
    return done(request, request.resource_url(context, "@@settings"), "Настройки кампании сохранены.")
