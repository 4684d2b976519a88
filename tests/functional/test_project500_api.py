"""The 500+ project through the JSON API: every step, refusals as 403/409/400, bad uploads."""
import datetime
import json

import pytest
import webtest

from core.docinspect import Limits
from core.project500 import indicators, snapshots, steps
from tests.factories import PASSWORD, csrf, edit, make_user, valid_pdf
from tests.functional.project500_support import YEAR, concept_docx, content, visited
from tests.unit.docinspect_corpus import zip_bomb_docx

# The indicators a school meets after the first stage only by more steps: a second stage, a webinar.
LATER = {"positive_changes_stage_2", "webinar_participation"}

TREE = "/api/v1/tree"
P = f"{TREE}/66/m1/s1/500plus-{YEAR}"


@pytest.fixture
def api(app, tree, hasher):
    """``api(login)``: a JSON client logged in as ``login`` (one per user, kept for the test)."""
    with edit(tree) as site:
        make_user(site, "reviewer", hasher)
    clients = {}

    def client(user):
        if user not in clients:
            c = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
            c.token = c.post_json("/api/v1/session", {"login": user, "password": PASSWORD},
                                  headers={"X-CSRF-Token": csrf(c)}).json["csrf_token"]
            clients[user] = c
        return clients[user]
    return client


def send(client, url, body=None, status=200):
    return client.post_json(url, body if body is not None else {}, headers={"X-CSRF-Token": client.token},
                            status=status)


def upload(client, url, fields, file=None, status=201):
    return client.post(url, fields, upload_files=[file] if file else None,
                       headers={"X-CSRF-Token": client.token}, status=status)


def all_met(host, document_type):
    return {"results": {c["code"]: {"met": True, "comment": ""} for c in host.review_criteria("66", document_type)}}


def test_one_school_goes_through_every_step_in_the_api(api, tree, host):
    assert send(api("region66"), f"{TREE}/66/@@enrol", {"year": YEAR, "codes": ["66-1-1", "66-1-2"]}).json == {
        "enrolled": ["66-1-1", "66-1-2"], "already": []}
    rows = [{"school_code": "66-1-1", "factor": "staff_shortage", "level": "высокий"},
            {"school_code": "66-1-1", "factor": "Низкая учебная мотивация обучающихся", "level": "low"}]
    assert send(api("region66"), f"{TREE}/66/@@risk-profiles", {"year": YEAR, "rows": rows}).json == {"schools": 1}
    coordinator, curator, head, reviewer = (api(u) for u in ("coordinator", "curator", "head", "reviewer"))
    send(coordinator, P + "/@@curator", {"login": "curator", "contract_status": "not_signed"})
    send(coordinator, P + "/@@seminar", {"attended": True})
    send(head, P + "/@@risk-profile-downloads")
    body = send(curator, P + "/@@first-visit", {
        "visited_on": datetime.date.today().isoformat(), "activate": ["staff_shortage"],
        "levels": {"low_motivation": {"level": "medium", "comment": "Подтверждено при посещении"}}}).json
    assert body["participation"]["activated_risks"] == ["staff_shortage"]
    assert {"factor": "low_motivation", "title": "Низкая учебная мотивация обучающихся", "level": "medium",
            "activated": False} in body["participation"]["risk_profile"]
    send(coordinator, P + "/@@contract", {"status": "signed"})

    names = []
    for document_type, risk in (("development_concept", None), ("medium_term_programme", None),
                                ("anti_risk_programme", "staff_shortage")):
        fields = {"document_type": document_type, "content": json.dumps(content())}
        if risk:
            fields["risk_factor"] = risk
        file = ("file", "concept.docx", concept_docx()) if document_type == "development_concept" else None
        doc = upload(head, P + "/@@concept-documents", fields, file).json["document"]
        assert doc["versions"] == 1 and doc["state"] == "draft" and doc["deadline"] == f"{YEAR}-03-30"
        names.append(doc["name"])
    doc = upload(head, P + "/@@concept-documents", {"document_type": "development_concept",
                                                   "content": json.dumps(content("Новая цель"))}).json["document"]
    assert doc["versions"] == 2 and doc["file"] == "concept.docx" and doc["content"]["goals"] == "Новая цель"
    for name in names:
        send(head, f"{P}/{name}/@@transitions", {"transition": "submit"})
        assert send(curator, f"{P}/{name}/@@transitions", {"transition": "confirm"}).json["node"]["state"] == \
            "confirmed"

    assert send(coordinator, f"{TREE}/66/m1/@@sample", {"year": YEAR, "percent": 50, "seed": 7}).json["sampled"]
    send(coordinator, f"{TREE}/66/m1/@@sample", {"year": YEAR, "chosen": ["66-1-1"]})
    send(coordinator, P + "/@@reviewers", {"login": "reviewer"})
    for name in names:
        document_type = name.rsplit("-staff_shortage", 1)[0].replace("-", "_")
        answer = send(reviewer, P + "/@@review", {"document": name, **all_met(host, document_type)}).json
        assert answer["conforms"] is True

    programme = names[2]
    confirming = upload(head, P + "/@@confirming-documents", {"programme": programme, "measure": "1",
                                                              "title": "Протокол семинара"},
                        ("file", "protocol.pdf", valid_pdf())).json["document"]
    assert confirming["programme"] == programme and confirming["measure"] == 1
    send(head, f"{P}/{confirming['name']}/@@transitions", {"transition": "submit"})
    send(curator, f"{P}/{confirming['name']}/@@transitions", {"transition": "confirm"})
    send(reviewer, P + "/@@review", {"document": confirming["name"], **all_met(host, "confirming_document")})
    send(coordinator, P + "/@@professional-development", {"took_part": True})
    send(head, P + "/@@measures")
    body = send(curator, P + "/@@positive-changes").json["participation"]
    assert body["positive_changes_confirmed"] and set(body["indicators_met"]) == set(indicators.PREDICATES) - LATER

    got = coordinator.get(P + "/@@participation").json["participation"]
    assert got == body
    assert [e["step"] for e in got["journal"]][:3] == ["enrolled", "risk_profile_imported", "curator_assigned"]
    assert got["school"]["code"] == "66-1-1" and got["curator"] == "curator" and got["reviewers"] == ["reviewer"]


