"""Two application processes on one PostgreSQL database (RelStorage), as a site that outgrew one process runs.

Each process is a real server (``tests.bench.serve``: waitress on 127.0.0.1)
of its own, with its own object cache and blob cache. What one changes, the
other shows at once; failed log-ins spread over both are counted together
(the throttle lives in the database); and writes from both on one record at
one moment conflict, are retried, and each reaches its person as done.
"""
import json
import re
import threading

import pytest
import transaction

from core.security.throttle import FREE
from tests.bench.support import REPO, Client, Server, opened_db
from tests.factories import PASSWORD, make_tree, make_user
from tests.functional.test_storage import SECRET, pg_database, pg_uri  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
OPERATOR = "region66"
PEOPLE = [f"person{n}" for n in range(16)]


def _ini(path, uri):
    path.write_text(f"""\
[app:main]
use = egg:oko-case
pyramid.reload_templates = false
pyramid.default_locale_name = ru
zodbconn.uri = {uri}
retry.attempts = 5
tm.annotate_user = false
oko.secret = {SECRET}
oko.cookie_secure = false
oko.argon2 = fast
oko.template_cache = {REPO / "var" / "templates"}
""", encoding="utf-8")
    return path


@pytest.fixture
def two_processes(pg_database, tmp_path):  # noqa: F811  (the fixture imported above)
    """Two servers on one PostgreSQL database holding a region and its people: ``(first, second)``."""
    from core.security.users import make_hasher
    from core.testing import edit
    hasher = make_hasher("fast")
    with opened_db(pg_uri(pg_database, tmp_path / "blobs-setup")) as db:
        with edit(db) as site:
            make_tree(site, regions=("66",), munis=1, schools=2)
            make_user(site, OPERATOR, hasher, [("regional_operator", "66")])
            make_user(site, "head", hasher, [("school_head", "66/m1/s1")])
            for login in PEOPLE:
                make_user(site, login, hasher)
        transaction.abort()
    # NB: a shared machine may take minutes to start a process; what is measured here is not its speed.
    first = Server("oko", _ini(tmp_path / "first.ini", pg_uri(pg_database, tmp_path / "blobs-1")), start_timeout=600)
    second = Server("oko", _ini(tmp_path / "second.ini", pg_uri(pg_database, tmp_path / "blobs-2")),
                    start_timeout=600)
    with first, second:
        yield first, second


def _api(port, login=None):
    """A client of the server at ``port``, logged in through the API as ``login``, with its CSRF token."""
    client = Client(port)
    status, _, body, _ = client.request("GET", "/api/v1/session")
    assert status == 200, body
    client.token = json.loads(body)["csrf_token"]
    if login is not None:
        status, _, body, _ = _call(client, "POST", "/api/v1/session", {"login": login, "password": PASSWORD})
        assert status == 200, body
        client.token = json.loads(body)["csrf_token"]
    return client


def _call(client, method, path, body=None):
    headers = {"Content-Type": "application/json"}
    if getattr(client, "token", None):
        headers["X-CSRF-Token"] = client.token
    status, _, answer, _ = client.request(method, path, body=json.dumps(body) if body is not None else None,
                                          headers=headers)
    return status, None, answer, None


def _roles(client, path):
    status, _, body, _ = _call(client, "GET", f"/api/v1/tree{path}/@@roles")
    assert status == 200, body
    return {(r["login"], r["role"]) for r in json.loads(body)["local"]}


def _conflicts(server):
    found = re.findall(r"^CONFLICTS (\{.*\})$", server.final_log, re.M)
    return json.loads(found[-1]) if found else {}


def test_what_one_process_changes_the_other_shows_at_once(two_processes):
    first, second = two_processes
    one, other = _api(first.port, OPERATOR), _api(second.port, OPERATOR)
    assert ("person0", "school_head") not in _roles(other, "/66/m1/s2")
    status, _, body, _ = _call(one, "POST", "/api/v1/tree/66/m1/s2/@@roles", {"login": "person0", "role": "school_head"})
    assert status == 200, body
    # no waiting, no reload: the next request of the other process sees the grant
    assert ("person0", "school_head") in _roles(other, "/66/m1/s2")
    status, _, body, _ = _call(other, "DELETE", "/api/v1/tree/66/m1/s2/@@roles?login=person0&role=school_head")
    assert status == 200, body
    assert ("person0", "school_head") not in _roles(one, "/66/m1/s2")


def test_failed_log_ins_spread_over_both_processes_are_counted_together(two_processes):
    first, second = two_processes
    clients = [_api(first.port), _api(second.port)]
    free = FREE["login"]
    for n in range(free):
        status, _, body, _ = _call(clients[n % 2], "POST", "/api/v1/session", {"login": "head", "password": "wrong"})
        assert status == 401 and "Неверное имя" in json.loads(body)["error"]["message"]
    # neither process saw more than free - 1 of them itself, yet both refuse the next try, even the right password
    for client in clients:
        status, _, body, _ = _call(client, "POST", "/api/v1/session", {"login": "head", "password": PASSWORD})
        assert status == 401 and "Слишком много неудачных попыток" in json.loads(body)["error"]["message"]


def test_writes_of_both_processes_on_one_record_at_once_are_retried_and_all_done(two_processes):
    first, second = two_processes
    clients = [_api(server.port, OPERATOR) for server in (first, second) for _ in range(2)]
    answers, barrier = [], threading.Barrier(len(clients))

    def grant(client, logins):
        for login in logins:
            barrier.wait(30)
            status, _, body, _ = _call(client, "POST", "/api/v1/tree/66/m1/s1/@@roles",
                                       {"login": login, "role": "school_head"})
            answers.append((status, login, body[:200]))
    # NB: every grant of a round changes the same school's roles at the same moment, from both processes.
    shares = [PEOPLE[i::len(clients)] for i in range(len(clients))]
    threads = [threading.Thread(target=grant, args=(client, share)) for client, share in zip(clients, shares)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(status for status, _, _ in answers) == [200] * len(PEOPLE), answers
    granted = _roles(_api(second.port, OPERATOR), "/66/m1/s1")
    assert {(login, "school_head") for login in PEOPLE} <= granted
    for client in clients:
        client.close()
    first.__exit__(None, None, None)
    second.__exit__(None, None, None)
    counts = [_conflicts(first), _conflicts(second)]
    # the processes met: conflicts were retried, and none was left for a person to see
    assert sum(c.get("retried", 0) for c in counts) >= 1 and sum(c.get("refused", 0) for c in counts) == 0, counts
    # a retried conflict is no error: nothing of it is logged above DEBUG (core.views.errors), no traceback
    logs = first.final_log + second.final_log
    assert "Traceback" not in logs and " ERROR " not in logs and "Конфликт" not in logs, logs[-2000:]
