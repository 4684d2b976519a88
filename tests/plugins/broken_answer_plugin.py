"""A plugin for region 74 whose risk factor lacks its title: start-up stops naming it."""
from core.plugin import hookimpl


@hookimpl
def oko_plugin_info():
    return {"name": "chelyabinsk", "version": "0", "regions": ["74"]}


@hookimpl
def oko_risk_factors(region):
    return [{"code": "mining_towns", "titel": "Школы моногородов"}]
