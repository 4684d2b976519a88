"""Who sees and does what: local roles inherited downwards, decided by workflow state."""
import pytest

from core.cases import fire
from tests.factories import csrf, edit, login, make_document, make_user


@pytest.fixture
def documents(tree, host):
    """A submitted document in each of the three schools of 66/m1."""
    with edit(tree) as site:
        for school, head in (("s1", "head"), ("s2", "head2"), ("s3", "head3")):
            fire(host, make_document(host, site, f"66/m1/{school}", actor=head), "submit", head)
    return tree


def test_curator_sees_and_acts_on_exactly_the_two_assigned_schools(testapp, documents):
    login(testapp, "curator")
    home = testapp.get("/")
    assert "/66/m1/s1/" in home.text and "/66/m1/s2/" in home.text and "/66/m1/s3/" not in home.text
    testapp.get("/66/m1/s1/", status=200)
    testapp.get("/66/m1/s2/", status=200)
    assert "Доступ запрещён" in testapp.get("/66/m1/s3/", status=403).text
    testapp.get("/66/m1/s3/doc/", status=403)
    testapp.get("/66/m1/", status=403)
    token = csrf(testapp)
    for s in ("s1", "s2"):
        testapp.post(f"/66/m1/{s}/doc/@@transition", {"transition": "confirm", "csrf_token": token}, status=303)
    testapp.post("/66/m1/s3/doc/@@transition", {"transition": "confirm", "csrf_token": token}, status=403)
    tasks = testapp.get("/tasks")
    assert "Сейчас ничего не ждёт ваших действий" in tasks.text


def test_curator_is_refused_a_third_school_in_the_api(testapp, documents):
    login(testapp, "curator")
    token = csrf(testapp)
    assert testapp.get("/api/v1/tree/66/m1/s1").json["node"]["code"] == "66-1-1"
    res = testapp.get("/api/v1/tree/66/m1/s3", status=403)
    assert res.json["error"]["code"] == "forbidden"
    res = testapp.post_json("/api/v1/tree/66/m1/s3/doc/@@transitions", {"transition": "confirm"},
                            headers={"X-CSRF-Token": token}, status=403)
    assert res.json["error"]["code"] == "forbidden"
    res = testapp.post_json("/api/v1/tree/66/m1/s2/doc/@@transitions", {"transition": "confirm"},
                            headers={"X-CSRF-Token": token})
    assert res.json["node"]["state"] == "confirmed"
    assert [t["path"] for t in testapp.get("/api/v1/tasks").json["tasks"]] == ["/66/m1/s1/doc"]


@pytest.mark.parametrize("user, allowed, refused", [
    ("federal", ["/", "/66/", "/24/", "/66/m1/s3/"], []),
    ("region66", ["/66/", "/66/m2/", "/66/m1/s1/doc/"], ["/24/", "/54/m1/"]),
    ("coordinator", ["/66/m1/", "/66/m1/s3/", "/66/m1/@@access"], ["/66/", "/66/m2/", "/24/m1/"]),
    ("head", ["/66/m1/s1/", "/66/m1/s1/doc/", "/66/m1/s1/@@add-document"], ["/66/m1/s3/", "/66/m1/", "/66/m1/s1/@@access"]),
    ("nobody", ["/"], ["/66/", "/66/m1/s1/"]),
    ("teacher", ["/66/m1/s1/"], ["/66/m1/s1/@@add-document", "/66/m1/s2/", "/66/m1/"]),
    ("officer", ["/66/m1/s1/", "/66/m1/s1/@@add-document"], ["/66/m1/s2/", "/66/m1/s1/@@access"]),
    ("methodologist", ["/66/", "/66/m2/s3/"], ["/24/", "/66/@@access", "/66/m1/s1/@@add-document"]),
    ("cmm_author", ["/66/"], ["/24/", "/66/@@access"]),
    ("chair", ["/66/", "/66/m1/s1/"], ["/24/", "/66/@@access"]),
    # experts score anonymised answers: they are given no view of the tree
    ("expert", ["/"], ["/66/", "/66/m1/s1/", "/66/m1/s1/doc/"]),
])
def test_each_role_sees_exactly_what_it_should(testapp, documents, hasher, user, allowed, refused):
    with edit(documents) as site:
        make_user(site, "teacher", hasher, [("teacher", "66/m1/s1")])
        make_user(site, "officer", hasher, [("attestation_officer", "66/m1/s1")])
        for login_name, role in (("methodologist", "methodologist"), ("cmm_author", "cmm_author"),
                                 ("chair", "commission_chair"), ("expert", "expert")):
            make_user(site, login_name, hasher, [(role, "66")])
    login(testapp, user)
    for url in allowed:
        testapp.get(url, status=200)
    for url in refused:
        testapp.get(url, status=403)


def test_school_head_loses_edit_when_document_is_submitted(host, documents):
    from core.security.permissions import permits
    from core.security.roles import effective_roles
    with edit(documents) as site:
        doc = site["66"]["m1"]["s3"]["doc"]
        roles = effective_roles(doc, "head3")
        assert permits(doc, roles, "view", host)
        assert not permits(doc, roles, "edit", host)


def test_coordinator_grants_and_revokes_roles_on_its_own_subtree_only(testapp, tree):
    login(testapp, "coordinator")
    page = testapp.get("/66/m1/s3/@@access")
    form = page.forms["grant-form"]
    form["login"] = "nobody"
    form["role"] = "teacher"
    form.submit(status=303)
    assert "Nobody" in testapp.get("/66/m1/s3/@@access").text
    token = csrf(testapp)
    # not a role a coordinator hands out
    res = testapp.post("/66/m1/s3/@@access", {"csrf_token": token, "action": "grant", "login": "nobody",
                                              "role": "regional_operator"}, status=400)
    assert "Вы не можете назначать роль" in res.text
    # not its subtree
    testapp.get("/66/m2/s1/@@access", status=403)
    testapp.post("/66/m2/s1/@@access", {"csrf_token": token, "action": "grant", "login": "nobody",
                                        "role": "teacher"}, status=403)
    testapp.post("/66/m1/s3/@@access", {"csrf_token": token, "action": "revoke", "login": "nobody",
                                        "role": "teacher"}, status=303)
    testapp.reset()
    login(testapp, "nobody")
    testapp.get("/66/m1/s3/", status=403)


def test_granting_to_an_unknown_user_changes_nothing(testapp, tree):
    login(testapp, "coordinator")
    res = testapp.post("/66/m1/s3/@@access", {"csrf_token": csrf(testapp), "action": "grant",
                                              "login": "ghost", "role": "teacher"}, status=400)
    assert "не найден" in res.text


def test_a_refused_page_does_not_name_what_it_refuses(testapp, documents):
    login(testapp, "head")
    page = testapp.get("/66/m1/s3/doc/", status=403)
    assert "Школа № 3" not in page.text and "Программа развития" not in page.text


def test_an_unknown_address_gets_a_russian_404_page(testapp, tree):
    login(testapp, "federal")
    page = testapp.get("/66/no-such-municipality/", status=404)
    assert "Страница не найдена" in page.text
