"""Routes that come with the views they serve, and addresses of nodes from their paths."""
import venusian
from pyramid.traversal import quote_path_segment


def path_url(application_url, path, view=""):
    """The address of ``view`` of the node at ``path``, as ``request.resource_url(node, view)`` makes it
    (``application_url``: the request's).

    NB: from the node's path, where a listing has it (a task, a search hit):
    ``resource_url`` looks adapters up and reads the request's address anew
    for every link, a tenth of a page of 50 tasks.
    """
    segments = [quote_path_segment(name) for name in path.strip("/").split("/") if name]
    url = "/".join([application_url, *segments]) + "/"
    return url + quote_path_segment(view) if view else url


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
