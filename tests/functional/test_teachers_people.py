"""The regional operator forms the region's teacher attestation commission and its pool of experts: the
only way those roles are handed out, on the region's page and in the API; bad choices refused, nothing kept."""
import pytest

from core.security.audit import audit_log
from core.security.roles import effective_roles
from tests.factories import csrf, edit, logged_in_clients, make_user

PAGE = "/66/@@teachers"


@pytest.fixture
def people(tree, hasher):
    """The ``tree`` with a future chair, two experts (one a teacher of 66/m2/s1) and a methodologist."""
    with edit(tree) as site:
        make_user(site, "chair", hasher, title="Председателев Константин Ильич")
        make_user(site, "expert1", hasher, [("teacher", "66/m2/s1")], title="Экспертова Ирина Львовна")
        make_user(site, "expert2", hasher, title="Проверяева Ольга Ивановна")
    return tree


def post(client, url, params):
    return client.post(url, {"csrf_token": client.token, **params}, expect_errors=True)


def test_the_regional_operator_forms_the_pool_and_the_commission_on_the_region_s_page(app, people):
    operator = logged_in_clients(app, ["region66"])["region66"]
    assert post(operator, "/66/@@teacher-experts", {"login": "expert1"}).status_int == 303
    assert post(operator, "/66/@@teacher-commission", {"login": "chair", "role": "commission_chair"}).status_int == 303
    page = operator.get(PAGE)
    experts = page.html.find(id="teacher-experts").get_text(" ", strip=True)
    assert "Экспертова Ирина Львовна" in experts and "Муниципалитет 66-2" in experts
    assert "Председателев Константин Ильич" in page.html.find(id="teacher-commission").text
    with edit(people) as site:
        assert "commission_chair" in effective_roles(site["66"], "chair")
        (entry,), _ = audit_log(site).for_path("/66", limit=1)
        assert (entry.actor, entry.subject, entry.role, entry.via) == (
            "region66", "chair", "commission_chair", "teacher_commission")


@pytest.mark.parametrize("url, params, message", [
    ("/66/@@teacher-experts", {"login": "region66"}, "Себя в эксперты"),
    ("/66/@@teacher-experts", {"login": "ghost"}, "не найден"),
    ("/66/@@teacher-commission", {"login": "expert1", "role": "commission_chair"}, "не входит в комиссию"),
    ("/66/@@teacher-commission", {"login": "chair", "role": "boss"}, "Нет такой роли"),
    ("/66/@@teacher-commission", {"login": "region66", "role": "commission_member"}, "самому себе"),
])
def test_a_bad_choice_is_refused_in_russian_and_changes_nothing(app, people, url, params, message):
    operator = logged_in_clients(app, ["region66"])["region66"]
    post(operator, "/66/@@teacher-experts", {"login": "expert1"})
    with edit(people) as site:
        before = len(audit_log(site)), dict(site.services["teacher_experts"]["66"])
    res = post(operator, url, params)
    assert res.status_int in (400, 403) and message in res.html.find(id="error").text
    with edit(people) as site:
        assert (len(audit_log(site)), dict(site.services["teacher_experts"]["66"])) == before


def test_only_the_regional_operator_appoints(app, people):
    clients = logged_in_clients(app, ["coordinator", "federal"])
    for client in clients.values():
        res = post(client, "/66/@@teacher-commission", {"login": "chair", "role": "commission_chair"})
        assert res.status_int == 403
    with edit(people) as site:
        assert "commission_chair" not in effective_roles(site["66"], "chair")


def test_the_api_forms_the_pool_and_the_commission_the_same_way(app, people):
    import webtest
    client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
    token = client.post_json("/api/v1/session", {"login": "region66", "password": "correct horse battery"},
                             headers={"X-CSRF-Token": csrf(client)}).json["csrf_token"]
    headers = {"X-CSRF-Token": token}
    body = client.post_json("/api/v1/tree/66/@@teacher-experts", {"login": "expert2"}, headers=headers).json
    assert body["experts"] == [{"login": "expert2", "title": "Проверяева Ольга Ивановна",
                                "works_in": "региональный уровень"}]
    body = client.post_json("/api/v1/tree/66/@@teacher-commission", {"login": "chair", "role": "commission_chair"},
                            headers=headers).json
    assert body["commission"]["commission_chair"] == ["chair"]
    err = client.post_json("/api/v1/tree/66/@@teacher-commission", {"login": "expert2", "role": "commission_member"},
                           headers=headers, status=400).json["error"]
    assert err["code"] == "step_invalid"
    body = client.delete("/api/v1/tree/66/@@teacher-commission?login=chair&role=commission_chair",
                         headers=headers).json
    assert body["commission"]["commission_chair"] == []
    assert client.post_json("/api/v1/tree/66/@@teacher-experts-draw", {}, headers=headers).json == {
        "drawn": 0, "waiting": 0}
