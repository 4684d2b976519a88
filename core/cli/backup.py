"""`oko backup` and `oko restore`: the FileStorage and its blobs, backed up together, restored together.

ZODB's ``repozo`` copies ``Data.fs`` (full, then incremental backups, each a
file named by its UTC time) but not the blob directory, where every uploaded
and generated file lives: a site restored from repozo alone answers 500 on
every download. Here each backup runs repozo and then copies the blob
directory into ``blobs/<the same time>/`` of the repository. Blob files never
change once written (a new version is a new file), so what repozo's snapshot
refers to is on disk before the copy starts, and a file the previous backup
already holds is hard-linked to it (as ``rsync --link-dest`` does) rather
than copied again::

    repository/
      2026-03-01-02-00-00.fs        repozo: full backup (+ .dat, .index)
      2026-03-02-02-00-00.deltafs   repozo: what was committed since
      blobs/2026-03-01-02-00-00/    the blob directory as it was then
      blobs/2026-03-02-02-00-00/    the same, unchanged files hard-linked

A restore (optionally to a point in time) rebuilds ``Data.fs`` with repozo
into a fresh directory, copies the blobs of the same backup beside it, and
checks that every blob the restored database refers to is there.

The backup can run while the site serves (repozo reads only committed
transactions); do not pack the database during it. ZEO: run it on the
server's Data.fs (``--data-fs``, ``--blobs``). PostgreSQL (RelStorage) keeps
its objects and blobs in the database: back it up with PostgreSQL's tools
(README, "Backup and restore").
"""
import contextlib
import io
import os
import re
import shutil
import sys
import time
import urllib.parse
from pathlib import Path

from core.cli.common import settings_of as _settings
from core.refused import Refused

BLOBS = "blobs"
_DATA_FILE = re.compile(r"^(\d{4}(?:-\d\d){5})\.(?:delta)?fsz?$")
_DATE = re.compile(r"^\d{4}-\d\d-\d\d(?:-\d\d){0,3}$")


class BackupFailed(Refused):
    """A backup or restore could not be done; the message is Russian and says what to do."""


def storage_paths(uri):
    """``(Data.fs, blob directory)`` of a ``file://`` ZODB URI; BackupFailed for any other storage."""
    parts = urllib.parse.urlsplit(uri)
    if parts.scheme != "file":
        raise BackupFailed("Резервная копия делается с файлового хранилища (file://). Для ZEO укажите файлы "
                           "сервера (--data-fs, --blobs); для PostgreSQL используйте pg_dump или "
                           "pg_basebackup (см. README).")
    blobs = urllib.parse.parse_qs(parts.query).get("blobstorage_dir", [None])[0]
    if not blobs:
        raise BackupFailed("В адресе базы нет каталога файлов (blobstorage_dir): укажите его (--blobs).")
    return Path(urllib.parse.unquote(parts.path)), Path(blobs)


def _repozo(*args):
    from ZODB.scripts import repozo
    # NB: repozo reports a failure by sys.exit with its message, and chats on stderr.
    with contextlib.redirect_stderr(io.StringIO()) as chat:
        try:
            repozo.main(list(args))
        except SystemExit as exc:
            if exc.code not in (None, 0):
                raise BackupFailed(f"repozo: {exc.code}\n{chat.getvalue()}".strip()) from None


def backups(repository):
    """The times (repozo's names, UTC) of the backups in ``repository``, oldest first."""
    if not Path(repository).is_dir():
        return []
    return sorted(m.group(1) for m in map(_DATA_FILE.match, os.listdir(repository)) if m)


def _copy_blobs(source, target, previous):
    """Copy the blob directory ``source`` to ``target``, hard-linking files ``previous`` already holds."""
    copied = linked = 0
    for folder, dirs, files in os.walk(source):
        rel = Path(folder).relative_to(source)
        if rel.parts[:1] == ("tmp",):
            dirs[:] = []
            continue  # NB: uncommitted uploads
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in files:
            src, dst = Path(folder) / name, target / rel / name
            old = previous / rel / name if previous is not None else None
            if old is not None and old.is_file() and old.stat().st_size == src.stat().st_size:
                try:
                    os.link(old, dst)
                    linked += 1
                    continue
                except OSError:
                    pass  # NB: another file system: copy
            shutil.copy2(src, dst)
            copied += 1
    return copied, linked


def backup(data_fs, blobs, repository, full=False):
    """Back up ``data_fs`` and its ``blobs`` into ``repository``; returns a Russian summary.

    Incremental unless ``full`` or there is no full backup yet (repozo decides).
    """
    data_fs, blobs, repository = Path(data_fs), Path(blobs), Path(repository)
    if not data_fs.is_file():
        raise BackupFailed(f"Файл базы {data_fs} не найден.")
    if not blobs.is_dir():
        raise BackupFailed(f"Каталог файлов {blobs} не найден.")
    repository.mkdir(parents=True, exist_ok=True)
    before = backups(repository)
    if before and before[-1] == time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime()):
        time.sleep(1)  # NB: repozo names a backup by its second, and will not overwrite one
    _repozo("-B", "-r", str(repository), "-f", str(data_fs), *(["-F"] if full else []))
    made = [stem for stem in backups(repository) if stem not in before]
    if not made:
        return "Изменений с прошлой резервной копии нет: новая копия не нужна."
    previous = repository / BLOBS / before[-1] if before else None
    copied, linked = _copy_blobs(blobs, repository / BLOBS / made[-1], previous)
    kind = "полная" if (repository / f"{made[-1]}.fs").exists() else "добавочная"
    return (f"Резервная копия {made[-1]} ({kind}) записана в {repository}: "
            f"файлов скопировано {copied}, взято из прошлой копии {linked}.")


