"""The last steps of start-up: the plugins' own screens, and a site in the database."""
import logging

import transaction

from .evolve import pending
from .site import bootstrap

log = logging.getLogger(__name__)


def includeme(config):
    """Let plugins add their screens, then make sure the database holds a site."""
    config.registry.oko.pm.hook.oko_includeme(config=config)
    databases = getattr(config.registry, "_zodb_databases", {})
    db = databases.get("")
    if db is None:
        return
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    try:
        with tm:
            site = bootstrap(conn.root())
        behind = pending(site)
        if behind:
            log.warning("База данных требует обновления (%d шагов): выполните `oko evolve`.", len(behind))
    finally:
        conn.close()
