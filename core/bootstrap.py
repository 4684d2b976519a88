"""A new site: the root of the tree and the services every part of the application keeps in it."""
from BTrees.OOBTree import OOBTree

from core import search  # noqa: F401  (registers its indexes with the catalog before one is made)
from core.catalog import DocumentMap, make_catalog
from core.evolve import latest
from core.resources import SITE_KEY, Root
from core.security.audit import AuditLog
from core.security.throttle import SERVICE, FailureLog
from core.security.users import EMAILS


def bootstrap(zodb_root):
    """Create the site (tree root, catalog, users) in an empty database; return it."""
    site = zodb_root.get(SITE_KEY)
    if site is None:
        site = Root()
        site.services["users"] = OOBTree()
        site.services[EMAILS] = OOBTree()
        site.services["catalog"] = make_catalog()
        site.services["docmap"] = DocumentMap()
        site.services["audit"] = AuditLog()
        site.services[SERVICE] = FailureLog()
        site.evolve_version = latest()
        zodb_root[SITE_KEY] = site
    return site