def restore(repository, target, date=None):
    """Restore the backups of ``repository`` (as of ``date``, UTC, if given) into the fresh directory ``target``.

    Writes ``target/Data.fs`` and ``target/blobs``, then checks every blob
    the restored database refers to. Returns a Russian summary.
    """
    repository, target = Path(repository), Path(target)
    if date is not None and not _DATE.match(date):
        raise BackupFailed("Дата указана неверно: нужен формат ГГГГ-ММ-ДД[-ЧЧ[-ММ[-СС]]] (время UTC).")
    if target.exists() and any(target.iterdir()):
        raise BackupFailed(f"Каталог {target} не пуст: восстановление делается только в новый каталог.")
    chosen = [stem for stem in backups(repository) if date is None or stem <= date]
    if not chosen:
        raise BackupFailed(f"В {repository} нет резервных копий" + (f" на {date}." if date else "."))
    blobs = repository / BLOBS / chosen[-1]
    if not blobs.is_dir():
        raise BackupFailed(f"В копии {chosen[-1]} нет каталога файлов {blobs}: её нельзя восстановить целиком.")
    target.mkdir(parents=True, exist_ok=True)
    _repozo("-R", "-r", str(repository), "-o", str(target / "Data.fs"), *(["-D", date] if date else []))
    shutil.copytree(blobs, target / BLOBS)
    missing, count = check_blobs(target / "Data.fs", target / BLOBS)
    if missing:
        raise BackupFailed(f"В восстановленной базе нет {len(missing)} файлов из {count}: копия неполна.")
    return (f"База на {chosen[-1]} (UTC) восстановлена в {target}: Data.fs и файлов {count}. "
            f"Укажите её в ini: zodbconn.uri = file://{target / 'Data.fs'}?blobstorage_dir={target / BLOBS}")


_BLOB_RECORD = b"\x80\x03cZODB.blob\nBlob\n"  # how ZODB pickles a Blob record's class


def check_blobs(data_fs, blobs):
    """``(missing oids, blobs referred to)``: every current blob record of ``data_fs`` must have its file."""
    from ZODB.FileStorage import FileStorage
    from ZODB.POSException import POSKeyError
    storage = FileStorage(str(data_fs), blob_dir=str(blobs), read_only=True)
    missing, count, cursor = [], 0, None
    try:
        while len(storage):
            oid, serial, data, cursor = storage.record_iternext(cursor)
            if data.startswith(_BLOB_RECORD):
                count += 1
                try:
                    storage.loadBlob(oid, serial)
                except POSKeyError:
                    missing.append(oid)
            if cursor is None:
                break
    finally:
        storage.close()
    return missing, count


def cmd_backup(args):
    """`oko backup DIR`: a repozo backup of Data.fs and a copy of its blobs."""
    try:
        if args.data_fs and args.blobs:
            data_fs, blobs = args.data_fs, args.blobs
        else:
            data_fs, blobs = storage_paths(_settings(args.config)["zodbconn.uri"])
            data_fs, blobs = args.data_fs or data_fs, args.blobs or blobs
        print(backup(data_fs, blobs, args.repository, full=args.full))
    except BackupFailed as exc:
        print(f"Резервная копия не сделана: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_restore(args):
    """`oko restore DIR TARGET`: the database and its blobs, as of the last backup or ``--date``."""
    try:
        print(restore(args.repository, args.target, args.date))
    except BackupFailed as exc:
        print(f"База не восстановлена: {exc}", file=sys.stderr)
        return 2
    return 0


def add_parsers(sub):
    """Add `backup` and `restore` to the `oko` command's subparsers."""
    s = sub.add_parser("backup", help="резервная копия базы (repozo) и её файлов в каталог")
    s.add_argument("repository", help="каталог резервных копий")
    s.add_argument("--full", action="store_true", help="полная копия (по умолчанию добавочная)")
    s.add_argument("--data-fs", help="файл Data.fs (по умолчанию из zodbconn.uri ini-файла)")
    s.add_argument("--blobs", help="каталог файлов базы (по умолчанию из zodbconn.uri)")
    s.set_defaults(func=cmd_backup)
    s = sub.add_parser("restore", help="восстановить базу и её файлы из резервных копий в новый каталог")
    s.add_argument("repository", help="каталог резервных копий")
    s.add_argument("target", help="новый (пустой) каталог: в него запишутся Data.fs и blobs/")
    s.add_argument("--date", help="на момент ГГГГ-ММ-ДД[-ЧЧ[-ММ[-СС]]] по UTC (по умолчанию последняя копия)")
    s.set_defaults(func=cmd_restore)
