"""The 500+ project: support of schools with low results (DOMAIN.md, Process 1; seed 004).

``model`` holds what a participation keeps, ``steps`` the steps of the
municipal roadmap in order, ``indicators`` the shares kept on change, and
``forms`` the structured concept documents a region may extend.
"""


def includeme(config):
    """The 500+ project's pages and API (its rules answer as the built-in plugin ``core.project500.defaults``)."""
    config.scan("core.project500.pages")
    # NB: an operator's home page shows the project's indicators (core.views.home).
    config.include("core.project500.pages.home")
    config.scan("core.project500.api")
    config.scan("core.project500.indicators_api")
