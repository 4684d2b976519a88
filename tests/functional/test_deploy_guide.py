"""The deployment guide's PostgreSQL set-up run as written: its URI, a pack by its relstorage.conf and crontab
line, a dump by its crontab line and a restore by its commands (a database of its own and local paths aside)."""
import datetime
import os
import re
import shlex
import subprocess
import uuid
from pathlib import Path

import pytest
import transaction
from persistent.mapping import PersistentMapping

from tests.factories import login
from tests.functional.test_storage import (
    FILE_BYTES,
    PG_HOST,
    PG_PORT,
    PG_USER,
    _pg_admin,
    browser,
    build_app,
    close_app,
    storage_smoke,
)

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deploy.md"
VENV_BIN = ROOT / ".venv" / "bin"
pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _guide():
    """``(the ini's URI, the packing block's lines, the backups block's lines)`` as the guide writes them."""
    text = GUIDE.read_text(encoding="utf-8")
    uri = re.search(r"```ini\nzodbconn\.uri = (\S+)\n```", text).group(1)
    blocks = [block.splitlines() for block in re.findall(r"```sh\n(.*?)```", text, re.S)]
    packing = next(b for b in blocks if any("zodbpack" in line for line in b))
    backups = next(b for b in blocks if any("pg_dump" in line for line in b))
    return uri, [line.strip() for line in packing], [line.strip() for line in backups]


def _cron_command(line):
    """The command of a crontab line (after its five time fields)."""
    return line.split(None, 5)[5]


def _rows(dbname):
    import psycopg2
    conn = psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=dbname, connect_timeout=5)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM object_state")
            return cur.fetchone()[0]
    finally:
        conn.close()


def _drop(admin, name):
    with admin.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                    "AND pid <> pg_backend_pid()", (name,))
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_the_guides_history_free_database_is_packed_dumped_and_restored_as_it_says(tmp_path):
    admin = _pg_admin()
    stem = f"oko_guide_{uuid.uuid4().hex[:10]}"
    names = {"oko_restored": f"{stem}_restored", "oko": stem}
    # NB: the guide's commands name no server: PostgreSQL's tools take it from the environment.
    env = {**os.environ, "PGHOST": PG_HOST, "PGPORT": str(PG_PORT), "PGUSER": PG_USER}
    backup = tmp_path / "backup"
    backup.mkdir()

    def local(command):
        """A command of the guide on this machine's paths, and on the databases of this test."""
        command = (command.replace("/backup/", f"{backup}/").replace("/srv/oko/.venv/bin/", f"{VENV_BIN}/")
                   .replace("/srv/oko/relstorage.conf", str(tmp_path / "relstorage.conf")))
        for name, ours in names.items():
            command = re.sub(rf"\b{name}\b", ours, command)
        return command

    uri, packing, backups = _guide()
    assert "keep_history=false" in uri and "keep-history false" in packing
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{stem}"')
    try:
        app = build_app(uri.replace("oko@db.example.ru:5432/oko?", f"{PG_USER}@{PG_HOST}:{PG_PORT}/{stem}?")
                        .replace("/var/lib/oko/blobcache", str(tmp_path / "blobcache")))
        try:
            document_path = storage_smoke(app)
            # something for the pack to remove: objects stored, then nothing refers to them
            db = app.registry._zodb_databases[""]
            tm = transaction.TransactionManager()
            conn = db.open(transaction_manager=tm)
            conn.root()["dropped"] = PersistentMapping({"draft": PersistentMapping({"text": "черновик"})})
            tm.commit()
            del conn.root()["dropped"]
            tm.commit()
            conn.close()
        finally:
            close_app(app)

        # the pack: the guide's relstorage.conf and its crontab line
        conf = packing[packing.index("# relstorage.conf") + 1:packing.index("</relstorage>") + 1]
        (tmp_path / "relstorage.conf").write_text("\n".join(conf).replace(
            "dbname='oko' user='oko' host='db.example.ru'",
            f"dbname='{stem}' user='{PG_USER}' host='{PG_HOST}' port='{PG_PORT}'").replace(
            "/var/lib/oko/blobcache", str(tmp_path / "blobcache")), encoding="utf-8")
        before = _rows(stem)
        pack = next(line for line in packing if "zodbpack" in line and not line.startswith("#"))
        subprocess.run(shlex.split(local(_cron_command(pack))), check=True, timeout=300, env=env)
        assert _rows(stem) == before - 2

        # the dump (its crontab line, as cron's shell runs it) and the restore into a new database
        dump = next(line for line in backups if "pg_dump" in line)
        subprocess.run(["/bin/sh", "-c", local(_cron_command(dump))], check=True, timeout=300, env=env)
        dumped = backup / f"{stem}-{datetime.date.today():%Y-%m-%d}.dump"
        assert dumped.exists()
        for line in filter(None, backups[backups.index("# restore") + 1:]):
            argv = shlex.split(local(line).replace(f"{stem}-2026-12-05.dump", dumped.name))
            subprocess.run(argv, check=True, timeout=300, env=env)
        restored = build_app(f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{names['oko_restored']}?keep_history=false"
                             f"&blob_dir={tmp_path / 'blobcache-restored'}&shared_blob_dir=false")
        try:
            client = browser(restored)
            login(client, "head")
            page = client.get(document_path)
            assert "Программа развития" in page.text
            assert page.click(re.escape("программа.pdf")).body == FILE_BYTES
        finally:
            close_app(restored)
    finally:
        for name in names.values():
            _drop(admin, name)
        admin.close()
