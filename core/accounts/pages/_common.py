"""What the accounts' pages share: the templates' place."""

TEMPLATES = "core:accounts/templates/"


def template(name):
    """The asset spec of the accounts' template ``name``."""
    return f"{TEMPLATES}{name}.pt"
