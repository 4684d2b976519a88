"""Server-rendered pages in Russian, one module per area; templates beside them."""
from pyramid.events import BeforeRender

from .layout import add_renderer_globals


def includeme(config):
    """Static assets, the deform renderer and what every template gets."""
    config.add_static_view("static", "core:static", cache_max_age=3600)
    config.add_static_view("deform_static", "deform:static", cache_max_age=3600)
    config.include("core.views.forms")
    config.add_subscriber(add_renderer_globals, BeforeRender)
    config.add_route("login", "/login")
    config.add_route("logout", "/logout")
    config.add_route("password", "/password")
    config.add_route("tasks", "/tasks")
