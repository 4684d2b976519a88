"""The attestation commission through the JSON API and the campaign's settings: the meeting (thresholds
frozen), a decision per attestee, the protocol and the order drafted, and the commission reading them;
each step refused to other roles (403), for bad input (400) and out of order (409), changing nothing."""
import datetime
import statistics

import pytest
import webtest

from core.attestation import campaign_of, commission, scoring
from tests.factories import csrf, edit, login
from tests.functional.test_attestation_api import call, client
from tests.plugins.attestation import SmallBlueprint, open_campaign_66
from tests.unit.test_attestation import sit

YEAR = datetime.date.today().year
TODAY = datetime.date.today()
PATH = f"/66/leader-attestation-{YEAR}"
C = f"/api/v1/tree{PATH}"
ACTS = {"protocol_number": "7", "responsible_name": "Начальнику отдела аттестации Петровой А. С.",
        "signatory_name": "И. И. Иванов", "city": "г. Екатеринбург"}


@pytest.fixture
def scored(app, tree, host, hasher):
    """Region 66's campaign with ``head`` (strong) and ``head2`` (weak) scored, and no commission yet."""
    host.register(SmallBlueprint(), name="attestation-test")
    with edit(tree) as site:
        c = open_campaign_66(host, site, hasher, YEAR, {"head": "66-1-1", "head2": "66-1-2"},
                             {"expert_a": "m2", "expert_b": "m2", "expert_c": "m2"})
        for login_, right, points in (("head", True, 6), ("head2", False, 1)):
            d = c.participants[login_]
            sit(host, d, login_, right=right)
            answer = c.answers[d.case_codes[0]]
            for expert in answer.experts:
                scoring.score_case(host, answer, expert, {"analysis": points, "decision": 2})
    yield tree
    host.unregister("attestation-test")


def state(db):
    """What a refused step must leave as it was."""
    with edit(db) as site:
        c = campaign_of(site["66"], YEAR)
        return (len(c.journal), c.meeting, tuple(c.threshold_log), tuple(sorted(c.acts.items())),
                tuple(sorted(c.commission().items(), key=str)),
                tuple((d.__name__, d.workflow_state, d.decision) for d in c.dossiers()))


def refused(c, url, body, status, db, code=None):
    before = state(db)
    res = call(c, "POST", url, body, status)
    error = res.json["error"]
    assert error["message"] and (code is None or error["code"] == code), error
    assert state(db) == before
    return error


def test_the_commission_meets_decides_and_drafts_its_acts_through_the_api(app, scored):
    db = scored
    operator, secretary, chair, member = (client(app, u) for u in ("region66", "secretary", "chair", "member"))
    head, expert = client(app, "head"), client(app, "expert_a")

    # The operator names the commission; no one else may.
    refused(head, C + "/@@commission", {"login": "chair", "role": "commission_chair"}, 403, db)
    refused(operator, C + "/@@commission", {"login": "chair", "role": "president"}, 400, db, "validation")
    refused(operator, C + "/@@commission", {"login": "expert_a", "role": "commission_member"}, 400, db,
            "step_invalid")
    for user, role in (("chair", "commission_chair"), ("secretary", "commission_secretary"),
                       ("member", "commission_member")):
        body = call(operator, "POST", C + "/@@commission", {"login": user, "role": role}).json
    assert body["campaign"]["commission"]["commission_chair"] == ["chair"]

    # Deciding before the meeting is out of order.
    refused(secretary, C + "/@@decisions", {"participant": "head", "decision": "passed"}, 409, db, "step_order")
    # The meeting: the secretary or the chair only; a stranger among the present, no quorum, a bad date: 400.
    meeting = {"date": TODAY.isoformat(), "place": "Екатеринбург", "present": ["chair", "secretary"]}
    for other in (operator, member, head, expert):
        refused(other, C + "/@@commission-meeting", meeting, 403, db)
    refused(secretary, C + "/@@commission-meeting", {**meeting, "present": ["chair", "head"]}, 400, db)
    refused(secretary, C + "/@@commission-meeting", {**meeting, "present": ["member"]}, 400, db)
    refused(secretary, C + "/@@commission-meeting", {**meeting, "date": "31.12.2026"}, 400, db, "validation")
    refused(secretary, C + "/@@commission-meeting", {"date": TODAY.isoformat()}, 400, db, "validation")
    campaign = call(secretary, "POST", C + "/@@commission-meeting", meeting).json["campaign"]
    assert campaign["meeting"]["present"] == ["chair", "secretary"] and campaign["frozen_at"]
    frozen = campaign["thresholds"]["head"]
    # head: 3 closed + 8 on the case; head2: 0 + 3.
    assert frozen["frozen"] and frozen["threshold"] == statistics.median([11.0, 3.0])
    refused(chair, C + "/@@commission-meeting", meeting, 409, db, "step_order")
    refused(operator, C + "/@@threshold", {"category": "head", "reason": "Пересчёт"}, 409, db, "step_order")

    # Decisions: the acts wait for all of them; a decision against the threshold needs a reason.
    refused(secretary, C + "/@@attestation-acts", ACTS, 409, db, "step_order")
    refused(member, C + "/@@decisions", {"participant": "head", "decision": "passed"}, 403, db)
    refused(secretary, C + "/@@decisions", {"participant": "nobody", "decision": "passed"}, 400, db)
    refused(secretary, C + "/@@decisions", {"participant": "head", "decision": "maybe"}, 400, db, "validation")
    refused(secretary, C + "/@@decisions", {"participant": "head2", "decision": "passed"}, 400, db, "step_invalid")
    dossier = call(secretary, "POST", C + "/@@decisions", {"participant": "head", "decision": "passed"}).json
    assert dossier["dossier"]["state"] == "decided" and dossier["dossier"]["decision"] == "passed"
    refused(chair, C + "/@@decisions", {"participant": "head", "decision": "failed", "comment": "Пересмотр"}, 409,
            db, "step_order")
    call(chair, "POST", C + "/@@decisions", {"participant": "head2", "decision": "failed"})

    # The acts: drafted once, by the secretary (bad input first).
    refused(head, C + "/@@attestation-acts", ACTS, 403, db)
    refused(secretary, C + "/@@attestation-acts", {**ACTS, "signatory_name": ""}, 400, db, "validation")
    refused(secretary, C + "/@@attestation-acts", {**ACTS, "signatory_name": "   "}, 400, db, "step_invalid")
    drafted = call(secretary, "POST", C + "/@@attestation-acts", ACTS, 201).json
    assert drafted["campaign"]["acts"] == {"protocol": drafted["protocol"], "order": drafted["order"]}
    refused(secretary, C + "/@@attestation-acts", ACTS, 409, db, "step_order")

    # The commission reads its acts (drafts in the region's register); the attestee and an expert do not.
    for user in (secretary, chair, member, operator):
        for kind in ("protocol", "order"):
            body = call(user, "GET", "/api/v1/tree" + drafted[kind]).json
            assert body["act"]["template"] if "template" in body["act"] else body["act"]
            if user is not operator:
                assert body["transitions"] == []
    for user in (head, expert):
        call(user, "GET", "/api/v1/tree" + drafted["order"], status=403)
    # The commission reads; it does not sign: a transition is refused.
    res = call(chair, "POST", "/api/v1/tree" + drafted["order"] + "/@@transitions", {"transition": "submit"},
               status=403)
    assert res.json["error"]["code"].endswith("forbidden")


