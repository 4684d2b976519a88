"""Log-in, log-out and password change."""
import colander
import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import forget, remember
from pyramid.view import view_config

from core.security import LoginRefused, authenticate, change_password
from core.security.permissions import VIEW_HOME
from core.site import get_site

from .layout import PUBLIC, flash
from .steps import form_invalid


def _safe_came_from(request, came_from):
    # NB: only local paths: an open redirect would let a phishing link log
    # the user in and send them elsewhere.
    if came_from and came_from.startswith("/") and not came_from.startswith("//"):
        return request.application_url + came_from
    return request.application_url + "/"


@view_config(route_name="login", request_method="GET", renderer="templates/login.pt", permission=PUBLIC)
def login_form(request):
    """The log-in page."""
    return {"error": None, "login": "", "came_from": request.params.get("came_from", "")}


@view_config(route_name="login", request_method="POST", renderer="templates/login.pt", permission=PUBLIC)
def login(request):
    """Check the credentials, open a server-side session, and go where the user was going."""
    login_name = request.POST.get("login", "")
    came_from = request.POST.get("came_from", "")
    try:
        user = authenticate(get_site(request), login_name, request.POST.get("password", ""),
                            request.registry.oko_hasher, request.registry.oko_throttle,
                            request.client_addr)
    except LoginRefused as exc:
        request.response.status = 400
        return {"error": str(exc), "login": login_name, "came_from": came_from}
    sid = user.open_session(request.registry.oko_session_max_age)
    headers = remember(request, user.login, sid=sid)
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
    schema = PasswordSchema().bind(request=request)
    return deform.Form(schema, buttons=(deform.Button("save", "Сменить пароль"),),
                       action=request.route_url("password"))


def _with_csrf(request, html):
    token = request.session.get_csrf_token()
    return html.replace("</form>", f'<input type="hidden" name="csrf_token" value="{token}"></form>', 1)


@view_config(route_name="password", request_method="GET", renderer="templates/form.pt",
             permission=VIEW_HOME)
def password_form(request):
    """The password change page."""
    return {"page_title": "Смена пароля", "form": _with_csrf(request, _password_form(request).render())}


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
        return {"page_title": "Смена пароля", "form": _with_csrf(request, exc.render())}
    except LoginRefused as exc:
        form_invalid(request)
        return {"page_title": "Смена пароля", "error": str(exc),
                "form": _with_csrf(request, form.render())}
    headers = remember(request, user.login, sid=sid)
    flash(request, "Пароль изменён. Другие сеансы входа закрыты.", "success")
    return HTTPSeeOther(request.application_url + "/", headers=headers)
