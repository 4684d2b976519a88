"""RelStorage's temporary tables analyzed on PostgreSQL only (``core.relstorage_plans``); the plans
themselves are checked against a real server in tests/functional/test_storage.py."""
import subprocess
import sys

from core import relstorage_plans

PROBE = """
import sys
from core.relstorage_plans import install_for
install_for({uris!r})
mover = sys.modules.get("relstorage.adapters.postgresql.mover")
print(mover is not None and getattr(mover.PostgreSQLObjectMover.on_store_opened, "oko_analyzes", False),
      mover is not None)
"""


def _installed(uris):
    done = subprocess.run([sys.executable, "-c", PROBE.format(uris=uris)], capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_a_filestorage_or_zeo_site_never_imports_relstorages_postgresql_adapter():
    assert _installed(["file:///srv/oko/var/Data.fs", "zeo://127.0.0.1:8100"]) == ["False", "False"]


def test_a_postgresql_site_has_its_store_connections_analyze_their_temporary_tables():
    assert _installed(["postgres://oko@db.example.ru:5432/oko?blob_dir=/tmp/b"]) == ["True", "True"]


def test_installing_twice_wraps_once():
    from relstorage.adapters.postgresql.mover import PostgreSQLObjectMover
    relstorage_plans.install()
    first = PostgreSQLObjectMover.on_store_opened
    relstorage_plans.install()
    assert PostgreSQLObjectMover.on_store_opened is first and first.oko_analyzes
