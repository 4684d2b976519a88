"""Routes that come with the views they serve."""
import venusian


def route(name, pattern):
    """Add the route ``name`` when the module defining the view is scanned.

    NB: core.views and core.api are scanned, so a module of either can
    bring its own route with its view instead of editing their includeme.
    """
    def attach(wrapped):
        venusian.attach(wrapped, lambda scanner, *_: scanner.config.add_route(name, pattern),
                        category="pyramid")
        return wrapped
    return attach
