"""Helpers the benchmarks share: temp databases, measured subprocesses, servers, HTTP timing.

Everything here is bounded (timeouts, counts) and only ever talks to 127.0.0.1.
"""
import contextlib
import http.client
import http.cookies
import math
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = REPO / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
OKO = str(VENV_BIN / "oko")
HOST = "127.0.0.1"
SECRET = "bench-secret-0123456789abcdef0123456789ab"  # 40 characters, signs the session cookie


class BenchError(RuntimeError):
    """Something went wrong that is not a slow figure: the benchmark could not run."""


def zodb_uri(directory):
    """A FileStorage-with-blobs URI in ``directory``, with development.ini's extra options."""
    directory = Path(directory)
    extra = ""
    dev = REPO / "development.ini"
    if dev.exists():
        # Keep the options development.ini gives its database (cache size...), only move it.
        m = re.search(r"^zodbconn\.uri\s*=\s*file://[^?\s]*\?(\S*)", dev.read_text(encoding="utf-8"), re.M)
        if m:
            params = [p for p in m.group(1).split("&") if p and not p.startswith("blobstorage_dir=")]
            extra = "".join("&" + p for p in params)
    return f"file://{directory}/Data.fs?blobstorage_dir={directory}/blobs{extra}"


def write_ini(path, db_dir, uri=None):
    """An ini like development.ini, but on a database in ``db_dir`` (or at ``uri``) and with cheap Argon2."""
    text = f"""\
[app:main]
use = egg:oko-case
pyramid.reload_templates = false
pyramid.default_locale_name = ru
zodbconn.uri = {uri or zodb_uri(db_dir)}
retry.attempts = 5
tm.annotate_user = false
oko.secret = {SECRET}
oko.cookie_secure = false
oko.session_max_age = 43200
oko.argon2 = fast
oko.template_cache = {REPO / "var" / "templates"}

[server:main]
use = egg:waitress#main
listen = {HOST}:0
threads = 2

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)-5.5s [%(name)s] %(message)s
"""
    Path(path).write_text(text, encoding="utf-8")
    return Path(path)


def temp_dir(stack, prefix):
    """A temp directory removed when ``stack`` closes."""
    return Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f"oko-bench-{prefix}-")))


def run_measured(argv, timeout, cwd=None, env=None):
    """Run ``argv``; return (wall seconds, peak RSS in MB of that very process, stdout).

    The child is reaped with ``os.wait4``, whose rusage is the child's own (not
    the maximum over every child this process ever had), so the peak RSS is
    honest whatever ran before. ``argv[0]`` must be the process to measure
    itself (a console script or the interpreter), not a shell.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd, env=env)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise BenchError(f"{' '.join(map(str, argv))} took more than {timeout} s; killed")
            time.sleep(0.005)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise BenchError(f"{' '.join(map(str, argv))} exited with {proc.returncode}:\n{stdout}\n{stderr}")
    # Linux reports ru_maxrss in KiB.
    return wall, usage.ru_maxrss / 1024, stdout


def percentile(values, pct):
    """The ``pct`` percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        raise BenchError("no samples")
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


