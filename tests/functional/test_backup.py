"""`oko backup` and `oko restore`: a site with uploaded files comes back whole, every file readable and served."""
import contextlib

import pytest
import transaction
import webtest
import ZODB
from ZODB.FileStorage import FileStorage

from core.cli import main as oko
from core.cli.backup import backups
from core.resources import Document, walk
from core.site import open_site
from tests.factories import edit, login, make_document, make_tree, make_user, serving, valid_docx, valid_pdf


def write_ini(path, var):
    """An ini whose database is ``var/Data.fs`` with blobs in ``var/blobs``, as development.ini has it."""
    path.write_text(f"[app:main]\nuse = egg:oko-case\n"
                    f"zodbconn.uri = file://{var}/Data.fs?blobstorage_dir={var}/blobs&connection_cache_size=5000\n",
                    encoding="utf-8")
    return path


def files_of(db):
    """``{document path: the bytes of its file}`` of every document in ``db``."""
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    try:
        with tm:
            found = {}
            for node in walk(open_site(conn)):
                if isinstance(node, Document) and node.file is not None:
                    with node.file.open() as f:
                        found[node.__parent__.__name__ + "/" + node.__name__] = f.read()
            return found
    finally:
        conn.close()


def opened(var):
    """The database restored into ``var``, opened as the site would open it (closed after the block)."""
    return contextlib.closing(ZODB.DB(FileStorage(str(var / "Data.fs"), blob_dir=str(var / "blobs"))))


@pytest.fixture
def live(tmp_path, host, hasher):
    """A site on a FileStorage under ``var/``, open as a serving process keeps it, with two uploaded files."""
    var = tmp_path / "var"
    var.mkdir()
    db = ZODB.DB(FileStorage(str(var / "Data.fs"), blob_dir=str(var / "blobs")))
    with edit(db) as site:
        make_tree(site, regions=("66",))
        make_user(site, "head", hasher, [("school_head", "66/m1/s1")])
        make_user(site, "head2", hasher, [("school_head", "66/m1/s2")])
        make_document(host, site, "66/m1/s1", name="programme", title="Программа развития")
        make_document(host, site, "66/m1/s2", name="report", title="Отчёт", actor="head2", content=valid_docx(),
                      filename="report.docx")
    yield db, write_ini(tmp_path / "site.ini", var)
    db.close()


def test_a_restored_site_has_every_file_of_the_backups_and_serves_them(app, live, host, tmp_path, capsys):
    db, ini = live
    repository = tmp_path / "backups"
    assert oko(["-c", str(ini), "backup", str(repository)]) == 0
    first = files_of(db)
    with edit(db) as site:  # more work after the full backup
        make_document(host, site, "66/m1/s1", name="concept", title="Концепция", content=valid_docx(),
                      filename="concept.docx")
    assert oko(["-c", str(ini), "backup", str(repository)]) == 0
    assert "добавочная" in capsys.readouterr().out
    everything = files_of(db)
    assert set(everything) == set(first) | {"s1/concept"}

    restored = tmp_path / "restored"
    assert oko(["restore", str(repository), str(restored)]) == 0
    with opened(restored) as copy, serving(app, copy):
        assert files_of(copy) == everything
        # the restored site serves a download
        browser = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
        login(browser, "head")
        assert browser.get("/66/m1/s1/programme/@@download").body == valid_pdf()
        assert browser.get("/66/m1/s1/concept/@@download").body == valid_docx()


def test_a_restore_to_a_point_in_time_brings_the_files_of_that_backup(live, host, tmp_path):
    db, ini = live
    repository = tmp_path / "backups"
    assert oko(["-c", str(ini), "backup", str(repository)]) == 0
    [then] = backups(repository)  # its time, as --date takes it
    first = files_of(db)
    with edit(db) as site:
        site["66"]["m1"]["s1"].remove("programme")
        make_document(host, site, "66/m1/s1", name="concept", title="Концепция")
    assert oko(["-c", str(ini), "backup", str(repository)]) == 0
    assert oko(["restore", str(repository), str(tmp_path / "then"), "--date", then]) == 0
    with opened(tmp_path / "then") as copy:
        assert files_of(copy) == first and "s1/programme" in first


def test_a_restore_never_writes_over_a_directory_in_use(live, tmp_path, capsys):
    db, ini = live
    repository = tmp_path / "backups"
    assert oko(["-c", str(ini), "backup", str(repository)]) == 0
    assert oko(["restore", str(repository), str(tmp_path / "var")]) == 2
    assert "только в новый каталог" in capsys.readouterr().err
    assert oko(["restore", str(tmp_path / "nowhere"), str(tmp_path / "fresh")]) == 2
    assert not (tmp_path / "fresh" / "Data.fs").exists()


def test_unchanged_blob_files_are_hard_linked_to_the_previous_backup(live, host, tmp_path):
    db, ini = live
    repository = tmp_path / "backups"
    assert oko(["-c", str(ini), "backup", str(repository)]) == 0
    with edit(db) as site:
        site["66"]["m1"]["s1"]["programme"].title = "Программа развития на 2027 год"
    assert oko(["-c", str(ini), "backup", str(repository)]) == 0
    first, second = sorted((repository / "blobs").iterdir())
    blob_files = [p for p in second.rglob("*.blob")]
    assert len(blob_files) == 2 and all(p.stat().st_nlink == 2 for p in blob_files)
    assert {p.relative_to(second) for p in blob_files} == {p.relative_to(first) for p in first.rglob("*.blob")}
