"""The view predicate ``roadmap_level``: a view of roadmaps of one level, so that it declares the step of that level.

A roadmap is one class whatever its level, and each step is declared by
level (``core.roadmaps.access``); a view registered once per level with
``roadmap_level=<level>`` and ``permission=<that level's step>.permission``
is guarded by the step itself, as the security policy reads it.
"""
from pyramid.view import view_config


class RoadmapLevel:
    """Matches a context whose ``level`` is the predicate's value."""

    def __init__(self, value, config):
        self.value = value

    def text(self):
        """How the predicate is named in Pyramid's introspection."""
        return f"roadmap_level = {self.value}"

    phash = text

    def __call__(self, context, request):
        return getattr(context, "level", None) == self.value


def by_level(steps, **settings):
    """``view_config`` once per level of ``steps`` (``{level: Step}``), guarded by that level's step."""
    def decorate(func):
        for level, step in reversed(list(steps.items())):
            # NB: _depth: venusian attaches the view to the module that calls ``by_level``, not to this one.
            func = view_config(roadmap_level=level, permission=step.permission, _depth=1, **settings)(func)
        return func
    return decorate
