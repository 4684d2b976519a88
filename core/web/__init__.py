"""The web kit the pages (``core.views``) and the JSON API (``core.api``) share.

Both stand on it and neither imports the other (``tests/unit/test_web_layers.py``):
answers (``responses``: an error as a page or as JSON, a file to save), the
one exception view of every refusal (``refusals``), the routes a view
brings (``routes``) and the rows of «Мои задачи» (``tasks``).
"""


def includeme(config):
    """The answer to refusals."""
    config.include("core.web.refusals")
