"""Local roles inherited downwards; permissions decided by state."""
import datetime

from core.resources import Municipality, Region, Root, School
from core.security.roles import AUTHENTICATED, RolesAlong, effective_roles, grant, grantable_roles, revoke
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
