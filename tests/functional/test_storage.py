"""The application on the storages it is deployed on: ZEO and RelStorage on PostgreSQL.

Both run the same smoke journey through WebTest (``storage_smoke``): the site
bootstraps itself, a tree and users are added, a school head logs in, sees
the school, uploads a document with a file (a ZODB blob) and downloads it
again. A second application on the same storage, with a blob cache of its
own, then downloads the file too: the blob really went through the server.
"""
import datetime
import os
import re
import socket
import uuid

import pytest
import transaction
import webtest

from core import cli
from core.site import SITE_KEY
from core.teachers import importer
from tests.factories import edit, login, make_tree, make_user
from tests.unit.docinspect_corpus import pdf_bytes
from tests.unit.test_teachers import csv_bytes

SECRET = "storage-test-secret-0123456789abcdef0123"
# A real PDF of many pages (the safe inspector refuses fakes), ~100 KB: more than one blob chunk.
FILE_BYTES = pdf_bytes(*[[f"Страница {n}: программа развития школы"] * 40 for n in range(60)])


def build_app(uri):
    """A fresh application instance on the database at ``uri``."""
    from core import main
    return main({}, **{
        "zodbconn.uri": uri,
        "oko.secret": SECRET,
        "oko.public_url": "http://localhost",
        "oko.argon2": "fast",
        "oko.session_max_age": "3600",
        "retry.attempts": "3",
        "pyramid.reload_templates": "false",
    })


def close_app(app):
    """Close every database the application opened."""
    for database in app.registry._zodb_databases.values():
        database.close()


def browser(app):
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})


def _field_of(form, kind):
    """``(name, index)`` of the form's only field of ``kind`` (a file input, a submit button)."""
    found = [(name, i) for name, fields in form.fields.items()
             for i, field in enumerate(fields) if isinstance(field, kind)]
    assert len(found) == 1, f"expected one {kind.__name__} in the form, got {found}"
    return found[0]


def storage_smoke(app, second_app=None):
    """The smoke journey on ``app``; ``second_app`` (same storage) must see the result."""
    database = app.registry._zodb_databases[""]
    # The start-up created the site in the empty database.
    conn = database.open()
    try:
        assert conn.root().get(SITE_KEY) is not None
    finally:
        conn.close()

    with edit(database) as site:
        make_tree(site, regions=("66",), munis=1, schools=2)
        make_user(site, "head", app.registry.oko_hasher, [("school_head", "66/m1/s1")])

    client = browser(app)
    home = login(client, "head").follow()
    assert "Мои организации" in home.text
    school = home.click(re.escape("Школа № 1 (66-1)"), index=0)  # the shortcut to the school
    assert "Школа № 1 (66-1)" in school.text and "Загрузить документ" in school.text

    form = school.click("Загрузить документ").forms["deform"]
    form["title"] = "Программа развития"
    name, index = _field_of(form, webtest.forms.File)
    form.set(name, webtest.Upload("программа.pdf", FILE_BYTES, "application/pdf"), index=index)
    name, index = _field_of(form, webtest.forms.Submit)
    document = form.submit(name, index=index, status=303).follow()
    assert "Документ загружен." in document.text
    assert "Черновик" in document.text and "программа.pdf" in document.text
    download = document.click(re.escape("программа.pdf"))
    assert download.body == FILE_BYTES
    assert download.content_type == "application/pdf"
    document_path = document.request.path

    # The document and its blob are stored: the school lists it, and another
    # client of the same storage (its own connection cache and blob cache) reads it.
    assert "Программа развития" in client.get("/66/m1/s1/").text
    if second_app is not None:
        other = browser(second_app)
        login(other, "head")
        page = other.get(document_path)
        assert "Программа развития" in page.text
        assert page.click(re.escape("программа.pdf")).body == FILE_BYTES
    return document_path


# ---------------------------------------------------------------- ZEO

@pytest.fixture
def zeo_server(tmp_path):
    """A ZEO server (FileStorage with blobs) in a thread of this process; its address."""
    import ZEO
    (tmp_path / "server-blobs").mkdir()
    # NB: the forker writes its config file in the current directory.
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        addr, stop = ZEO.server(path=str(tmp_path / "Data.fs"), blob_dir=str(tmp_path / "server-blobs"),
                                port=0, threaded=True)
    finally:
        os.chdir(cwd)
    yield addr
    stop()


def zeo_uri(addr, blob_dir):
    host, port = addr
    return f"zeo://{host}:{port}?blob_dir={blob_dir}&shared_blob_dir=0&wait_timeout=30"


