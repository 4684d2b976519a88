"""The web kit the pages (``core.views``) and the JSON API (``core.api``) share.

Both stand on it and neither imports the other (``tests/unit/test_web_layers.py``):
the forms of the pages with the CSRF token in their schema and one Russian
renderer (``forms``), answers (``responses``: an error as a page or as
JSON, a file to save), the one exception view of every refusal
(``refusals``), paging (``paging``), the routes a view brings
(``routes``), the rows of «Мои задачи» (``tasks``) and the one class of
every request (``requests``).
"""


def includeme(config):
    """The Russian renderer of every form, the answer to refusals, and one class for every request."""
    config.include("core.web.forms")
    config.include("core.web.refusals")
    config.include("core.web.requests")
