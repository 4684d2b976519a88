"""Local roles inherited downwards; permissions decided by state."""
from core.resources import Municipality, Region, Root, School
from core.security.roles import AUTHENTICATED, effective_roles, grant, grantable_roles, revoke
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

