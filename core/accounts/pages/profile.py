"""One's own profile: name, phone, position; the e-mail address (confirmed by the password); where one works."""
from types import SimpleNamespace

import colander
import deform
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from core.accounts import credentials, mails
from core.accounts.delivery import mailer
from core.accounts.model import phone_text
from core.accounts.pages._common import template
from core.mail import send_after_commit
from core.refused import Refused
from core.resources import traverse_path
from core.security.permissions import VIEW_HOME
from core.security.roles import role_title
from core.site import get_site
from core.views.steps import done, form_invalid
from core.web.forms import Form
from core.web.responses import openable

PROFILE_PAGE = template("profile")
REQUIRED = "Обязательное поле"


def profile_form(request):
    """The form of one's name, phone and position."""
    user = request.identity
    schema = colander.SchemaNode(colander.Mapping())
    schema.add(colander.SchemaNode(colander.String(), name="name", title="Фамилия, имя, отчество",
                                   missing_msg=REQUIRED, default=user.title,
                                   validator=colander.Length(max=200, max_err="Не длиннее ${max} знаков")))
    schema.add(colander.SchemaNode(colander.String(), name="phone", title="Телефон", missing="",
                                   default=phone_text(user.phone),
                                   validator=colander.Length(max=40, max_err="Не длиннее ${max} знаков"),
                                   widget=deform.widget.TextInputWidget(attributes={"type": "tel"})))
    schema.add(colander.SchemaNode(colander.String(), name="position", title="Должность", missing="",
                                   default=user.position,
                                   validator=colander.Length(max=200, max_err="Не длиннее ${max} знаков")))
    return Form(request, schema, action=request.route_url("profile"), formid="profile-form", focus="off",
                buttons=(deform.Button("save", "Сохранить"),))


def email_form(request):
    """The form of a new e-mail address, confirmed by the current password."""
    schema = colander.SchemaNode(colander.Mapping())
    schema.add(colander.SchemaNode(colander.String(), name="email", title="Новый адрес эл. почты",
                                   missing_msg=REQUIRED, default=request.identity.email,
                                   validator=colander.Length(max=254, max_err="Не длиннее ${max} знаков"),
                                   widget=deform.widget.TextInputWidget(attributes={"type": "email"})))
    schema.add(colander.SchemaNode(colander.String(), name="password", title="Текущий пароль", missing_msg=REQUIRED,
                                   widget=deform.widget.PasswordWidget(
                                       attributes={"autocomplete": "current-password"})))
    return Form(request, schema, action=request.route_url("profile", _query={"email": "1"}), formid="email-form",
                focus="off",
                buttons=(deform.Button("change", "Сменить адрес"),))


def _page(request, profile_html=None, email_html=None, error=None, status=200):
    user = request.identity
    site = get_site(request)
    places = []
    for path, roles in user.grants.items():
        node = traverse_path(site, path)
        places.append(SimpleNamespace(title=node.title if node is not None else path,
                                      # NB: a link only to a place its reader may open.
                                      url=request.resource_url(node) if node is not None
                                      and openable(request, node) else None,
                                      roles=", ".join(role_title(r) for r in sorted(roles))))
    organisation = traverse_path(site, user.organisation) if user.organisation else None
    response = render_to_response(PROFILE_PAGE, {
        "page_title": "Мой профиль", "person": user, "places": places, "error": error,
        "organisation": organisation.title if organisation is not None else "",
        "profile_form": profile_html if profile_html is not None else profile_form(request).render(),
        "email_form": email_html if email_html is not None else email_form(request).render()}, request=request)
    response.status = status
    return response


@view_config(route_name="profile", request_method="GET", permission=VIEW_HOME)
def profile(request):
    """One's own profile."""
    return _page(request)


@view_config(route_name="profile", request_method="POST", permission=VIEW_HOME)
def profile_save(request):
    """Save one's name, phone and position, or (``?email=1``) one's new address."""
    user, site = request.identity, get_site(request)
    changing_email = request.GET.get("email") == "1"
    form = email_form(request) if changing_email else profile_form(request)
    kept = "email_html" if changing_email else "profile_html"
    try:
        values = form.validate(request.POST.items())
        if changing_email:
            old = credentials.change_email(site, user, values["email"], values["password"], request.registry.oko_hasher)
            if old and old != user.email:
                send_after_commit(mailer(request), [mails.address_changed(user, old, user.email)])
            message = f"Адрес эл. почты изменён: {user.email}."
        else:
            changed = credentials.edit_profile(site, user, values["name"], values["phone"], values["position"])
            message = "Профиль сохранён." if changed else "Ничего не изменилось."
    except deform.ValidationFailure as failure:
        form_invalid(request)
        return _page(request, status=400, **{kept: failure.render()})
    except Refused as exc:
        form_invalid(request)
        typed = {k: v for k, v in values.items() if k != "password"}
        return _page(request, error=str(exc), status=exc.status, **{kept: form.render(typed)})
    return done(request, request.route_url("profile"), message)