def test_a_step_of_another_role_is_forbidden_and_changes_nothing(api, tree, host):
    res = send(api("coordinator"), f"{TREE}/66/@@enrol", {"year": YEAR, "codes": ["66-1-1"]}, status=403)
    assert res.json["error"]["code"] == "forbidden"
    send(api("region66"), f"{TREE}/66/@@enrol", {"year": YEAR, "codes": ["66-1-1"]})
    res = send(api("region66"), P + "/@@curator", {"login": "curator"}, status=403)
    assert res.json["error"] == {"code": "step_forbidden", "message": "Этот шаг выполняет другой участник проекта."}
    send(api("head"), P + "/@@seminar", {"attended": True}, status=403)
    send(api("coordinator"), P + "/@@first-visit", {"visited_on": "2026-01-01", "activate": []}, status=403)
    participation = api("region66").get(P + "/@@participation").json["participation"]
    assert participation["curator"] is None and not participation["seminar_attended"]
    assert [e["step"] for e in participation["journal"]] == ["enrolled"]
    api("head2").get(P + "/@@participation", status=403)


def test_steps_out_of_order_answer_409(api, tree, host):
    visited(tree, host)
    with edit(tree) as site:
        steps.enrol(host, site["66"], ["66-1-2"], YEAR, "region66")
    head, curator, coordinator = api("head"), api("curator"), api("coordinator")
    doc = upload(head, P + "/@@concept-documents", {"document_type": "development_concept",
                                                   "content": json.dumps(content())}).json["document"]
    res = send(curator, f"{P}/{doc['name']}/@@transitions", {"transition": "confirm"}, status=409)
    assert "недоступно" in res.json["error"]["message"]
    res = send(coordinator, f"{TREE}/66/m1/s2/500plus-{YEAR}/@@reviewers", {"login": "reviewer"}, status=409)
    assert res.json["error"]["code"] == "step_order" and "не вошла в выборку" in res.json["error"]["message"]
    res = send(curator, P + "/@@positive-changes", status=409)
    assert "подтверждающий документ" in res.json["error"]["message"]
    res = upload(head, P + "/@@confirming-documents", {"programme": doc["name"], "measure": "1"},
                 ("file", "act.pdf", valid_pdf()), status=400)
    assert res.json["error"]["code"] == "step_invalid"


