"""The API of derivation and execution: hand down, changes offered and decided, an occurrence assigned, evidenced
and moved through its statuses; out of order and done without evidence refused (409), nothing written."""
from jsonschema import Draft202012Validator

from core import roadmaps
from core.api.spec import SPEC
from tests.factories import edit
from tests.functional.test_api import api_login
from tests.roadmap_seeds import Grid, Para, build_docx

HEADER = ["ГОД", "Региональный уровень", "Муниципальный уровень", "Уровень ОО"]
ROWS = [["2022", "Анализ результатов региона", "Анализ результатов муниципалитета", "Анализ результатов школы"]]


def validate(body, name):
    Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]}).validate(body)


def plan(*rows):
    return build_docx([Para("Дорожная карта РСОКО"), Grid([list(HEADER)] + [list(r) for r in rows])])


def test_derive_decide_and_report_through_the_api(testapp, tree):
    with edit(tree) as site:
        region = roadmaps.import_roadmap(site["66"], plan(*ROWS), "рсоко.docx", "region66")[1].roadmap
        region_api = f"/api/v1/tree/66/roadmaps/{region.__name__}"
    headers = {"X-CSRF-Token": api_login(testapp, "region66")}
    res = testapp.post(f"{region_api}/@@derive", headers=headers, status=201)
    validate(res.json, "RoadmapDerivation")
    assert len(res.json["created"]) == 2
    assert testapp.post(f"{region_api}/@@derive", headers=headers, status=200).json["created"] == []
    with edit(tree) as site:
        changed = [ROWS[0][:2] + ["Анализ результатов муниципалитета и школ", ROWS[0][3]]]
        roadmaps.import_roadmap(site["66"], plan(*changed), "рсоко.docx", "region66", into=region.__name__)
    mine = [p for p in res.json["created"] if p.startswith("/66/m1/")][0]
    testapp.reset()

    headers = {"X-CSRF-Token": api_login(testapp, "coordinator")}
    changes = testapp.get(f"/api/v1/tree{mine}/@@changes").json
    validate(changes, "RoadmapChanges")
    [change] = changes["changes"]
    assert change["kind"] == "changed" and change["fields"] == ["text"]
    testapp.post_json(f"/api/v1/tree{mine}/@@changes", {"key": change["key"], "action": "maybe"}, headers=headers,
                      status=400)
    res = testapp.post_json(f"/api/v1/tree{mine}/@@changes", {"key": change["key"], "action": "accept"},
                            headers=headers)
    assert res.json["action"] == "accept" and testapp.get(f"/api/v1/tree{mine}/@@changes").json["changes"] == []
    testapp.post_json(f"/api/v1/tree{mine}/@@changes", {"key": change["key"], "action": "accept"}, headers=headers,
                      status=404)

    measure = change["measure"]
    url = f"/api/v1/tree{mine}/@@execution"
    got = testapp.get(url, {"measure": measure}).json
    validate(got, "MeasureExecution")
    [occurrence] = got["occurrences"]
    assert occurrence["key"] == "2022-12-31" and occurrence["status"] == "planned"
    key = occurrence["key"]

    def report(expect=200, **body):
        return testapp.post_json(url, {"measure": measure, "key": key, **body}, headers=headers, status=expect)

    report(action="status", status="in_progress")
    refused = report(409, action="status", status="done")
    assert refused.json["error"]["code"] == "roadmap_order" and "Без подтверждения" in refused.json["error"]["message"]
    report(400, action="link", path="https://example.org/doc")
    report(action="link", path="/66/acts/order-1", title="Приказ")
    res = report(action="status", status="done")
    validate(res.json, "MeasureExecution")
    assert res.json["occurrence"]["status"] == "done" and len(res.json["occurrence"]["history"]) == 3
    assert report(409, action="status", status="in_progress").json["error"]["code"] == "roadmap_order"
    report(404, action="status", status="done", key="2022-05-01")
    testapp.post_json(url, {"measure": 999, "key": key, "action": "status", "status": "done"}, headers=headers,
                      status=404)
    testapp.reset()
    headers = {"X-CSRF-Token": api_login(testapp, "region66")}  # does not keep a municipality's roadmap
    testapp.post_json(url, {"measure": measure, "key": key, "action": "assign", "responsible": "coordinator"},
                      headers=headers, status=403)
