"""OKO Case: document-centric case management for regional education authorities.

The application is the platform (tree, security, workflow, catalog, the web kit
of pages and API) plus one package per domain. Each domain package holds its
model, steps, pages, API with its OpenAPI part, templates, its federal defaults
(a built-in plugin, ``defaults``) and its evolve steps, and an ``includeme``.
"""
import pluggy

hookimpl = pluggy.HookimplMarker("oko")

# Included in this order: the policies and directives the domains rely on come first.
PLATFORM = ("pyramid_chameleon", "pyramid_tm", "pyramid_retry", "pyramid_zodbconn", "core.site",
            "core.conflicts", "core.plugins", "core.security", "core.mail", "core.web", "core.views", "core.api")
# The domains, each a package with an ``includeme`` (pages, API) and a ``defaults`` plugin.
DOMAINS = ("core.accounts", "core.acts", "core.project500", "core.attestation", "core.attestation_monitoring",
           "core.teachers", "core.cmm", "core.roadmaps", "core.results", "core.orgs")


def main(global_config, **settings):
    """The Pyramid WSGI application."""
    from pyramid.config import Configurator

    with Configurator(settings=settings, root_factory="core.site.root_factory") as config:
        for name in PLATFORM + DOMAINS:
            config.include(name)
        config.scan("core.views")
        config.scan("core.api")
        # NB: last: it starts the plugins' screens and the background work once all views exist.
        config.include("core.startup")
    return config.make_wsgi_app()
