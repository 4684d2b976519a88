"""Security: users, sessions, local roles and the Pyramid security policy."""
from pyramid.security import Allowed, Denied
from webob.cookies import SignedSerializer

from core.security.csrf import MaskedCSRFStoragePolicy, csrf_token
from core.security.ldapauth import directory_from
from core.security.login import LoginRefused, authenticate, change_password  # noqa: F401
from core.security.oidc import provider_from
from core.security.permissions import admits, permits
from core.security.roles import ROLES, RolesAlong, effective_roles  # noqa: F401
from core.security.session_cookie import session_factory
from core.security.steps import declared
from core.security.throttle import LoginThrottle
from core.security.transport import setting_bool
from core.security.users import make_hasher, users_of
from core.site import get_site


class SecurityPolicy:
    """Who is asking (from the signed session, checked server-side) and what they may do."""

    def identity(self, request):
        """The logged-in ``User``, or None; a revoked or expired session counts as none."""
        # NB: per request object, never the environ, which a retry reuses.
        cached = getattr(request, "_oko_identity", False)
        if cached is not False:
            return cached
        user = None
        session = request.session
        login = session.get("uid")
        if login:
            candidate = users_of(get_site(request)).get(login)
            # NB: a suspended user's sessions end at once: ``session_valid`` answers no for them.
            if candidate is not None and candidate.session_valid(session.get("sid")):
                user = candidate
        request._oko_identity = user
        return user

    def authenticated_userid(self, request):
        """The login of the logged-in user, or None."""
        user = self.identity(request)
        return user.login if user is not None else None

    def roles(self, request, context):
        """The effective roles of the current user on ``context``, each node's kept for the request.

        NB: ``RolesAlong``: a page that checks 50 dossiers of one school (or
        the children of a municipality) reads the school's ancestors once,
        not once per dossier. As before, what a request reads is what it
        held when first read: a step that changes grants answers with its
        own result or a redirect.
        """
        along = request.__dict__.get("_oko_roles")
        if along is None:
            along = request.__dict__["_oko_roles"] = RolesAlong(self.authenticated_userid(request))
        return along(context)

    def permits(self, request, context, permission):
        """Allowed when a role the user holds on ``context`` has ``permission`` in its state.

        A declared step's permission (``core.security.steps``) is granted by the
        step's own roles, when ``context`` admits the role held now; the denial
        names the step, so that the forbidden view can answer as the step does.
        """
        roles = self.roles(request, context)
        step = declared(permission)
        if step is not None:
            if admits(context, step.held(roles), request.registry.oko):
                return Allowed("a role of the step")
            denied = Denied("no role of step %s", step.name)
            denied.step = step
            return denied
        if roles and permits(context, roles, permission, request.registry.oko):
            return Allowed("role grants permission")
        return Denied("no role grants permission")

    def remember(self, request, userid, sid=None, **kw):
        """Bind the session to ``userid`` and its server-side session id."""
        request.session.invalidate()
        request.session["uid"] = userid
        request.session["sid"] = sid
        # NB: a fresh token with the fresh session: pages need one, and
        # making it later would rewrite the cookie on the next response.
        request.session.new_csrf_token()
        request.__dict__.pop("_oko_identity", None)
        request.__dict__.pop("_oko_roles", None)
        return []

    def forget(self, request, **kw):
        """Drop the session cookie's identity."""
        request.session.invalidate()
        return []


def includeme(config):
    """The public URL and the headers, sessions, CSRF, Argon2, the log-in throttle and the security policy."""
    config.include("core.security.transport")
    settings = config.registry.settings
    max_age = int(settings.get("oko.session_max_age", 12 * 3600))
    config.registry.oko_cookie_secure = setting_bool(settings, "oko.cookie_secure", False)
    config.set_session_factory(session_factory(
        settings["oko.secret"], cookie_name="oko_session", httponly=True, samesite="Lax",
        secure=config.registry.oko_cookie_secure, timeout=max_age, reissue_time=max_age // 10))
    # NB: the token is printed masked anew in each response: pages are compressed (BREACH).
    config.registry.oko_csrf_policy = MaskedCSRFStoragePolicy()
    config.set_csrf_storage_policy(config.registry.oko_csrf_policy)
    config.add_request_method(csrf_token, "csrf_token", reify=True)
    config.set_default_csrf_options(require_csrf=True, token="csrf_token", header="X-CSRF-Token")
    policy = SecurityPolicy()
    config.set_security_policy(policy)
    config.add_request_method(lambda request, context: policy.roles(request, context), "roles_on")
    config.set_default_permission("view")
    config.registry.oko_hasher = make_hasher(settings.get("oko.argon2", "default"))
    config.registry.oko_throttle = LoginThrottle()
    config.registry.oko_directory = directory_from(settings)
    config.registry.oko_oidc = provider_from(settings)
    # Signs the device cookies of core.security.sessions (a salt of their own: never mistaken for a session).
    config.registry.oko_device_cookies = SignedSerializer(settings["oko.secret"], "oko.device", hashalg="sha512")
    config.registry.oko_session_max_age = max_age
