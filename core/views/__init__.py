"""Server-rendered pages in Russian, one module per area; templates beside them."""
from pyramid.events import BeforeRender
from pyramid.tweens import MAIN

from core.security.transport import CACHE_SECONDS, STATIC_ASSETS, add_public_route
from core.views.layout import add_renderer_globals
from core.views.people import add_picker


def includeme(config):
    """Static assets, what every template gets, and the first-password gate."""
    for name, spec in STATIC_ASSETS.items():
        config.add_static_view(name, spec, cache_max_age=CACHE_SECONDS)
    config.add_subscriber(add_renderer_globals, BeforeRender)
    config.add_subscriber(add_picker, BeforeRender)
    config.add_route("login", "/login")
    config.add_route("logout", "/logout")
    config.add_route("password", "/password")
    config.add_route("tasks", "/tasks")
    # NB: the OpenID Connect log-in (core.security.oidc): answered only when the ini names a provider.
    config.add_route("login_oidc", "/login/oidc")
    config.add_route("login_oidc_callback", "/login/oidc/callback")
    add_public_route(config, "login_oidc")
    add_public_route(config, "login_oidc_callback")
    # NB: inside the transaction and the error pages: it reads the user.
    config.add_tween("core.views.auth.password_change_gate", over=MAIN)
