"""The federal answers that belong to no one domain: a built-in plugin registered first, for every region.

Each domain answers its own questions with its own built-in plugin (``core/<domain>/defaults.py``);
what is left here is the plugin every region's answers start from.
"""
from core import hookimpl


def items(pairs):
    """Turn (code, title) pairs into hook items."""
    return [{"code": code, "title": title} for code, title in pairs]


# The roles that start every domain's work from a region's page.
OPERATORS = ("federal_operator", "regional_operator")


@hookimpl
def oko_plugin_info():
    return {"name": "federal", "version": "1.0", "title": "Федеральные значения по умолчанию",
            "regions": ["*"]}


@hookimpl
def oko_validate_document(region, document_type, inspected):
    return []
