"""A broken plugin: region 77 adds an indicator with no predicate, which could never be counted."""
from core.plugin import hookimpl


@hookimpl
def oko_plugin_info():
    return {"name": "moscow", "version": "0", "regions": ["77"]}


@hookimpl
def oko_indicators(region):
    return [{"code": "olympiad_winners", "title": "Доля ОО с призёрами олимпиад"},
            {"code": "surveyed", "title": "Доля ОО, прошедших анкетирование (формулировка 77)"}]