def smoke_on_two_apps(uri_for, tmp_path):
    """The smoke journey on two applications of one storage, each with a blob directory of its own."""
    app = build_app(uri_for(tmp_path / "blobs-1"))
    second = None
    try:
        second = build_app(uri_for(tmp_path / "blobs-2"))
        storage_smoke(app, second)
    finally:
        close_app(app)
        if second is not None:
            close_app(second)


def test_zeo_storage_smoke(zeo_server, tmp_path):
    assert zeo_server[0] == "127.0.0.1"
    smoke_on_two_apps(lambda blobs: zeo_uri(zeo_server, blobs), tmp_path)


# ---------------------------------------------------------------- PostgreSQL

PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"


def _pg_admin():
    """An autocommit connection to the server's maintenance database, or pytest.skip."""
    try:
        import psycopg2
    except ImportError as exc:  # pragma: no cover - psycopg2-binary is a test requirement
        pytest.skip(f"psycopg2 не установлен: {exc}")
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=3):
            pass
    except OSError as exc:
        pytest.skip(f"PostgreSQL не отвечает на {PG_HOST}:{PG_PORT}: {exc}")
    last = None
    for dbname in ("postgres", "test"):
        try:
            conn = psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=dbname,
                                    connect_timeout=5)
        except psycopg2.OperationalError as exc:
            last = exc
            continue
        conn.autocommit = True
        return conn
    pytest.skip(f"PostgreSQL не отвечает на {PG_HOST}:{PG_PORT}: {last}")


@pytest.fixture
def pg_database():
    """A database of its own on the local PostgreSQL, dropped afterwards; its name."""
    admin = _pg_admin()
    name = f"oko_test_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with admin.cursor() as cur:
            # Any connection left behind (a failed test) must not keep the database alive.
            cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def pg_uri(dbname, blob_cache_dir):
    # NB: history-free, as docs/deploy.md sets a production database.
    return (f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{dbname}"
            f"?keep_history=false&blob_dir={blob_cache_dir}&shared_blob_dir=false")


@pytest.mark.postgres
def test_relstorage_postgresql_smoke(pg_database, tmp_path):
    smoke_on_two_apps(lambda blobs: pg_uri(pg_database, blobs), tmp_path)
    import psycopg2
    conn = psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=pg_database)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM blob_chunk")
            assert cur.fetchone()[0] >= 1, "the blob was not stored in PostgreSQL"
    finally:
        conn.close()


def throttle_on_two_apps(uri_for, tmp_path, monkeypatch, heard=lambda db: None):
    """Failed log-ins through two applications of one storage (two worker processes of one site):
    every one is counted by both, and two writing the same counts at once are both kept.
    ``heard(db)`` makes sure a process has heard of the other's commits."""
    import transaction

    from core.security.throttle import FREE, SERVICE
    from core.site import open_site

    apps = [build_app(uri_for(tmp_path / f"blobs-{n}")) for n in (1, 2)]
    dbs = [app.registry._zodb_databases[""] for app in apps]
    try:
        for app in apps:
            monkeypatch.setattr(app.registry.oko_throttle, "clock", lambda: 1_700_000_000.0)
        with edit(dbs[0]) as site:
            make_tree(site, regions=("66",), munis=1, schools=1)
            make_user(site, "head", apps[0].registry.oko_hasher, [("school_head", "66/m1/s1")])
        # the guesses go to either process in turn: together they use up the free attempts
        for n in range(FREE["login"]):
            login(browser(apps[n % 2]), "head", "guess-2026", status=400)
        for app, db in zip(apps, dbs):
            heard(db)
            assert "Слишком много неудачных попыток" in login(browser(app), "head", "x", status=400).text
        # both read the same counts before either writes: the storage resolves the second commit
        tms = [transaction.TransactionManager() for _ in apps]
        conns = [db.open(transaction_manager=tm) for db, tm in zip(dbs, tms)]
        for conn in conns:
            open_site(conn).services[SERVICE].shard("login:anna").record("login:anna", 1_700_000_000.0)
        for tm in tms:
            tm.commit()
        for conn in conns:
            conn.close()
        heard(dbs[0])
        with edit(dbs[0]) as site:
            assert len(site.services[SERVICE].shard("login:anna").times("login:anna")) == 2
    finally:
        for app in apps:
            close_app(app)


