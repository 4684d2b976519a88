"""Concurrent writers: a conflict is retried quietly, answered 409 «повторите» when it outlives the retries,
and eight people drafting, submitting and approving acts in one register get no 5xx and gap-free numbers."""
import logging
import threading

import pytest
import ZODB
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError

from core import acts, conflicts
from tests.factories import csrf, edit, login, make_act, make_tree, make_user, serving

ERRORS = "core.views.errors"


@pytest.fixture
def act_path(tree, hasher, host):
    """The path of a draft act of region 66 sent for signature, and a methodologist who drafted it."""
    with edit(tree) as site:
        make_user(site, "methodologist", hasher, [("methodologist", "66")])
        act = make_act(host, site["66"])
        acts.fire_act(host, act, "submit", "methodologist")
        return "/" + "/".join(["66", "acts", act.__name__])


def counted(app):
    """What the application's conflict counter says now."""
    return app.registry.oko_conflicts.snapshot()


def always_conflicting(*args, **kwargs):
    raise ConflictError("someone else approved at the same moment")


def operator_approving(testapp, monkeypatch, caplog, fire_act):
    """The regional operator logged in, approvals done by ``fire_act``, errors' log caught: the CSRF token."""
    login(testapp, "region66")
    monkeypatch.setattr(acts, "fire_act", fire_act)
    caplog.set_level(logging.DEBUG, logger=ERRORS)
    return csrf(testapp)


def test_a_conflict_that_outlives_every_retry_asks_to_try_again_on_the_page_and_in_the_api(
        app, testapp, act_path, monkeypatch, caplog):
    token = operator_approving(testapp, monkeypatch, caplog, always_conflicting)
    before = counted(app)
    res = testapp.post_json(f"/api/v1/tree{act_path}/@@transitions", {"transition": "approve"},
                            headers={"X-CSRF-Token": token}, status=409)
    assert res.json["error"]["code"] == "conflict" and "Повторите" in res.json["error"]["message"]
    page = testapp.post(f"{act_path}/@@transition", {"transition": "approve", "csrf_token": token}, status=409)
    assert "Действие не выполнено" in page.text and "Повторите" in page.text
    now = counted(app)
    # three attempts each (retry.attempts = 3): two absorbed, the last one refused
    assert (now["retried"] - before["retried"], now["refused"] - before["refused"]) == (4, 2)
    levels = [r.levelno for r in caplog.records if r.name == ERRORS]
    assert levels.count(logging.DEBUG) == 4 and levels.count(logging.WARNING) == 2
    assert logging.ERROR not in levels
    with edit(testapp.app.registry._zodb_databases[""]) as site:
        assert site["66"]["acts"][act_path.rsplit("/", 1)[1]].workflow_state == "submitted"


def test_a_conflict_at_commit_is_retried_quietly_and_the_step_is_done(app, testapp, act_path, monkeypatch, caplog):
    fire_act, attempts = acts.fire_act, []

    def conflicting_once(host, act, *args, **kwargs):
        attempts.append(act.workflow_state)
        if len(attempts) == 1:
            act._p_jar.transaction_manager.get().addBeforeCommitHook(always_conflicting)
        return fire_act(host, act, *args, **kwargs)
    token = operator_approving(testapp, monkeypatch, caplog, conflicting_once)
    before = counted(app)
    node = testapp.post_json(f"/api/v1/tree{act_path}/@@transitions", {"transition": "approve"},
                             headers={"X-CSRF-Token": token}).json
    assert node["act"]["number"] == 1 and attempts == ["submitted", "submitted"]
    assert counted(app)["retried"] - before["retried"] == 1
    assert [r.levelno for r in caplog.records if r.name == ERRORS] == [logging.DEBUG]


@pytest.fixture
def filestorage(app, tmp_path):
    """A real FileStorage (with blobs) the application uses for this test, with the ``tree`` and eight writers."""
    from core.security.users import make_hasher
    from tests.bench.writers import REGION, writer_login
    database = ZODB.DB(FileStorage(str(tmp_path / "Data.fs"), blob_dir=str(tmp_path / "blobs")))
    with edit(database) as site:
        make_tree(site)
        for n in range(8):
            make_user(site, writer_login(n), make_hasher("fast"), [("regional_operator", REGION)])
    with serving(app, database):
        yield database
    database.close()


@pytest.fixture
def served(app, filestorage):
    """The application served by waitress on 127.0.0.1 (four threads, as development.ini): its port."""
    from waitress import create_server
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server.effective_port
    server.close()
    thread.join(10)


@pytest.mark.parametrize("turns", [True, False], ids=["in turns", "all at once"])
def test_eight_people_drafting_submitting_and_approving_acts_in_one_register_get_no_5xx_and_gap_free_numbers(
        app, filestorage, served, monkeypatch, turns):
    """In turns (as served), none of them conflicts; all at once (``oko.writers_take_turns = false``, or writers
    of several processes), they do, and the retries and 409s keep every number."""
    import json

    from tests.bench.writers import approved_numbers, run_writers
    if not turns:
        monkeypatch.setattr(app.registry, "oko_turn", None)
    before = counted(app)
    people = run_writers(served, writers=8, cycles=5, host="localhost")  # the tests' public URL
    statuses = [status for person in people for status, _ in person.samples]
    assert len(statuses) >= 8 * 5 and not [s for s in statuses if s >= 500]
    refusals = [json.loads(body) for person in people for body in person.refusals]
    assert all(r["error"]["code"] == "conflict" and "Повторите" in r["error"]["message"] for r in refusals)
    acknowledged = sorted(number for person in people for _, number in person.done)
    with edit(filestorage) as site:
        stored, last = approved_numbers(site)
    assert acknowledged == stored == list(range(1, last + 1)) and last
    if turns:
        assert counted(app) == before and not refusals


def test_a_conflicted_request_pauses_a_random_moment_before_each_retry_longer_each_time(
        app, testapp, act_path, monkeypatch, caplog):
    token = operator_approving(testapp, monkeypatch, caplog, always_conflicting)
    pauses, bounds = [], []
    monkeypatch.setattr(conflicts.time, "sleep", pauses.append)
    monkeypatch.setattr(conflicts.random, "uniform", lambda low, high: bounds.append((low, high)) or high / 2)
    testapp.post_json(f"/api/v1/tree{act_path}/@@transitions", {"transition": "approve"},
                      headers={"X-CSRF-Token": token}, status=409)
    # three attempts (retry.attempts = 3): a pause before each of the two retries, the second up to twice as long
    assert bounds == [(0, conflicts.RETRY_PAUSE_S), (0, 2 * conflicts.RETRY_PAUSE_S)]
    assert pauses == [conflicts.RETRY_PAUSE_S / 2, conflicts.RETRY_PAUSE_S]