class Server:
    """A WSGI app served by waitress on 127.0.0.1 on a free port, in a subprocess of its own.

    A separate process keeps the client's work out of the server's GIL, as
    with a real browser. ``spec`` is what ``tests.bench.serve`` takes; once
    stopped, ``final_log`` holds the end of what it wrote on stderr.
    ``server``: ``tests.bench.serve``'s ``--server`` (gunicorn: its master and
    worker processes are counted together by ``cpu_s`` and ``rss_mb``).
    """

    def __init__(self, *spec, threads=None, start_timeout=120, server="waitress"):
        self.spec = [str(s) for s in spec]
        self.threads = threads
        self.server = server
        self.start_timeout = start_timeout
        self.proc = None
        self.port = None
        self._log = None
        self.final_log = ""

    def __enter__(self):
        self._log = tempfile.TemporaryFile()
        began = time.perf_counter()
        # NB: a worker runs from bytecode, as one deployed does (pip compiles what it installs): an environment
        # that asks for no bytecode (PYTHONDONTWRITEBYTECODE) would have every worker compile the project's
        # few hundred modules from source at each start, a third of a second that no deployment spends.
        env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
        self.proc = subprocess.Popen(
            # NB: without ``threads``, development.ini's (what `make run` serves with).
            [PYTHON, "-m", "tests.bench.serve", *(["--threads", str(self.threads)] if self.threads else []),
             "--server", self.server, *self.spec],
            stdout=subprocess.PIPE, stderr=self._log, stdin=subprocess.DEVNULL, cwd=REPO, env=env)
        line = []
        reader = threading.Thread(target=lambda: line.append(self.proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(self.start_timeout)
        text = line[0].decode().strip() if line else ""
        if not text.startswith("PORT "):
            self.__exit__(None, None, None)
            raise BenchError(f"server {self.spec} did not start: {text!r}\n{self.log()}")
        self.port = int(text.split()[1])
        # NB: from the start of the process to a bound port with the application built (its first answer may
        # still read the database).
        self.start_s = time.perf_counter() - began
        # NB: the CPU it took, which a machine shared with other work lengthens less than the wall clock.
        self.start_cpu_s = self.cpu_s()
        return self

    def pids(self):
        """The server's process and its children (a gunicorn master's workers)."""
        found = [self.proc.pid]
        for pid in found:
            for task in Path(f"/proc/{pid}/task").iterdir():
                with contextlib.suppress(OSError):
                    found.extend(int(child) for child in (task / "children").read_text().split())
        return found

    def cpu_s(self):
        """CPU seconds (user and system) the server's processes have used so far."""
        total = 0
        for pid in self.pids():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def rss_mb(self):
        """The server's resident memory now, in MB (its processes together)."""
        total = None
        for pid in self.pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total = (total or 0) + int(line.split()[1]) / 1024
        return total

    def log(self):
        """What the server wrote on stderr so far."""
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-5000:]

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if self.proc is not None and self.proc.stdout:
            self.proc.stdout.close()
        if self._log is not None:
            # NB: kept for what the server says as it stops (tests.bench.serve: its conflict counts).
            self.final_log = self.log()
            self._log.close()
            self._log = None
        return False


class Client:
    """A keep-alive HTTP/1.1 client on one connection, keeping the cookies it is given.

    ``host``: the Host header to send, when the application's public URL is not 127.0.0.1:port.
    """

    def __init__(self, port, timeout=30, host=None):
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        self.cookies = {}
        self.host = host

    def close(self):
        """Close the connection."""
        self.conn.close()

    def request(self, method, path, body=None, headers=None):
        """``(status, headers, body bytes, seconds)`` of one request, the whole body read."""
        headers = dict(headers or {})
        if self.host:
            headers["Host"] = self.host
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        start = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        resp = self.conn.getresponse()
        data = resp.read()
        elapsed = time.perf_counter() - start
        for value in resp.headers.get_all("Set-Cookie") or ():
            jar = http.cookies.SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return resp.status, resp.headers, data, elapsed

    def login(self, login, password):
        """Log in through the log-in form, as a browser does; raises BenchError when refused."""
        status, _, body, _ = self.request("GET", "/login")
        if status != 200:
            raise BenchError(f"GET /login answered {status}")
        m = re.search(rb'name="csrf_token"\s+value="([^"]+)"', body)
        if not m:
            raise BenchError("no csrf_token in the log-in form")
        form = urllib.parse.urlencode({"login": login, "password": password,
                                       "csrf_token": m.group(1).decode(), "came_from": ""})
        status, _, body, _ = self.request("POST", "/login", body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        if status != 303:
            raise BenchError(f"POST /login answered {status}: {body[:500]!r}")


def latency(client, path, count=300, warmup=20, check=None):
    """Milliseconds of ``count`` GETs of ``path`` after ``warmup`` ones; every answer must be 200."""
    samples = []
    for i in range(warmup + count):
        status, _, body, elapsed = client.request("GET", path)
        if status != 200:
            raise BenchError(f"GET {path} answered {status}: {body[:300]!r}")
        if i == 0 and check is not None:
            check(body)
        if i >= warmup:
            samples.append(elapsed * 1000)
    return samples


def interleaved_latency(targets, count=300, warmup=20, block=25):
    """Milliseconds of ``count`` GETs for each ``(client, path, check)``, asked in alternating blocks.

    A page and its baseline measured one after the other see different
    machines (a neighbour's load, the disk, the CPU's clock change within a
    minute here); alternating blocks of ``block`` requests lets both see the same.
    """
    samples = [[] for _ in targets]
    for (client, path, check), _ in zip(targets, samples):
        latency(client, path, 1, warmup - 1, check)  # the first answer is checked, the rest warm up
    for start in range(0, count, block):
        for (client, path, _), got in zip(targets, samples):
            got.extend(latency(client, path, min(block, count - start), 0))
    return samples


@contextlib.contextmanager
def opened_db(uri):
    """A ZODB.DB of ``uri``, closed on leaving."""
    from ZODB import DB
    from zodburi import resolve_uri
    factory, dbkw = resolve_uri(uri)
    db = DB(factory(), **dbkw)
    try:
        yield db
    finally:
        db.close()


@contextlib.contextmanager
def new_site(db_dir):
    """The site of a FileStorage in ``db_dir`` (made if need be), in a transaction committed on leaving."""
    from tests.factories import edit
    with opened_db(zodb_uri(db_dir)) as db, edit(db) as site:
        yield site
