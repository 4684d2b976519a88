"""Log-in, log-out and password change pages; the first-password gate.

A browser in which someone logged in keeps a signed device cookie naming
the accounts logged in there (``core.security.login`` says why,
``core.security.sessions`` keeps it). A person
whose password someone else chose reaches only the password page until
they choose their own: other pages redirect there, the API answers 403
``password_change_required``.
"""
import secrets

import colander
import deform
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.security import forget, remember
from pyramid.view import view_config

from core.security import LoginRefused, change_password
from core.security.oidc import OidcRefused
from core.security.permissions import VIEW_HOME
from core.security.sessions import log_in, log_in_as
from core.security.transport import public_asset, public_path
from core.security.users import user_by_email
from core.site import get_site
from core.views.layout import PUBLIC, flash
from core.views.steps import form_invalid
from core.web.forms import Form
from core.web.responses import error_response, is_api

# Paths anyone may reach, also someone who must first change their password.
FIRST_PASSWORD = ("Пароль вам задал другой человек: придумайте свой. "
                  "Пока вы его не смените, другие страницы недоступны.")


def _safe_came_from(request, came_from):
    # NB: only local paths: an open redirect would let a phishing link log
    # the user in and send them elsewhere.
    if came_from and came_from.startswith("/") and not came_from.startswith("//"):
        return request.application_url + came_from
    return request.application_url + "/"


@view_config(route_name="login", request_method="GET", renderer="templates/login.pt", permission=PUBLIC)
def login_form(request):
    """The log-in page."""
    return {"error": None, "login": "", "came_from": request.params.get("came_from", ""), "oidc": _oidc(request)}


def _oidc(request):
    provider = getattr(request.registry, "oko_oidc", None)
    return provider.title if provider is not None else None


@view_config(route_name="login_oidc", request_method="GET", permission=PUBLIC)
def login_oidc(request):
    """Go to log in at the OpenID Connect provider (a state, a nonce and a PKCE verifier kept in the session)."""
    provider = getattr(request.registry, "oko_oidc", None)
    if provider is None:
        raise HTTPNotFound("Вход через внешнюю службу не настроен.")
    state, nonce, verifier = (secrets.token_urlsafe(24) for _ in range(3))
    request.session["oidc"] = {"state": state, "nonce": nonce, "verifier": verifier}
    try:
        url = provider.authorization_url(request.route_url("login_oidc_callback"), state, nonce, verifier)
    except (OSError, ValueError, KeyError):
        return _login_refused(request, "Служба входа недоступна: войдите по паролю или попробуйте позже.")
    return HTTPSeeOther(url)


def _login_refused(request, message):
    response = render_to_response("core:views/templates/login.pt", {"error": message, "login": "", "came_from": "",
                                                         "oidc": _oidc(request)}, request=request)
    response.status = 400
    return response


@view_config(route_name="login_oidc_callback", request_method="GET", permission=PUBLIC)
def login_oidc_callback(request):
    """Back from the provider: the code exchanged, the ID token verified, its address names the account."""
    provider = getattr(request.registry, "oko_oidc", None)
    kept = request.session.pop("oidc", None)
    if provider is None:
        raise HTTPNotFound("Вход через внешнюю службу не настроен.")
    if not kept or not secrets.compare_digest(request.GET.get("state", ""), kept["state"]) \
            or not request.GET.get("code"):
        return _login_refused(request, "Вход через внешнюю службу не удался: начните вход заново.")
    try:
        email = provider.email_of(request.GET["code"], request.route_url("login_oidc_callback"), kept["nonce"],
                                  kept["verifier"])
    except OidcRefused as exc:
        return _login_refused(request, str(exc))
    user = user_by_email(get_site(request), email)
    if user is None:
        return _login_refused(request, "Для этого адреса нет учётной записи в ОКО Кейс: её создаёт приглашение "
                                       "оператора.")
    try:
        headers = log_in_as(request, user)
    except LoginRefused as exc:
        return _login_refused(request, str(exc))
    return HTTPSeeOther(request.application_url + "/", headers=headers)


@view_config(route_name="login", request_method="POST", renderer="templates/login.pt", permission=PUBLIC)
def login(request):
    """Check the credentials, open a server-side session, and go where the user was going."""
    login_name = request.POST.get("login", "")
    came_from = request.POST.get("came_from", "")
    try:
        user, headers = log_in(request, login_name, request.POST.get("password", ""))
    except LoginRefused as exc:
        request.response.status = 400
        return {"error": str(exc), "login": login_name, "came_from": came_from, "oidc": _oidc(request)}
    if user.must_change_password:
        return HTTPSeeOther(request.route_url("password"), headers=headers)
    return HTTPSeeOther(_safe_came_from(request, came_from), headers=headers)


@view_config(route_name="logout", request_method="POST", permission=PUBLIC)
def logout(request):
    """Close this session on the server as well as in the browser."""
    user = request.identity
    if user is not None:
        user.close_session(request.session.get("sid"))
    headers = forget(request)
    return HTTPSeeOther(request.route_url("login"), headers=headers)


class PasswordSchema(colander.Schema):
    """The password change form."""

    current = colander.SchemaNode(colander.String(), title="Текущий пароль",
                                  widget=deform.widget.PasswordWidget())
    new = colander.SchemaNode(colander.String(), title="Новый пароль",
                              validator=colander.Length(min=8, min_err="Не короче 8 символов"),
                              widget=deform.widget.CheckedPasswordWidget())


def _password_form(request):
    return Form(request, PasswordSchema(), buttons=(deform.Button("save", "Сменить пароль"),),
                action=request.route_url("password"))


def _password_page(request, html, error=None):
    note = FIRST_PASSWORD if request.identity.must_change_password else None
    return {"page_title": "Смена пароля", "note": note, "error": error, "form": html}


@view_config(route_name="password", request_method="GET", renderer="templates/form.pt",
             permission=VIEW_HOME)
def password_form(request):
    """The password change page."""
    return _password_page(request, _password_form(request).render())


@view_config(route_name="password", request_method="POST", renderer="templates/form.pt",
             permission=VIEW_HOME)
def password_change(request):
    """Change the password; every other session of this user stops working."""
    user = request.identity
    form = _password_form(request)
    try:
        data = form.validate(request.POST.items())
        sid = change_password(user, data["current"], data["new"], request.registry.oko_hasher,
                              request.registry.oko_session_max_age)
    except deform.ValidationFailure as exc:
        form_invalid(request)
        return _password_page(request, exc.render())
    except LoginRefused as exc:
        form_invalid(request)
        return _password_page(request, form.render(), str(exc))
    headers = remember(request, user.login, sid=sid)
    flash(request, "Пароль изменён. Другие сеансы входа закрыты.", "success")
    return HTTPSeeOther(request.application_url + "/", headers=headers)


def password_change_gate(handler, registry):
    """A tween: someone who must change their password reaches only the password page and the public paths."""
    def gate(request):
        # NB: static assets first: they need neither the session nor the database.
        if public_asset(request):
            return handler(request)
        user = request.identity
        if user is None or not user.must_change_password or public_path(request) \
                or request.path_info == request.route_path("password"):
            return handler(request)
        if is_api(request):
            return error_response(request, 403, "password_change_required",
                                  "Смените пароль, заданный вам другим человеком: откройте страницу «Смена пароля».")
        return HTTPSeeOther(request.route_url("password"))
    return gate
