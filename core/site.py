"""The site in the database: where it is kept, how it is created, how requests find it."""
from BTrees.OOBTree import OOBTree
from pyramid_zodbconn import get_connection

from core import search  # noqa: F401  (registers its indexes with the catalog before one is made)
from core.catalog import DocumentMap, make_catalog
from core.evolve import latest

# NB: SITE_KEY and open_site belong to the tree (the text drainer reads them too); the app reads them here.
from core.resources import SITE_KEY, Root, open_site  # noqa: F401
from core.security.audit import AuditLog
from core.security.throttle import SERVICE, FailureLog


def bootstrap(zodb_root):
    """Create the site (tree root, catalog, users) in an empty database; return it."""
    site = zodb_root.get(SITE_KEY)
    if site is None:
        site = Root()
        site.services["users"] = OOBTree()
        site.services["catalog"] = make_catalog()
        site.services["docmap"] = DocumentMap()
        site.services["audit"] = AuditLog()
        site.services[SERVICE] = FailureLog()
        site.evolve_version = latest()
        zodb_root[SITE_KEY] = site
    return site


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