def test_failed_log_ins_are_counted_by_every_process_of_a_zeo_site(zeo_server, tmp_path, monkeypatch):
    # NB: a round trip to the server: by its answer the client has heard of
    # every commit before it (without it, a moment later). The ZEO server
    # resolves the conflict: it imports core as the application does.
    throttle_on_two_apps(lambda blobs: zeo_uri(zeo_server, blobs), tmp_path, monkeypatch,
                         heard=lambda db: db.storage.ping())


@pytest.mark.postgres
def test_failed_log_ins_are_counted_by_every_process_of_a_postgresql_site(pg_database, tmp_path, monkeypatch):
    throttle_on_two_apps(lambda blobs: pg_uri(pg_database, blobs), tmp_path, monkeypatch)


@pytest.mark.postgres
def test_the_teachers_import_commits_in_batches_on_postgresql(pg_database, tmp_path, monkeypatch, capsys):
    """`oko import-teachers` writes a large file in several transactions that PostgreSQL accepts."""
    uri = pg_uri(pg_database, tmp_path / "blobs")
    ini = tmp_path / "pg.ini"
    ini.write_text(f"[app:main]\nuse = egg:oko-case\nzodbconn.uri = {uri}\n"
                   f"oko.secret = {SECRET}\noko.argon2 = fast\n", encoding="utf-8")
    with cli.open_site(str(ini)) as (site, _):
        make_tree(site, regions=("66",), munis=2, schools=5)
        transaction.commit()
    day = datetime.date.today() + datetime.timedelta(days=40)
    rows = [(f"66-{m}-{s}", f"Иванова Анна {n}", "subject_teacher", "first", day.isoformat())
            for m in (1, 2) for s in range(1, 6) for n in range(60)]
    data = tmp_path / "teachers.csv"
    data.write_bytes(csv_bytes(rows))
    monkeypatch.setattr(importer, "BATCH", 100)
    commits = []
    real_commit = transaction.commit
    monkeypatch.setattr(transaction, "commit", lambda: commits.append(1) or real_commit())
    assert cli.main(["-c", str(ini), "import-teachers", "-q", str(data)]) == 0
    assert "Педагогов добавлено: 600" in capsys.readouterr().out
    # a school's 60 teachers at a time, a commit whenever 100 are written: six, and the last
    assert len(commits) >= 5
    monkeypatch.undo()
    with cli.open_site(str(ini)) as (site, _):
        deadlines = site.services["teacher_deadlines"]["66"]
        assert sum(count() for count in deadlines.steps.values()) == 600


@pytest.mark.postgres
def test_a_postgresql_store_connection_tells_the_planner_its_temporary_tables_are_small(pg_database, tmp_path):
    """RelStorage joins the objects a commit changes (a few rows of the temporary ``temp_store``) to every
    object of the site to lock them. Never analyzed, ``temp_store`` looks like hundreds of rows to the
    planner, which then reads the whole site on each commit; an application's store connection analyzes
    its temporary tables as it opens them (``core.relstorage_plans``)."""
    app = build_app(pg_uri(pg_database, tmp_path / "blobs"))
    try:
        db = app.registry._zodb_databases[""]
        with edit(db) as site:
            make_tree(site, regions=("66",), munis=1, schools=2)
        # NB: a store connection as each of the application's ZODB connections opens one, hooks and all.
        connmanager = db.storage._adapter.connmanager
        conn, cursor = connmanager.open_for_store()
        try:
            cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relnamespace = pg_my_temp_schema() "
                           "AND relkind = 'r'")
            analyzed = dict(cursor.fetchall())
            # a commit empties them (ON COMMIT DELETE ROWS) and leaves them analyzed
            cursor.execute("INSERT INTO temp_store (zoid, prev_tid, state) VALUES (1, 1, '')")
            conn.commit()
            cursor.execute("SELECT reltuples FROM pg_class WHERE relnamespace = pg_my_temp_schema() "
                           "AND relname = 'temp_store'")
            after_commit = cursor.fetchone()[0]
            cursor.execute("INSERT INTO temp_store (zoid, prev_tid, state) VALUES (1, 1, ''), (2, 1, '')")
            cursor.execute("EXPLAIN SELECT zoid FROM temp_store")
            guessed = int(re.search(r"rows=(\d+)", cursor.fetchone()[0]).group(1))
        finally:
            connmanager.rollback_and_close(conn, cursor)
    finally:
        close_app(app)
    assert {"temp_store", "temp_blob_chunk"} <= set(analyzed)
    assert set(analyzed.values()) == {0}, analyzed  # -1: never analyzed
    assert after_commit == 0
    assert guessed < 100, f"the planner guesses {guessed} rows for two"
