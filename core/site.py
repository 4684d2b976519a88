"""The site in the database: where it is kept and how requests find it (``core.bootstrap`` creates it)."""
import transaction
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


def explicit_transactions(handler, registry):
    """A tween over pyramid_tm's: the thread's transaction manager is explicit while it serves a request.

    A connection of an implicit manager asks its storage for what changed
    when it opens, when the transaction begins and again after the commit
    (for a next transaction the request never starts): four round trips to
    PostgreSQL a request with RelStorage, where one, at the begin, is all a
    request needs. ``transaction.get()`` is still the request's transaction.
    """
    def explicit(request):
        manager = transaction.manager
        was, manager.explicit = manager.explicit, True
        try:
            return handler(request)
        finally:
            manager.explicit = was
    return explicit


def includeme(config):
    """Make the requests' transactions explicit (``explicit_transactions``)."""
    config.add_tween("core.site.explicit_transactions", over="pyramid_tm.tm_tween_factory")
