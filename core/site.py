"""The site in the database: where it is kept and how requests find it (``core.bootstrap`` creates it)."""
from pyramid_zodbconn import get_connection

# NB: SITE_KEY and open_site belong to the tree (the text drainer reads them too); the app reads them here.
from core.resources import SITE_KEY, open_site  # noqa: F401


def get_site(request):
    """The site of the request's ZODB connection (cached on the request)."""
    # NB: cached on the request, not the environ: a retried attempt gets a
    # new request and a new connection, and must not see the old objects.
    site = getattr(request, "_oko_site", None)
    if site is None:
        site = request._oko_site = open_site(get_connection(request))
    return site


def root_factory(request):
    """Pyramid's traversal root: the site."""
    return get_site(request)
