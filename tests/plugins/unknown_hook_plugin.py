"""A broken plugin: it implements a hook that does not exist."""
from core.plugin import hookimpl


@hookimpl
def oko_plugin_info():
    return {"name": "typo", "version": "0", "regions": ["77"]}


@hookimpl
def oko_risk_factor(region):
    return []
