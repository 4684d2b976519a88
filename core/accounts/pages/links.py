"""The pages anyone reaches: accepting an invitation, asking for a new password, choosing it by the link.

A link that does not work says why and offers a new one (410). Asking for
a new password answers the same page whatever the address: whether it
belongs to anyone is never told, and the mail (if any) leaves after the
answer, in the background (``core.accounts.delivery.send_reset_link``).
"""
import colander
import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.security import remember
from pyramid.view import view_config

from core.accounts import credentials, links
from core.accounts.delivery import NO_MAILER, SENT, mailer, send_reset_link
from core.accounts.pages._common import template
from core.refused import Refused
from core.security.passwords import MIN_LENGTH
from core.security.permissions import PUBLIC
from core.site import get_site
from core.views.layout import flash
from core.views.steps import form_invalid
from core.web.forms import Form

LINK_PAGE = template("link")
FORGOT_PAGE = template("forgot")
TITLES = {links.INVITE: "Приглашение в ОКО Кейс", links.RESET: "Новый пароль"}
ROUTES = {links.INVITE: "invitation", links.RESET: "reset"}
WELCOME = {links.INVITE: "Добро пожаловать! Пароль задан, вы вошли в систему.",
           links.RESET: "Новый пароль задан, вы вошли в систему. Прежние сеансы входа закрыты."}


def password_form(request, purpose, token):
    """The form in which the person of a link chooses their password (twice)."""
    schema = colander.SchemaNode(colander.Mapping())
    schema.add(colander.SchemaNode(colander.String(), name="t", default=token, widget=deform.widget.HiddenWidget()))
    schema.add(colander.SchemaNode(
        colander.String(), name="password", title="Пароль", missing_msg="Придумайте пароль",
        validator=colander.Length(min=MIN_LENGTH, max=1000, min_err="Не короче ${min} символов",
                                  max_err="Не длиннее ${max} символов"),
        widget=deform.widget.CheckedPasswordWidget(attributes={"autocomplete": "new-password"})))
    return Form(request, schema, action=request.route_url(ROUTES[purpose]), formid="password-form",
                buttons=(deform.Button("save", "Задать пароль"),))


def _page(request, purpose, form=None, error=None, why=None, user=None, status=200):
    response = render_to_response(LINK_PAGE, {
        "page_title": TITLES[purpose], "purpose": purpose, "form": form, "error": error, "why": why,
        "person": user, "forgot_url": request.route_url("forgot")}, request=request)
    response.status = status
    return response


def _refused_link(request, purpose, exc):
    request.tm.doom()
    return _page(request, purpose, why=str(exc), status=exc.status)


def _show(request, purpose):
    token = request.GET.get("t", "")
    try:
        _, user = credentials.working_link(get_site(request), token, purpose)
    except credentials.LinkRefused as exc:
        return _refused_link(request, purpose, exc)
    return _page(request, purpose, password_form(request, purpose, token).render(), user=user)


def _choose(request, purpose):
    token = request.POST.get("t", "")
    site = get_site(request)
    try:
        _, user = credentials.working_link(site, token, purpose)
    except credentials.LinkRefused as exc:
        return _refused_link(request, purpose, exc)
    form = password_form(request, purpose, token)
    try:
        values = form.validate(request.POST.items())
        user = credentials.choose_password(site, token, purpose, values["password"], request.registry.oko_hasher)
    except deform.ValidationFailure as failure:
        form_invalid(request)
        return _page(request, purpose, failure.render(), user=user, status=400)
    except credentials.LinkRefused as exc:
        return _refused_link(request, purpose, exc)
    except Refused as exc:
        form_invalid(request)
        return _page(request, purpose, form.render({"t": token}), error=str(exc), user=user, status=exc.status)
    # NB: the person proved they own the address; they are logged in with a session of their own.
    headers = remember(request, user.login, sid=user.open_session(request.registry.oko_session_max_age))
    flash(request, WELCOME[purpose], "success")
    return HTTPSeeOther(request.application_url + "/", headers=headers)


@view_config(route_name="invitation", request_method="GET", permission=PUBLIC)
def invitation(request):
    """The invitation: the person sees whose account it is and chooses a password, or is told why the link is dead."""
    return _show(request, links.INVITE)


@view_config(route_name="invitation", request_method="POST", permission=PUBLIC)
def accept(request):
    """Accept the invitation: the password chosen, the link spent, the person logged in."""
    return _choose(request, links.INVITE)


@view_config(route_name="reset", request_method="GET", permission=PUBLIC)
def reset(request):
    """Choosing a new password by the link of a letter."""
    return _show(request, links.RESET)


@view_config(route_name="reset", request_method="POST", permission=PUBLIC)
def reset_choose(request):
    """The new password chosen: every earlier session and link of the person ends."""
    return _choose(request, links.RESET)


def forgot_form(request):
    """The form to ask for a link: the e-mail address (or the log-in name)."""
    schema = colander.SchemaNode(colander.Mapping())
    schema.add(colander.SchemaNode(colander.String(), name="email", title="Эл. почта или имя для входа",
                                   missing_msg="Введите адрес эл. почты",
                                   validator=colander.Length(max=254, max_err="Не длиннее ${max} символов"),
                                   widget=deform.widget.TextInputWidget(attributes={"autocomplete": "email"})))
    return Form(request, schema, action=request.route_url("forgot"), formid="forgot-form",
                buttons=(deform.Button("send", "Получить ссылку"),))


def _forgot_page(request, html, sent=None, status=200):
    response = render_to_response(FORGOT_PAGE, {"page_title": "Забыли пароль?", "form": html, "sent": sent,
                                                "no_mailer": NO_MAILER if mailer(request) is None else None},
                                  request=request)
    response.status = status
    return response


@view_config(route_name="forgot", request_method="GET", permission=PUBLIC)
def forgot(request):
    """Ask for a link to choose a new password."""
    return _forgot_page(request, forgot_form(request).render())


@view_config(route_name="forgot", request_method="POST", permission=PUBLIC)
def forgot_send(request):
    """Send the link if the address is an account's; answer the same whether it is or not."""
    form = forgot_form(request)
    try:
        address = form.validate(request.POST.items())["email"]
    except deform.ValidationFailure as failure:
        form_invalid(request)
        return _forgot_page(request, failure.render(), status=400)
    send_reset_link(request, address)
    return _forgot_page(request, forgot_form(request).render(), SENT)

