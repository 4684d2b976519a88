"""Concurrent writers: a conflict is retried quietly, and answered 409 «повторите» when it outlives the retries."""
import logging

import pytest
from ZODB.POSException import ConflictError

from core import acts
from tests.factories import csrf, edit, login, make_act, make_user

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


def test_a_conflict_that_outlives_every_retry_asks_to_try_again_on_the_page_and_in_the_api(
        app, testapp, act_path, monkeypatch, caplog):
    login(testapp, "region66")
    token = csrf(testapp)
    monkeypatch.setattr(acts, "fire_act", always_conflicting)
    before = counted(app)
    caplog.set_level(logging.DEBUG, logger=ERRORS)
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
    login(testapp, "region66")
    token = csrf(testapp)
    monkeypatch.setattr(acts, "fire_act", conflicting_once)
    before = counted(app)
    caplog.set_level(logging.DEBUG, logger=ERRORS)
    node = testapp.post_json(f"/api/v1/tree{act_path}/@@transitions", {"transition": "approve"},
                             headers={"X-CSRF-Token": token}).json
    assert node["act"]["number"] == 1 and attempts == ["submitted", "submitted"]
    assert counted(app)["retried"] - before["retried"] == 1
    assert [r.levelno for r in caplog.records if r.name == ERRORS] == [logging.DEBUG]
