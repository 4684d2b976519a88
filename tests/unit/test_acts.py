"""The acts domain: the register's numbering under concurrency, approvers, links, versions."""
import datetime
import random
import threading
import time

import pytest
import transaction
from ZODB.POSException import ConflictError

from core import acts
from core.cases import WorkflowError
from core.site import open_site
from tests.factories import ACT_TEMPLATE, edit, make_act, make_user


@pytest.fixture
def acts_tree(tree, hasher):
    """The ``tree`` plus a methodologist of region 66."""
    with edit(tree) as site:
        make_user(site, "methodologist", hasher, [("methodologist", "66")])
    return tree


@pytest.mark.slow  # 2-5 s: twenty approvals retried until each has its number
def test_twenty_concurrent_approvals_in_one_register_get_twenty_consecutive_numbers(acts_tree, host):
    with edit(acts_tree) as site:
        names = []
        for _ in range(20):
            act = make_act(host, site["66"])
            acts.fire_act(host, act, "submit", "methodologist")
            names.append(act.__name__)
    barrier = threading.Barrier(len(names), timeout=30)
    numbers, attempts, errors = {}, {}, []
    now = datetime.datetime(2026, 9, 1, 10)

    def approve(name):
        tm = transaction.TransactionManager()
        conn = acts_tree.open(transaction_manager=tm)
        try:
            for attempt in tm.attempts(20):
                with attempt:
                    attempts[name] = attempts.get(name, 0) + 1
                    if attempts[name] > 1:
                        time.sleep(random.uniform(0, 0.01 * attempts[name]))  # a retry backs off
                    act = open_site(conn)["66"]["acts"][name]
                    acts.fire_act(host, act, "approve", "region66", now=now)
                    if attempts[name] == 1:
                        # NB: the year's counter is new in every first attempt, so nobody waits for
                        # another (core.conflicts.hold_until_end): everyone has a number before anyone commits.
                        barrier.wait()
                    numbers[name] = act.number
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=approve, args=(name,)) for name in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert sorted(numbers.values()) == list(range(1, 21))
    assert sum(attempts.values()) > len(names), "the approvals never conflicted: the test proves nothing"
    with edit(acts_tree) as site:
        register = site["66"]["acts"]
        stored = sorted(register[name].number for name in names)
        assert stored == list(range(1, 21)) and register.last_number(2026) == 20
        assert all(f"№ {register[n].number}" in register[n].search_text() for n in names)


def test_two_approvals_that_took_the_same_number_still_conflict(acts_tree, host):
    with edit(acts_tree) as site:
        register = acts.register_of(site["66"], create=True)
        register.take_number(2026)
    tm1, tm2 = transaction.TransactionManager(), transaction.TransactionManager()
    c1, c2 = acts_tree.open(transaction_manager=tm1), acts_tree.open(transaction_manager=tm2)
    try:
        assert open_site(c1)["66"]["acts"].take_number(2026) == 2
        assert open_site(c2)["66"]["acts"].take_number(2026) == 2
        tm1.commit()
        with pytest.raises(ConflictError):
            tm2.commit()
    finally:
        tm2.abort()
        c1.close()
        c2.close()


def test_an_approval_takes_the_number_after_one_committed_since_it_began(acts_tree, host):
    with edit(acts_tree) as site:
        acts.register_of(site["66"], create=True).take_number(2026)
    tm1, tm2 = transaction.TransactionManager(), transaction.TransactionManager()
    c1, c2 = acts_tree.open(transaction_manager=tm1), acts_tree.open(transaction_manager=tm2)
    try:
        later = open_site(c2)["66"]["acts"]
        assert later.last_number(2026) == 1  # this transaction has begun
        assert open_site(c1)["66"]["acts"].take_number(2026) == 2
        tm1.commit()
        assert later.take_number(2026) == 3
        tm2.commit()  # no conflict left to retry: 3 follows the committed 2
    finally:
        tm2.abort()
        c1.close()
        c2.close()
    with edit(acts_tree) as site:
        assert acts.register_of(site["66"]).last_number(2026) == 3


def test_numbers_run_per_register_and_year(acts_tree, host):
    with edit(acts_tree) as site:
        made = [(make_act(host, site["66"]), year) for year in (2026, 2026, 2027)]
        for act, year in made:
            acts.fire_act(host, act, "submit", "methodologist")
            acts.fire_act(host, act, "approve", "region66", now=datetime.datetime(year, 3, 1))
        assert [a.number for a, _ in made] == [1, 2, 1]
        assert made[2][0].date == datetime.date(2027, 3, 1)


def test_a_regional_operator_never_approves_a_schools_act(acts_tree, host):
    with edit(acts_tree) as site:
        school = site["66"]["m1"]["s1"]
        act = make_act(host, school, actor="head", template="order_attestation_officer",
                    officer_name="Иванову И. И.", officer_post="заместителя директора",
                    schedule_due=datetime.date(2026, 9, 1), signatory_name="М. Н. Директорова")
        assert act.workflow_name == "act_school"
        acts.fire_act(host, act, "submit", "head")
        with pytest.raises(WorkflowError, match="нет права"):
            acts.fire_act(host, act, "approve", "region66")
        acts.fire_act(host, act, "approve", "head", now=datetime.datetime(2026, 8, 20))
        assert act.number == 1 and act.signatory == "Директор М. Н. Директорова"


def test_an_act_built_from_cases_keeps_their_paths(acts_tree, host):
    with edit(acts_tree) as site:
        tpl = acts.template_for(host, site["66"], ACT_TEMPLATE)
        values = {**acts.initial_values(tpl, site["66"], host=host), "approver_name": "М", "quorum": "не менее половины"}
        act = acts.draft_act(host, site["66"], ACT_TEMPLATE, values, "methodologist",
                             cases=[site["66"]["m1"]["s1"], "/66/m1/s2"])
        assert act.cases == ("/66/m1/s1", "/66/m1/s2")
        with pytest.raises(acts.ActRefused, match="не найден"):
            acts.draft_act(host, site["66"], ACT_TEMPLATE, values, "methodologist", cases=["/66/nowhere"])


def test_only_a_draft_is_edited_and_every_edit_is_a_version(acts_tree, host):
    with edit(acts_tree) as site:
        act = make_act(host, site["66"])
        values = dict(act.current.variables, members_min=9)
        acts.edit_act(host, act, values, "methodologist")
        assert [v.number for v in act.versions] == [1, 2]
        assert any(line.kind == "added" and "не менее 9 человек" in line.text
                   for line in acts.compare_versions(act, 1, 2))
        acts.fire_act(host, act, "submit", "methodologist")
        with pytest.raises(acts.ActRefused, match="только черновик"):
            acts.edit_act(host, act, values, "methodologist")


def test_an_act_offers_what_the_search_catalog_reads(acts_tree, host):
    with edit(acts_tree) as site:
        act = make_act(host, site["66"])
        assert act.search_type == "act" and act.search_kind == "regulation"
        assert act.search_status == "draft" and act.search_date is None
        assert "ПОЛОЖЕНИЕ" in act.search_text() and act.title
        acts.fire_act(host, act, "submit", "methodologist")
        acts.fire_act(host, act, "approve", "region66", now=datetime.datetime(2026, 4, 2, 9))
        assert act.search_status == "approved" and act.search_date == datetime.date(2026, 4, 2)
        version = act.current
        assert version.search_type == "act" and version.search_kind == "regulation"
        assert version.search_date == datetime.date(2026, 4, 2) and "№ 1" in version.search_text()
