"""Local roles inherited downwards; permissions decided by state."""
import datetime
import secrets

import transaction
import ZODB
from ZODB.DemoStorage import DemoStorage

from core.resources import Municipality, Region, Root, School
from core.security.csrf import _xor, mask, unmask
from core.security.roles import (
    AUTHENTICATED,
    RolesAlong,
    current_grants,
    effective_roles,
    grant,
    grantable_roles,
    revoke,
)
from core.security.users import User


def tree():
    root = Root()
    region = root.add("66", Region("66", "Свердловская область"))
    muni = region.add("m1", Municipality("m1", "М1"))
    return root, region, muni, muni.add("s1", School("s1", "Школа 1", "urban"))


def test_a_role_granted_on_a_municipality_is_held_on_its_schools():
    root, region, muni, school = tree()
    user = User("coordinator", "К")
    grant(muni, user, "municipal_coordinator")
    assert effective_roles(school, "coordinator") == {AUTHENTICATED, "municipal_coordinator"}
    assert effective_roles(region, "coordinator") == {AUTHENTICATED}
    assert dict(user.grants) == {"/66/m1": {"municipal_coordinator"}}


def test_revoking_removes_the_role_and_the_users_grant():
    root, region, muni, school = tree()
    user = User("curator", "К")
    grant(school, user, "curator")
    revoke(school, user, "curator")
    assert effective_roles(school, "curator") == {AUTHENTICATED}
    assert dict(user.grants) == {}


def test_anonymous_holds_no_role():
    root, region, muni, school = tree()
    assert effective_roles(school, None) == frozenset()


def test_a_coordinator_may_not_hand_out_regional_roles():
    assert "school_head" in grantable_roles({"municipal_coordinator"})
    # a curator is assigned by the 500+ step, never on the access page
    assert "curator" not in grantable_roles({"municipal_coordinator", "regional_operator", "federal_operator"})
    assert "regional_operator" not in grantable_roles({"municipal_coordinator"})
    assert "municipal_coordinator" not in grantable_roles({"municipal_coordinator"})



def test_roles_read_along_many_nodes_are_those_of_each_node():
    """«Мои задачи» reads each ancestor once (RolesAlong): the same roles as effective_roles, blocks and terms too."""
    root, region, muni, school = tree()
    blocking = muni.add("s2", School("s2", "Школа 2", "urban"))
    blocking.blocks_inherited = frozenset({"expert"})
    user = User("expert1", "Э")
    grant(region, user, "expert")
    grant(muni, user, "curator", end=datetime.date(2000, 1, 1))
    grant(blocking, user, "curator")
    along = RolesAlong("expert1")
    for node in (school, blocking, muni, region, root, blocking, school):
        assert along(node) == effective_roles(node, "expert1")
    assert along(school) == {AUTHENTICATED, "expert"}
    assert along(blocking) == {AUTHENTICATED, "curator"}
    assert RolesAlong(None)(school) == frozenset()


def test_a_request_reads_the_roles_of_each_ancestor_once_whatever_nodes_it_checks():
    """The security policy's roles of a request: each node's as effective_roles says, a shared ancestor read once."""
    from pyramid.testing import DummyRequest

    from core.security import SecurityPolicy
    root, region, muni, school = tree()
    others = [muni.add(f"s{n}", School(f"s{n}", f"Школа {n}", "urban")) for n in range(2, 6)]
    user = User("coordinator", "К")
    grant(muni, user, "municipal_coordinator")
    grant(others[0], user, "school_head")
    request, policy = DummyRequest(), SecurityPolicy()
    request._oko_identity = user
    reads = []

    class Counted(Municipality):
        @property
        def local_roles(self):
            reads.append(self.__name__)
            return self.__dict__["local_roles"]
    muni.__class__ = Counted
    nodes = (school, *others, muni, region, school)
    expected = [effective_roles(node, "coordinator") for node in nodes]
    reads.clear()
    assert [policy.roles(request, node) for node in nodes] == expected
    assert policy.roles(request, others[0]) == {AUTHENTICATED, "municipal_coordinator", "school_head"}
    assert reads == ["m1"]


def test_a_users_current_grants_are_read_once_and_follow_every_change():
    root, region, muni, school = tree()
    user = User("curator", "К")
    grant(school, user, "curator")
    first = current_grants(user)
    assert dict(first) == {"/66/m1/s1": {"curator"}} and first.places == {"curator": {"/66/m1/s1"}}
    assert current_grants(user) is first  # nothing changed: not read again
    grant(muni, user, "municipal_coordinator")
    assert current_grants(user).places == {"curator": {"/66/m1/s1"}, "municipal_coordinator": {"/66/m1"}}
    assert current_grants(user).tops == {"66"}
    grant(muni, user, "municipal_coordinator", start=datetime.date(2020, 1, 1), end=datetime.date(2020, 12, 31))
    assert dict(current_grants(user)) == {"/66/m1/s1": {"curator"}}  # the term has ended
    revoke(school, user, "curator")
    assert dict(current_grants(user)) == {}


def test_grants_changed_by_another_process_are_seen_at_the_next_transaction():
    db = ZODB.DB(DemoStorage())
    tm_a, tm_b = transaction.TransactionManager(), transaction.TransactionManager()
    conn_a, conn_b = db.open(transaction_manager=tm_a), db.open(transaction_manager=tm_b)
    root, region, muni, school = tree()
    conn_a.root()["site"], conn_a.root()["user"] = root, User("curator", "К")
    tm_a.commit()
    assert dict(current_grants(conn_a.root()["user"])) == {}
    tm_b.begin()
    site_b = conn_b.root()["site"]
    grant(site_b["66"]["m1"]["s1"], conn_b.root()["user"], "curator")
    tm_b.commit()
    tm_a.begin()
    assert dict(current_grants(conn_a.root()["user"])) == {"/66/m1/s1": {"curator"}}
    db.close()


def test_a_masked_csrf_token_is_the_pad_and_the_token_xor_the_pad_byte_by_byte():
    for size in (0, 1, 20, 40, 64):
        a, b = secrets.token_bytes(size), secrets.token_bytes(size)
        assert _xor(a, b) == bytes(x ^ y for x, y in zip(a, b))
    token = secrets.token_hex(20)
    masked = bytes.fromhex(mask(token))
    pad, xored = masked[:40], masked[40:]
    assert bytes(x ^ y for x, y in zip(pad, xored)).decode("ascii") == token == unmask(masked.hex())
