"""OKO Case: document-centric case management for regional education authorities."""
import pluggy

hookimpl = pluggy.HookimplMarker("oko")


def main(global_config, **settings):
    """The Pyramid WSGI application."""
    from pyramid.config import Configurator

    with Configurator(settings=settings, root_factory="core.site.root_factory") as config:
        # NB: includes come first: they add the directives and the policies
        # that the scanned views and the plugins' screens rely on.
        config.include("pyramid_chameleon")
        config.include("pyramid_tm")
        config.include("pyramid_retry")
        config.include("pyramid_zodbconn")
        config.include("core.conflicts")
        config.include("core.plugins")
        config.include("core.security")
        config.include("core.web")
        config.include("core.views")
        config.include("core.api")
        config.scan("core.views")
        config.scan("core.api")
        config.include("core.startup")
    return config.make_wsgi_app()
