"""The last steps of start-up: the plugins' own screens, a site in the database, its text indexes up to date."""
import logging

import transaction

from core.bootstrap import bootstrap
from core.evolve import pending
from core.textqueue import drain

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
    # NB: what a process that died between a commit and its drain left pending is searchable again.
    drain(db)
