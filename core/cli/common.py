"""What every command of `oko` needs: the settings of an ini file, its database's site, the plugin host."""
import contextlib
from pathlib import Path

import transaction
from pyramid.paster import get_appsettings
from ZODB import DB
from zodburi import resolve_uri

from core import relstorage_plans
from core.bootstrap import bootstrap
from core.plugins import Host, make_plugin_manager
from core.site import open_site as site_of


def settings_of(ini):
    """The application settings of the ini file ``ini``."""
    return get_appsettings(ini)


@contextlib.contextmanager
def open_site(ini, create=True):
    """The site of the database named in ``ini``, in an open connection; closed after."""
    settings = settings_of(ini)
    relstorage_plans.install_for([settings["zodbconn.uri"]])
    factory, dbkw = resolve_uri(settings["zodbconn.uri"])
    db = DB(factory(), **dbkw)
    conn = db.open()
    try:
        site = site_of(conn)
        if site is None and create:
            site = bootstrap(conn.root())
            transaction.commit()
        yield site, settings
    finally:
        transaction.abort()
        conn.close()
        db.close()


def host(settings=None):
    """The plugin host, as the application would build it from ``settings``."""
    settings = settings or {}
    return Host(make_plugin_manager(overrides_dir=settings.get("oko.overrides_dir")))


def shown_path(path):
    """``path`` relative to the current directory when it is below it (a report's line stays short)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
