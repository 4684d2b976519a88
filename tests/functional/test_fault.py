"""A server killed with `kill -9` under a stream of workflow steps loses nothing it acknowledged.

A real server process (waitress on the app, FileStorage under a temporary
var/) serves three people drafting, submitting and approving acts; it is
killed at a random moment, started again, and then: every step a person got
a 2xx for is in the database, ZODB's fstest and fsrefs find the file sound,
and the catalog agrees with the objects (every catalogued path resolves,
every object is catalogued, each workflow state is filed as the object holds
it, the text indexes hold every text and have nothing pending). Twenty-one
rounds, about a minute.
"""
import contextlib
import http.client
import io
import random
import threading
import time

import pytest
import ZODB
from ZODB.FileStorage import FileStorage
from ZODB.scripts import fsrefs, fstest

from core.resources import path_of, traverse_path, walk
from core.site import open_site
from tests.bench.support import BenchError, Server, write_ini
from tests.bench.writers import ApiWriter, make_site, writer_login

ROUNDS = 21
WRITERS = 3
# What each acknowledged step leaves the act in, at least: the states in the order the workload moves them.
STATE_AFTER = {"draft": "draft", "submit": "submitted", "approve": "approved"}
ORDER = ["draft", "submitted", "approved", "in_force"]


def keep_writing(port, n, stop, acknowledged, statuses):
    """One person's steps until ``stop`` or until the server dies under them."""
    person = None
    try:
        person = ApiWriter(port, writer_login(n))
        while not stop.is_set():
            person.cycle(f"Приказ {n}-{time.monotonic_ns()}")
    except (OSError, http.client.HTTPException, ValueError, BenchError):
        pass  # NB: killed mid-request: a reset connection or half an answer
    finally:
        if person is not None:
            person.close()
            acknowledged.extend(person.acknowledged)
            statuses.extend(status for status, _ in person.samples)


def run_until_killed(server, rnd):
    """Steps from WRITERS people until the server is killed (kill -9) at a random moment; what was acknowledged."""
    stop, acknowledged, statuses = threading.Event(), [], []
    threads = [threading.Thread(target=keep_writing, args=(server.port, n, stop, acknowledged, statuses))
               for n in range(WRITERS)]
    for t in threads:
        t.start()
    time.sleep(rnd.uniform(0.3, 1.5))
    server.proc.kill()
    server.proc.wait(10)
    stop.set()
    for t in threads:
        t.join(30)
    return acknowledged, statuses


def missing_steps(site, acknowledged):
    """The acknowledged steps the database does not hold."""
    lost = []
    for step, path, number in acknowledged:
        act = traverse_path(site, path)
        if act is None or ORDER.index(act.workflow_state) < ORDER.index(STATE_AFTER[step]) \
                or (number is not None and act.number != number):
            lost.append((step, path, number))
    return lost


def catalog_disagreements(site):
    """Where the catalog and the objects disagree (none, when all is well)."""
    catalog, docmap = site.services["catalog"], site.services["docmap"]
    found = [f"{path}: catalogued, no object" for path in docmap.path_to_docid.keys()
             if traverse_path(site, path) is None]
    for region in site.values():
        for node in walk(region):
            if not getattr(node, "catalogued", True):
                continue
            path, docid = path_of(node), docmap.docid_for(path_of(node))
            if docid is None:
                found.append(f"{path}: not catalogued")
                continue
            if catalog["state"].values_of(docid) != catalog["state"].values_for(node):
                found.append(f"{path}: filed as {catalog['state'].values_of(docid)}, is {node.workflow_state}")
            if getattr(node, "title", None) and not catalog["title_text"].index.has_doc(docid):
                found.append(f"{path}: title not in title_text")
            if callable(getattr(node, "search_text", None)) and not catalog["search_text"].index.has_doc(docid):
                found.append(f"{path}: text not in search_text")
    found += [f"{name}: {catalog[name].pending_count()} pending" for name in ("title_text", "search_text")
              if catalog[name].pending_count()]
    return found


def check_database(var, acknowledged):
    """fstest, fsrefs, the acknowledged steps and the catalog, read while the restarted server is idle."""
    data_fs = str(var / "Data.fs")
    fstest.check(data_fs)  # raises FormatError
    with contextlib.redirect_stdout(io.StringIO()) as refs:
        fsrefs.main(data_fs)
    assert refs.getvalue() == "", refs.getvalue()
    db = ZODB.DB(FileStorage(data_fs, blob_dir=str(var / "blobs"), read_only=True))
    try:
        conn = db.open()
        site = open_site(conn)
        assert missing_steps(site, acknowledged) == []
        assert catalog_disagreements(site) == []
        conn.close()
    finally:
        db.close()


@pytest.mark.slow  # about a minute: 21 kills and restarts
def test_a_server_killed_under_load_keeps_every_acknowledged_step_and_a_sound_catalog(tmp_path):
    seed = random.randrange(1 << 30)
    rnd = random.Random(seed)
    var = tmp_path / "var"
    var.mkdir()
    make_site(var, WRITERS)
    ini = write_ini(tmp_path / "fault.ini", var)
    acknowledged, statuses = [], []
    server = Server("oko", ini).__enter__()
    try:
        for round_ in range(ROUNDS):
            got, answered = run_until_killed(server, rnd)
            acknowledged += got
            statuses += answered
            server.__exit__(None, None, None)
            server = Server("oko", ini).__enter__()  # NB: started, it has drained what the killed one left
            try:
                check_database(var, acknowledged)
            except AssertionError as exc:
                raise AssertionError(f"after kill {round_ + 1} (seed {seed}): {exc}") from None
    finally:
        server.__exit__(None, None, None)
    assert not [s for s in statuses if s >= 500]
    assert len({path for _, path, _ in acknowledged}) >= ROUNDS, "too little traffic to prove anything"