def test_invalid_input_answers_400_with_the_details(api, tree, host):
    region66 = api("region66")
    res = send(region66, f"{TREE}/66/@@enrol", {"year": YEAR, "codes": ["66-1-1", "99-9-9"]}, status=400)
    assert res.json["error"]["code"] == "step_invalid" and res.json["error"]["details"] == [{"code": "99-9-9"}]
    send(region66, f"{TREE}/66/@@enrol", {"year": YEAR, "codes": ["66-1-1"]})
    res = send(region66, f"{TREE}/66/@@risk-profiles", {"year": YEAR, "rows": [
        {"school_code": "66-1-1", "factor": "staff_shortage", "level": "high"},
        {"school_code": "66-1-1", "factor": "no_such", "level": "high"}]}, status=400)
    assert res.json["error"]["details"] == [{"message": "Строка 2: неизвестное рисковое направление «no_such»."}]
    res = send(region66, f"{TREE}/66/@@enrol", {"year": "2026", "codes": []}, status=400)
    assert res.json["error"]["code"] == "validation" and {d["field"] for d in res.json["error"]["details"]} == {
        "year", "codes"}
    visited(tree, host)
    res = send(api("curator"), P + "/@@first-visit", {
        "visited_on": datetime.date.today().isoformat(), "activate": ["staff_shortage"],
        "levels": {"staff_shortage": {"level": "low"}}}, status=400)
    assert "изменение уровня «staff_shortage» требует комментария" in res.json["error"]["message"]
    bad = content()
    bad["measures"][0]["deadline"] = ""
    res = upload(api("head"), P + "/@@concept-documents", {"document_type": "development_concept",
                                                         "content": json.dumps(bad)}, status=400)
    assert {"message": "Меры → № 1 → Срок: Требуется"} in res.json["error"]["details"]
    res = upload(api("head"), P + "/@@concept-documents", {"document_type": "development_concept",
                                                         "content": "not json"}, status=400)
    assert res.json["error"]["details"][0]["field"] == "content"


@pytest.mark.parametrize("data, filename, message", [
    (valid_pdf(), "programme.docx", "по содержимому это PDF"),
    (b"PK\x03\x04 broken", "programme.docx", "повреждён"),
    (zip_bomb_docx(), "programme.docx", "распак"),
    (b"MZ\x90\x00", "act.pdf", "исполняемый файл"),
])
def test_an_upload_that_is_not_what_it_claims_is_refused_and_nothing_is_stored(api, tree, host, data, filename,
                                                                              message):
    visited(tree, host)
    res = upload(api("head"), P + "/@@concept-documents", {"document_type": "development_concept",
                                                          "content": json.dumps(content())},
                 ("file", filename, data), status=400)
    assert res.json["error"]["code"] == "upload_refused" and message in res.json["error"]["message"]
    with edit(tree) as site:
        assert steps.participation_of(site["66"]["m1"]["s1"], YEAR).documents() == []


def test_an_oversize_confirming_document_is_refused(api, tree, host, monkeypatch):
    visited(tree, host)
    head, curator = api("head"), api("curator")
    doc = upload(head, P + "/@@concept-documents", {"document_type": "anti_risk_programme",
                                                   "risk_factor": "staff_shortage",
                                                   "content": json.dumps(content())}).json["document"]
    send(head, f"{P}/{doc['name']}/@@transitions", {"transition": "submit"})
    send(curator, f"{P}/{doc['name']}/@@transitions", {"transition": "confirm"})
    monkeypatch.setattr(host, "upload_limits", Limits(max_size=1024))
    res = upload(head, P + "/@@confirming-documents", {"programme": doc["name"], "measure": "1"},
                 ("file", "act.pdf", valid_pdf() + b"x" * 2048), status=400)
    assert "слишком большой" in res.json["error"]["message"]
    assert head.get(P + "/@@participation").json["participation"]["documents"][0]["name"] == doc["name"]
    assert len(head.get(P + "/@@participation").json["participation"]["documents"]) == 1


