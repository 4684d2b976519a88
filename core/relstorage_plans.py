"""RelStorage's temporary tables on PostgreSQL, analyzed once per store connection, so writes lock by key.

A RelStorage commit puts the changed objects in a temporary table
(``temp_store``, a few rows for a workflow step) and joins it to
``current_object`` (every object of the site) to lock them and detect
conflicts. PostgreSQL never analyzes temporary tables, so it guesses
hundreds of rows for them, and for a site of some ten thousand objects it
chooses to read the whole of ``current_object`` twice a commit: 2.0 of the
3.8 ms PostgreSQL spent on a step of the scale-out bench's region. Once the
empty tables are analyzed (and ``random_page_cost`` says the data is on SSD
or in memory, docs/deploy.md), the same commit locks its rows through the
primary key: 0.2 ms. RelStorage leaves this to the application ("an ANALYZE
would still be helpful before using the temp table, but we haven't
benchmarked that", its ``PostgreSQLObjectMover.on_store_opened``).
"""
import functools

from pyramid_zodbconn import get_uris

POSTGRES = "postgres://"

# NB: whatever temporary tables RelStorage made in this session (temp_store, temp_store_replacements,
# temp_blob_chunk in RelStorage 4), found rather than named, so that a release that renames one still starts.
TEMPORARY_TABLES = "SELECT relname FROM pg_class WHERE relnamespace = pg_my_temp_schema() AND relkind = 'r'"


def analyze_temporary_tables(cursor):
    """Analyze the session's temporary tables while they are empty (``cursor``: a store connection's)."""
    cursor.execute(TEMPORARY_TABLES)
    names = [row[0] for row in cursor.fetchall()]
    if names:
        cursor.execute("ANALYZE " + ", ".join(f'pg_temp."{name}"' for name in names))
    cursor.connection.commit()


def _analyzing(on_store_opened):
    @functools.wraps(on_store_opened)
    def opened(self, cursor, restart=False):
        on_store_opened(self, cursor, restart)
        # NB: once per connection: the tables are created then, and a restart (every transaction) finds
        # them analyzed still (ON COMMIT DELETE ROWS empties a table without touching its statistics).
        if not restart:
            analyze_temporary_tables(cursor)
    opened.oko_analyzes = True
    return opened


def install():
    """Make every RelStorage PostgreSQL store connection of this process analyze its temporary tables
    when it opens (idempotent)."""
    from relstorage.adapters.postgresql.mover import PostgreSQLObjectMover
    if not getattr(PostgreSQLObjectMover.on_store_opened, "oko_analyzes", False):
        PostgreSQLObjectMover.on_store_opened = _analyzing(PostgreSQLObjectMover.on_store_opened)


def install_for(uris):
    """``install`` if one of the database ``uris`` is RelStorage on PostgreSQL (``postgres://``).

    NB: only then: RelStorage's PostgreSQL adapter takes a fifth of a second to import, a quarter of a
    worker's start on a FileStorage or ZEO site, which never uses it.
    """
    if any(uri.strip().startswith(POSTGRES) for uri in uris):
        install()


def includeme(config):
    """``install_for`` the application's databases, before ``pyramid_zodbconn`` opens them."""
    install_for(uri for _, uri in get_uris(config.registry.settings))