def test_a_dismissed_member_no_longer_reads_the_acts_and_no_other_act_opens(app, scored, host):
    with edit(scored) as site:
        c = campaign_of(site["66"], YEAR)
        users = site.services["users"]
        for user, role in (("chair", "commission_chair"), ("secretary", "commission_secretary"),
                           ("member", "commission_member")):
            commission.appoint(c, users[user], role, "region66")
        commission.hold_meeting(host, c, TODAY, "", ["chair", "secretary"], "secretary")
        for d, decision in ((c.participants["head"], "passed"), (c.participants["head2"], "failed")):
            commission.decide(host, c, d, decision, "secretary")
        protocol, order = commission.draft_acts(host, c, ACTS, "secretary")
        other = commission._draft(host, site["66"], "order_attestation_results", {
            "authority_name": "Свердловская область", "city": "Екатеринбург", "protocol_number": "8",
            "protocol_date": TODAY, "responsible_name": "Петровой", "attestees": [o for _, _, o in commission.annex(c)], "signatory_post": "Министр",
            "signatory_name": "Иванов"}, "region66", (), None)
        commission.dismiss(c, users["member"], "commission_member", "region66")
        paths = {k: v for k, v in c.acts.items()}
        other_path = "/66/acts/" + other.__name__
    member, chair = client(app, "member"), client(app, "chair")
    call(member, "GET", "/api/v1/tree" + paths["order"], status=403)
    call(chair, "GET", "/api/v1/tree" + paths["order"])
    call(chair, "GET", "/api/v1/tree" + other_path, status=403)


def test_the_operator_sets_the_exposure_limit_in_a_form_and_through_the_api(app, scored):
    db = scored
    page = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
    login(page, "region66")
    settings = page.get(PATH + "/").click(href="@@settings")
    assert "Хватит ли банка заданий" in settings.text
    form = settings.forms["settings-form"]
    form["exposure"] = "0"
    res = form.submit("save", status=400)
    assert "не меньше 1 %" in res.text
    form = res.forms["settings-form"]
    form["exposure"], form["time_limit"] = "60", "45"
    page_after = form.submit("save", status=303).follow()
    assert "Настройки кампании сохранены" in page_after.text
    with edit(db) as site:
        c = campaign_of(site["66"], YEAR)
        assert (c.exposure_share, c.time_limit) == (0.6, 45)
    head = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
    login(head, "head")
    head.get(PATH + "/@@settings", status=403)
    head.post(PATH + "/@@settings", {"csrf_token": csrf(head), "exposure": "10", "time_limit": "60"}, status=403)

    operator = client(app, "region66")
    refused(operator, C + "/@@settings", {"exposure_percent": 0}, 400, db, "validation")
    refused(client(app, "head"), C + "/@@settings", {"exposure_percent": 30}, 403, db)
    body = call(operator, "POST", C + "/@@settings", {"exposure_percent": 50}).json["campaign"]
    # Two on the schedule, both tests drawn: from now on an item may be in one test of two.
    assert body["exposure"] == {"percent": 50, "planned": 2, "limit": 1, "drawn": 2}
