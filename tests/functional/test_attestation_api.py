"""The leader attestation through the JSON API: the attestee's test, the expert's blind view and score."""
import datetime
import json

import pytest
import webtest

from core.attestation import campaign_of
from tests.factories import PASSWORD, csrf, edit
from tests.plugins.attestation import SmallBlueprint, open_campaign_66

YEAR = datetime.date.today().year
C = f"/api/v1/tree/66/leader-attestation-{YEAR}"
SECRETS = ("Директорова", "head", "Школа № 1", "66-1-1", "m1", "Муниципалитет 66-1", "participants")


@pytest.fixture
def api_campaign(app, tree, host, hasher):
    """Region 66's campaign with ``head`` scheduled today, four experts, the bank and a small blueprint."""
    host.register(SmallBlueprint(), name="attestation-test")
    with edit(tree) as site:
        open_campaign_66(host, site, hasher, YEAR, {"head": "66-1-1"},
                         {"expert_m1": "m1", "expert_a": "m2", "expert_b": "m2", "expert_c": "m2"})
    yield tree
    host.unregister("attestation-test")


def client(app, user):
    """An API client logged in as ``user``, sending its CSRF token."""
    c = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
    token = c.post_json("/api/v1/session", {"login": user, "password": PASSWORD},
                        headers={"X-CSRF-Token": csrf(c)}).json["csrf_token"]
    c.headers = {"X-CSRF-Token": token}
    return c


def call(c, method, url, body=None, status=200):
    kwargs = {"headers": c.headers, "status": status}
    if method == "GET":
        return c.get(url, **kwargs)
    return c.post_json(url, body if body is not None else {}, **kwargs)


def test_the_attestee_sits_the_test_and_an_expert_scores_it_blind_through_the_api(app, api_campaign):
    head = client(app, "head")
    d = f"{C}/participants/head"
    call(head, "POST", d + "/@@registration", {"portfolio": {"education": "Высшее"}, "consent": False}, 400)
    body = call(head, "POST", d + "/@@registration", {"portfolio": {"education": "Высшее"}, "consent": True}).json
    assert body["dossier"]["state"] == "registered"
    test = call(head, "POST", d + "/@@test-start").json["test"]
    assert [i["code"] for i in test["items"]] == ["t-strategy-1", "t-strategy-2", "t-case-1"]
    assert all("answer" not in i or i["answer"] is None for i in test["items"])
    assert "Программа развития" in json.dumps(test, ensure_ascii=False)
    call(head, "POST", d + "/@@answers", {"item": "t-strategy-1", "answer": "a"})
    call(head, "POST", d + "/@@answers", {"item": "t-strategy-2", "answer": ["a", "b"]})
    call(head, "POST", d + "/@@answers", {"item": "t-case-1", "answer": "Разберу результаты с учителями."})
    res = call(head, "POST", d + "/@@answers", {"item": "no-such", "answer": "a"}, 400)
    assert "нет задания" in res.json["error"]["message"]
    dossier = call(head, "POST", d + "/@@test-submit").json["dossier"]
    assert dossier["stages"][0] == {"code": "test", "title": "Тестирование", "result": 3.0}
    res = call(head, "POST", d + "/@@test-submit", status=409)
    assert "повторная сдача" in res.json["error"]["message"]

    with edit(api_campaign) as site:
        c = campaign_of(site["66"], YEAR)
        (code,) = c.participants["head"].case_codes
        experts = c.answers[code].experts
    url = f"{C}/answers/{code}"
    stranger = next(e for e in ("expert_a", "expert_b", "expert_c") if e not in experts)
    for login in (stranger, "expert_m1"):
        other = client(app, login)
        assert call(other, "GET", url + "/@@case", status=403).json["error"]["code"] in ("forbidden", "step_forbidden")
        call(other, "POST", url + "/@@scores", {"points": {"analysis": 5, "decision": 3}}, 403)
    expert = client(app, experts[0])
    case = call(expert, "GET", url + "/@@case").json
    text = json.dumps(case, ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in text, secret
    assert case["case"]["text"] == "Разберу результаты с учителями."
    # The tree does not lead an expert from the answer to its campaign, its dossiers or the region.
    for path in (C, f"{C}/participants", f"{C}/participants/head", "/api/v1/tree/66"):
        assert expert.get(path, headers=expert.headers, expect_errors=True).status_int in (403, 404), path
    call(expert, "GET", d + "/@@dossier", status=403)
    scored = call(expert, "POST", url + "/@@scores", {"points": {"analysis": 5, "decision": 3}}).json
    assert scored["case"]["my_score"]["points"] == 8
    res = call(expert, "POST", url + "/@@scores", {"points": {"analysis": 5, "decision": 3}}, 409)
    assert "уже оценили" in res.json["error"]["message"]
    with edit(api_campaign) as site:
        answer = campaign_of(site["66"], YEAR).answers[code]
        assert [s.expert for s in answer.scores] == [experts[0]]
