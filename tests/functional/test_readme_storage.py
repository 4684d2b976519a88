"""The README's commands for ZEO and PostgreSQL, run as written (a free port and a database of its own aside)."""
import re
import shlex
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.functional.test_storage import _pg_admin, build_app, close_app, storage_smoke

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _blocks():
    """The shell blocks of the README's section on storage: ``[lines of the ZEO block, lines of the PostgreSQL one]``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Storage, and running on ZEO or PostgreSQL", 1)[1].split("\n## ", 1)[0]
    blocks = [block.strip().splitlines() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]
    assert len(blocks) >= 2, "the README's storage section lost its ZEO or PostgreSQL commands"
    return blocks


def _uri(lines):
    return next(line.split("=", 1)[1].strip() for line in lines if line.startswith("zodbconn.uri"))


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port, proc, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"runzeo exited with {proc.returncode}"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"runzeo did not listen on {port} in {timeout} s")


def test_the_readmes_zeo_server_command_and_uri_work(tmp_path):
    lines = _blocks()[0]
    command = next(line for line in lines if "runzeo" in line)
    argv = shlex.split(command.rstrip("&").strip())
    assert argv[:2] == [".venv/bin/runzeo", "-C"] and argv[2] == "zeo.conf"
    # the checkout's zeo.conf, on a free port, in a directory of its own (its paths are relative)
    port = _free_port()
    conf = (ROOT / argv[2]).read_text(encoding="utf-8")
    assert "127.0.0.1:8100" in conf and "8100" in _uri(lines)
    (tmp_path / argv[2]).write_text(conf.replace("127.0.0.1:8100", f"127.0.0.1:{port}"), encoding="utf-8")
    (tmp_path / "var").mkdir()
    proc = subprocess.Popen([str(ROOT / argv[0]), *argv[1:]], cwd=tmp_path, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        _wait_for(port, proc)
        uri = _uri(lines).replace("%(here)s", str(tmp_path)).replace(":8100", f":{port}")
        app = build_app(uri)
        try:
            storage_smoke(app)
        finally:
            close_app(app)
        assert (tmp_path / "var" / "Data.fs").exists() and any((tmp_path / "var" / "blobs").iterdir())
    finally:
        proc.terminate()
        proc.wait(30)


@pytest.mark.postgres
def test_the_readmes_postgresql_commands_and_uri_work(tmp_path):
    admin = _pg_admin()
    lines = _blocks()[1]
    command = next(line for line in lines if line.startswith("createdb"))
    argv = shlex.split(command)
    assert argv[-1] == "oko" and f"/{argv[-1]}?" in _uri(lines)
    name = f"oko_readme_{uuid.uuid4().hex[:10]}"
    subprocess.run([*argv[:-1], name], check=True, timeout=60)
    try:
        uri = _uri(lines).replace("%(here)s", str(tmp_path)).replace(f"/{argv[-1]}?", f"/{name}?")
        app = build_app(uri)
        try:
            storage_smoke(app)
        finally:
            close_app(app)
    finally:
        with admin.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                        "AND pid <> pg_backend_pid()", (name,))
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()
