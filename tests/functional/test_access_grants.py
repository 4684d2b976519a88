"""Who may hand out which role: tree roles on the access page, step roles only on their steps,
never to oneself, only below one's own rank; every change in the node's audit journal."""
import pytest

from core.security.audit import audit_log
from core.security.roles import effective_roles
from tests.factories import csrf, edit, login, make_user, node


def api_grant(testapp, path, login_, role, status):
    return testapp.post_json(f"/api/v1/tree/{path}/@@roles", {"login": login_, "role": role},
                             headers={"X-CSRF-Token": csrf(testapp)}, status=status)


@pytest.mark.parametrize("role", ["commission_secretary", "commission_chair", "commission_member", "expert",
                                  "curator", "attestation_officer"])
def test_a_step_role_is_refused_by_the_generic_roles_api_and_names_its_step(testapp, tree, role):
    login(testapp, "region66")
    res = api_grant(testapp, "66", "head", role, 403)
    assert res.json["error"]["code"] == "role_refused"
    assert "только на своём шаге" in res.json["error"]["message"]
    with edit(tree) as site:
        assert role not in effective_roles(site["66"], "head")
        assert not [e for e in audit_log(site).entries.values() if e.via == "access"]


def test_a_step_role_is_refused_on_the_access_page_too(testapp, tree):
    login(testapp, "coordinator")
    res = testapp.post("/66/m1/s3/@@access", {"csrf_token": csrf(testapp), "action": "grant", "login": "nobody",
                                              "role": "curator"}, status=400)
    assert "назначение куратора школы в проекте «500+»" in res.text
    with edit(tree) as site:
        assert "curator" not in effective_roles(node(site, "66/m1/s3"), "nobody")


def test_coordinator_cannot_grant_itself_school_head(testapp, tree):
    login(testapp, "coordinator")
    res = testapp.post("/66/m1/s3/@@access", {"csrf_token": csrf(testapp), "action": "grant",
                                              "login": "coordinator", "role": "school_head"}, status=400)
    assert "самому себе" in res.text
    res = api_grant(testapp, "66/m1/s3", "coordinator", "school_head", 403)
    assert "самому себе" in res.json["error"]["message"]
    with edit(tree) as site:
        assert "school_head" not in effective_roles(node(site, "66/m1/s3"), "coordinator")


def test_a_grant_needs_a_role_above_the_one_granted(testapp, tree, hasher):
    with edit(tree) as site:
        make_user(site, "coordinator2", hasher)
    login(testapp, "coordinator")
    # a coordinator makes no other coordinator, not even on its own municipality
    res = api_grant(testapp, "66/m1", "coordinator2", "municipal_coordinator", 403)
    assert "оператор уровнем выше" in res.json["error"]["message"]
    # the regional operator may
    testapp.reset()
    login(testapp, "region66")
    api_grant(testapp, "66/m1", "coordinator2", "municipal_coordinator", 200)


def test_every_grant_and_revocation_is_in_the_node_s_journal_on_the_page_and_in_the_api(testapp, tree):
    login(testapp, "coordinator")
    token = csrf(testapp)
    testapp.post("/66/m1/s3/@@access", {"csrf_token": token, "action": "grant", "login": "nobody",
                                        "role": "teacher"}, status=303)
    testapp.post("/66/m1/s3/@@access", {"csrf_token": token, "action": "revoke", "login": "nobody",
                                        "role": "teacher"}, status=303)
    page = testapp.get("/66/m1/s3/@@access")
    rows = [tr.get_text(" ", strip=True) for tr in page.html.find(id="journal").find_next("table").find_all("tr")[1:]]
    rows = rows[:2]  # newest first; then the test data's own grants
    assert "снята роль" in rows[0] and "назначена роль" in rows[1]
    assert all("Coordinator" in r and "Nobody" in r and "Педагог" in r for r in rows)
    journal = testapp.get("/api/v1/tree/66/m1/s3/@@access-journal").json
    assert [(e["action"], e["actor"], e["login"], e["role"], e["via"]) for e in journal["entries"][:2]] == [
        ("revoke", "coordinator", "nobody", "teacher", "access"), ("grant", "coordinator", "nobody", "teacher", "access")]
    # another node's journal does not show them
    assert not [e for e in testapp.get("/api/v1/tree/66/m1/@@access-journal").json["entries"] if e["login"] == "nobody"]


def test_a_domain_step_s_grant_is_journaled_with_its_step(testapp, tree, host):
    from core.project500 import steps
    with edit(tree) as site:
        users = site.services["users"]
        steps.enrol(host, site["66"], ["66-1-3"], 2026, "region66")
        p = steps.participation_of(node(site, "66/m1/s3"), 2026)
        before = audit_log(site).for_path("/66/m1/s3")[1]
        steps.assign_curator(host, p, users["curator"], "coordinator")
        entries, total = audit_log(site).for_path("/66/m1/s3")
    assert total == before + 1
    assert (entries[0].actor, entries[0].action, entries[0].subject, entries[0].role, entries[0].via) == (
        "coordinator", "grant", "curator", "curator", "assign_curator")


def test_an_attestee_cannot_be_made_the_campaign_s_secretary_through_the_roles_api(testapp, tree, host):
    import datetime

    from core.attestation import campaign as campaign_steps
    with edit(tree) as site:
        users = site.services["users"]
        c = campaign_steps.open_campaign(host, site["66"], 2026, "region66")
        campaign_steps.schedule(host, c, users["head"], "66-1-1", "head", datetime.date(2026, 12, 20), "region66")
    login(testapp, "region66")
    res = api_grant(testapp, "66/leader-attestation-2026", "head", "commission_secretary", 403)
    assert "состав аттестационной комиссии" in res.json["error"]["message"]
    testapp.reset()
    login(testapp, "head")
    testapp.get("/66/leader-attestation-2026/", status=403)


def test_thousands_of_grants_at_one_moment_all_reach_the_journal():
    import datetime

    from core.security.audit import AuditEntry, AuditLog
    log = AuditLog()
    at = datetime.datetime(2026, 12, 5, tzinfo=datetime.timezone.utc)
    for n in range(3000):
        log.append(AuditEntry(at, "region66", "grant", "/66", f"user{n}", "curator", "assign_curator"))
    assert len(log) == 3000
    entries, total = log.for_path("/66", limit=3000)
    assert total == 3000 and {e.subject for e in entries} == {f"user{n}" for n in range(3000)}
