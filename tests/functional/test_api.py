"""The JSON API: its OpenAPI description, validation against it, structured errors."""
import webtest

from core.api.spec import operations
from tests.factories import PASSWORD, csrf, edit, make_document, valid_pdf


def api_login(testapp, user="head"):
    token = csrf(testapp)
    res = testapp.post_json("/api/v1/session", {"login": user, "password": PASSWORD},
                            headers={"X-CSRF-Token": token})
    return res.json["csrf_token"]


def test_the_openapi_document_describes_every_api_view(testapp, app):
    spec = testapp.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.1")
    declared = set()
    for entry in app.registry.introspector.get_category("views"):
        view = entry["introspectable"]
        if (view["route_name"] or "").startswith("api_"):
            declared.add(view["callable"].__name__)
    assert len(operations()) >= 13
    from jsonschema import Draft202012Validator
    for path, item in spec["paths"].items():
        for method, op in item.items():
            for response in op["responses"].values():
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if schema:
                    Draft202012Validator.check_schema({**schema, "components": spec["components"]})


def test_log_in_through_the_api_and_read_a_school(testapp, tree):
    token = api_login(testapp)
    assert testapp.get("/api/v1/session").json["user"]["login"] == "head"
    body = testapp.get("/api/v1/tree/66/m1/s1").json
    assert body["node"]["school_type"] == "urban" and "school_head" in body["roles"]
    testapp.delete("/api/v1/session", headers={"X-CSRF-Token": token}, status=204)
    assert testapp.get("/api/v1/tree/66/m1/s1", status=401).json["error"]["code"] == "unauthenticated"


def test_a_wrong_password_gets_the_same_answer_as_an_unknown_name(testapp, tree):
    token = csrf(testapp)
    a = testapp.post_json("/api/v1/session", {"login": "head", "password": "bad"},
                          headers={"X-CSRF-Token": token}, status=401).json
    b = testapp.post_json("/api/v1/session", {"login": "ghost", "password": "bad"},
                          headers={"X-CSRF-Token": token}, status=401).json
    assert a == b


def test_requests_are_validated_against_the_openapi_document(testapp, tree, host):
    with edit(tree) as site:
        make_document(host, site, "66/m1/s1")
    token = api_login(testapp)
    err = testapp.get("/api/v1/tree/66/m1/s1?per_page=1000&sort=size", status=400).json["error"]
    assert err["code"] == "validation"
    assert {d["field"] for d in err["details"]} == {"per_page", "sort"}
    err = testapp.post_json("/api/v1/tree/66/m1/s1/doc/@@transitions", {"transition": "submit", "extra": 1},
                            headers={"X-CSRF-Token": token}, status=400).json["error"]
    assert "extra" in err["details"][0]["message"]
    # NB: the same bytes again: the check remembered is the same refusal, whole.
    again = testapp.post_json("/api/v1/tree/66/m1/s1/doc/@@transitions", {"transition": "submit", "extra": 1},
                              headers={"X-CSRF-Token": token}, status=400).json["error"]
    assert again == err
    err = testapp.post("/api/v1/tree/66/m1/s1/doc/@@transitions", "not json",
                       headers={"X-CSRF-Token": token, "Content-Type": "application/json"}, status=400).json
    assert err["error"]["details"][0]["message"] == "тело запроса не является JSON"
    with edit(tree) as site:
        assert site["66"]["m1"]["s1"]["doc"].workflow_state == "draft"


def test_head_uploads_and_curator_downloads_through_the_api(testapp, app, tree):
    token = api_login(testapp)
    res = testapp.post("/api/v1/tree/66/m1/s1/@@documents", {"title": "Концепция"},
                       upload_files=[("file", "concept.pdf", valid_pdf())],
                       headers={"X-CSRF-Token": token}, status=201)
    path = res.json["path"]
    assert res.json["state"] == "draft"
    err = testapp.post("/api/v1/tree/66/m1/s1/@@documents", {"title": "Без файла"},
                       headers={"X-CSRF-Token": token}, status=400).json["error"]
    assert err["details"] == [{"field": "file", "message": "обязательное поле"}]
    testapp.post_json(f"/api/v1/tree{path}/@@transitions", {"transition": "submit"},
                      headers={"X-CSRF-Token": token})
    curator = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.2"})
    api_login(curator, "curator")
    assert curator.get(f"/api/v1/tree{path}/@@file").body == valid_pdf()
    err = testapp.post("/api/v1/tree/66/m1/s1/@@documents", {"title": "Подделка"},
                       upload_files=[("file", "concept.docx", valid_pdf())],
                       headers={"X-CSRF-Token": token}, status=400).json["error"]
    assert err["code"] == "upload_refused" and "по содержимому это PDF" in err["message"]
    history = curator.get(f"/api/v1/tree{path}/@@history").json["history"]
    assert [h["transition"] for h in history] == ["create", "submit"]


def test_coordinator_manages_roles_through_the_api(testapp, tree):
    token = api_login(testapp, "coordinator")
    res = testapp.post_json("/api/v1/tree/66/m1/s3/@@roles", {"login": "nobody", "role": "teacher"},
                            headers={"X-CSRF-Token": token})
    assert {"login": "nobody", "role": "teacher"} in [{"login": g["login"], "role": g["role"]} for g in res.json["local"]]
    err = testapp.post_json("/api/v1/tree/66/m1/s3/@@roles", {"login": "nobody", "role": "regional_operator"},
                            headers={"X-CSRF-Token": token}, status=403).json["error"]
    assert err["code"] == "role_refused"
    testapp.post_json("/api/v1/tree/66/m2/s1/@@roles", {"login": "nobody", "role": "teacher"},
                      headers={"X-CSRF-Token": token}, status=403)
    res = testapp.delete("/api/v1/tree/66/m1/s3/@@roles?login=nobody&role=teacher",
                         headers={"X-CSRF-Token": token})
    assert [{"login": g["login"], "role": g["role"]} for g in res.json["local"]] == [
        {"login": "head3", "role": "school_head"}]


def test_an_unknown_address_is_a_json_404(testapp, tree):
    api_login(testapp)
    assert testapp.get("/api/v1/tree/66/nowhere", status=404).json["error"]["code"] == "not_found"
