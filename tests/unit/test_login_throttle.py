"""The log-in throttle's counts: in the database, shared by every process, never in conflict."""
import transaction
import ZODB
from ZODB.DemoStorage import DemoStorage
from ZODB.FileStorage import FileStorage

from core.bootstrap import bootstrap
from core.security.throttle import FREE, KEYS_PER_SHARD, MAX_DELAY, SERVICE, WINDOW, FailureShard, LoginThrottle
from core.site import open_site


class Clock:
    """Epoch seconds that move only when the test says so."""

    def __init__(self, now=1_700_000_000.0):
        self.now = now

    def __call__(self):
        return self.now


def site_of(db):
    conn = db.open()
    return conn, open_site(conn)


def fresh_db(storage=None):
    db = ZODB.DB(storage or DemoStorage())
    with db.transaction() as conn:
        bootstrap(conn.root())
    return db


def test_failed_log_ins_make_the_next_try_wait_longer_and_longer_then_age_out():
    db, clock = fresh_db(), Clock()
    throttle = LoginThrottle(clock)
    conn, site = site_of(db)
    waits = []
    for _ in range(FREE["login"] + 3):
        conn.sync()
        waits.append(throttle.wait_seconds(site, "login:x"))
        throttle.failed(db, "login:x")
    assert waits[:FREE["login"]] == [0] * FREE["login"]
    assert 0 < waits[FREE["login"]] < waits[FREE["login"] + 1] < waits[FREE["login"] + 2] <= MAX_DELAY
    # another key is not slowed down by these
    assert throttle.wait_seconds(site, "login:y") == 0
    clock.now += WINDOW + 1
    assert throttle.wait_seconds(site, "login:x") == 0
    conn.close()
    db.close()


def test_an_address_has_more_free_attempts_than_an_account():
    db, clock = fresh_db(), Clock()
    throttle = LoginThrottle(clock)
    for _ in range(FREE["login"]):
        throttle.failed(db, "login:x", "addr:10.0.0.1")
    conn, site = site_of(db)
    assert throttle.wait_seconds(site, "login:x") > 0
    assert throttle.wait_seconds(site, "addr:10.0.0.1") == 0
    conn.close()
    db.close()


def test_two_processes_failing_at_once_both_count_and_neither_meets_a_conflict(tmp_path):
    """Two connections with their own transactions stand for two processes of one site."""
    db, clock = fresh_db(FileStorage(str(tmp_path / "Data.fs"))), Clock()
    first, second = transaction.TransactionManager(), transaction.TransactionManager()
    conn1, conn2 = db.open(transaction_manager=first), db.open(transaction_manager=second)
    log1, log2 = open_site(conn1).services[SERVICE], open_site(conn2).services[SERVICE]
    # both read the same shard before either writes: the second commit meets the first
    log1.shard("login:anna").record("login:anna", clock.now)
    log2.shard("login:anna").record("login:anna", clock.now)
    assert log1.shard("login:anna") is not log2.shard("login:anna")
    first.commit()
    second.commit()  # resolved, not a ConflictError
    conn3, site = site_of(db)
    assert len(site.services[SERVICE].shard("login:anna").times("login:anna")) == 2
    for conn in (conn1, conn2, conn3):
        conn.close()
    db.close()


def test_concurrent_failures_of_different_keys_in_one_shard_are_all_kept():
    shard = FailureShard()
    old = {"failures": {"a": ((1.0, 1),)}}
    saved = {"failures": {"a": ((1.0, 1), (2.0, 2)), "b": ((2.0, 3),)}}
    new = {"failures": {"a": ((1.0, 1), (2.0, 4)), "c": ((2.5, 5),)}}
    merged = shard._p_resolveConflict(old, saved, new)["failures"]
    assert merged == {"a": ((1.0, 1), (2.0, 2), (2.0, 4)), "b": ((2.0, 3),), "c": ((2.5, 5),)}


def test_a_shard_forgets_aged_out_failures_and_keeps_a_bounded_number_of_keys():
    shard, now = FailureShard(), 1_700_000_000.0
    shard.record("login:old", now)
    shard.record("login:new", now + WINDOW + 1)
    assert set(shard.failures) == {"login:new"}
    for n in range(KEYS_PER_SHARD + 10):
        shard.record(f"login:{n}", now + WINDOW + 2 + n / 100)
    assert len(shard.failures) == KEYS_PER_SHARD
    assert "login:0" not in shard.failures and f"login:{KEYS_PER_SHARD + 9}" in shard.failures


def test_a_site_made_before_the_counts_gets_them_at_its_first_failure():
    db, clock = fresh_db(), Clock()
    with db.transaction() as conn:
        del open_site(conn).services[SERVICE]
    throttle = LoginThrottle(clock)
    conn, site = site_of(db)
    assert throttle.wait_seconds(site, "login:x") == 0
    throttle.failed(db, "login:x")
    conn.sync()
    assert site.services[SERVICE].shard("login:x").times("login:x") == [clock.now]
    conn.close()
    db.close()