def test_the_api_operations_are_described_in_the_openapi_document(testapp):
    spec = testapp.get("/api/v1/openapi.json").json
    ops = {op["operationId"] for item in spec["paths"].values() for op in item.values()}
    assert {"enrolSchools", "importRiskProfiles", "assignCurator", "recordFirstVisit", "saveConceptDocument",
            "reviewDocument", "addConfirmingDocument", "confirmPositiveChanges", "getParticipation"} <= ops


# -- the 500+ roadmap's own monitoring: webinars, the stages, the weekly snapshots, the schedule --

def test_a_webinar_is_recorded_and_counted_and_a_bad_one_refused(api, tree):
    send(api("region66"), f"{TREE}/66/@@enrol", {"year": YEAR, "codes": ["66-1-1"]})
    head = api("head")
    body = send(head, P + "/@@webinars", {"held_on": f"{YEAR}-02-17", "role": "speaker"}).json["participation"]
    assert body["webinars"] == [{"held_on": f"{YEAR}-02-17", "role": "speaker"}]
    assert "webinar_participation" in body["indicators_met"] and body["positive_stages"] == []
    send(head, P + "/@@webinars", {"held_on": f"{YEAR}-02-17", "role": "speaker"}, status=409)
    send(head, P + "/@@webinars", {"held_on": "вчера", "role": "speaker"}, status=400)
    send(head, P + "/@@webinars", {"held_on": f"{YEAR}-02-18", "role": "listener"}, status=400)
    # the second stage before the first: out of order
    refused = send(api("curator"), P + "/@@positive-stage", {"stage": 2}, status=409).json["error"]
    assert refused["code"] == "step_order" and "первый этап" in refused["message"]
    send(head, P + "/@@positive-stage", {"stage": 1}, status=403)  # the curator's step
    figures = api("region66").get(f"{TREE}/66/@@indicators-500", {"year": YEAR}).json
    assert {f["code"]: f["count"] for f in figures["indicators"]}["webinar_participation"] == 1


def test_the_weekly_snapshots_and_the_schedule_are_read(api, tree, host):
    send(api("region66"), f"{TREE}/66/@@enrol", {"year": YEAR, "codes": ["66-1-1", "66-1-2"]})
    with edit(tree) as site:
        snapshots.take_all(site["66"], YEAR, datetime.date(YEAR, 1, 12))
        snapshots.take_all(site["66"], YEAR, datetime.date(YEAR, 1, 14))
        snapshots.take_all(site["66"], YEAR, datetime.date(YEAR, 1, 21))
    operator = api("region66")
    found = operator.get(f"{TREE}/66/@@indicators-500-snapshots",
                         {"year": YEAR, "code": "surveyed", "weekly": "true"}).json
    assert [p["day"] for p in found["points"]] == [f"{YEAR}-01-14", f"{YEAR}-01-21"]
    assert found["points"][0] == {"day": f"{YEAR}-01-14", "met": 0, "total": 2, "share": 0.0}
    every = operator.get(f"{TREE}/66/m1/@@indicators-500-snapshots", {"year": YEAR, "code": "surveyed"}).json
    assert len(every["points"]) == 3
    operator.get(f"{TREE}/66/@@indicators-500-snapshots", {"year": YEAR, "code": "nonsense"}, status=404)
    steps = operator.get(f"{TREE}/66/@@schedule-500", {"year": YEAR}).json["steps"]
    assert [(s["name"], s["end"]) for s in steps][0] == ("first_visit", f"{YEAR}-03-31")
    assert [s["text"] for s in steps] == ["Февраль–март", "Март–апрель", "Апрель", "01.06–20.06", "20.12"]
