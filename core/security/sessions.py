"""A request's log-in: the device cookie the throttle trusts, the session opened, the user's grants.

The pages (``core.views.auth``) and the API (``core.api``) log people in
through ``log_in`` alike, so both renew the same device cookie and hit the
same throttle.
"""
import secrets

from pyramid.security import remember

from core.security.login import SUSPENDED, LoginRefused, authenticate
from core.security.roles import current_grants
from core.security.users import normal_login
from core.site import get_site

DEVICE_COOKIE = "oko_device"
DEVICE_MAX_AGE = 365 * 24 * 3600
# Accounts a device cookie remembers: a school's shared computer has a few.
DEVICES = 8


def _devices(request):
    """login -> nonce of the device cookie this browser brought ({} for none or a forged one)."""
    value = request.cookies.get(DEVICE_COOKIE)
    if not value:
        return {}
    try:
        devices = request.registry.oko_device_cookies.loads(value.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return {}
    return devices if isinstance(devices, dict) else {}


def _renew_device(request, user, devices):
    # NB: a fresh nonce at every log-in (OWASP): a cookie copied before it is a stranger's now.
    devices.pop(user.login, None)
    devices[user.login] = secrets.token_urlsafe(16)
    value = request.registry.oko_device_cookies.dumps(dict(list(devices.items())[-DEVICES:])).decode("ascii")
    secure = request.registry.oko_cookie_secure
    request.add_response_callback(lambda req, response: response.set_cookie(
        DEVICE_COOKIE, value, max_age=DEVICE_MAX_AGE, path="/", httponly=True, samesite="lax", secure=secure))


def log_in_as(request, user):
    """Open a session for ``user``, whom an identity provider vouched for (``core.security.oidc``); returns the
    headers that remember it. A suspended account is refused (LoginRefused)."""
    if user.suspended:
        raise LoginRefused(SUSPENDED, "suspended")
    _renew_device(request, user, _devices(request))
    sid = user.open_session(request.registry.oko_session_max_age)
    return remember(request, user.login, sid=sid)


def log_in(request, login_name, password):
    """Check the credentials (throttled), renew this browser's device cookie, open a session.

    Returns the user and the headers that remember the session; raises LoginRefused.
    """
    devices = _devices(request)
    user = authenticate(get_site(request), login_name, password, request.registry.oko_hasher,
                        request.registry.oko_throttle, request.client_addr,
                        device=devices.get(normal_login(login_name)),
                        directory=getattr(request.registry, "oko_directory", None))
    _renew_device(request, user, devices)
    sid = user.open_session(request.registry.oko_session_max_age)
    return user, remember(request, user.login, sid=sid)


def user_grants(request):
    """``{path: roles}`` of the logged-in user that hold today ({} for nobody)."""
    user = request.identity
    return current_grants(user) if user is not None else {}
