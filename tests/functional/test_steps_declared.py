"""A step's access is declared once and read three ways: by its page, by the API and by the domain.

The 500+ coordinator's step "assign the curator" (``core.project500.access.ASSIGN_CURATOR``) and the
teacher attestation's "send the data" (``core.teachers.access.SEND_DATA``): whoever lacks the step's
roles is refused by all three alike, with the step's own message where the person may read the case,
and with no more than the generic answer where the person may not.
"""
import datetime

import pytest

from core.project500 import access as p500_access
from core.project500 import steps as p500_steps
from core.refused import StepRefused
from core.security.users import users_of
from core.teachers import access as teachers_access
from core.teachers import steps as teachers_steps
from core.teachers.model import school_year_of, teacher_key, year_name
from tests.factories import edit, logged_in_clients, make_user, node, teacher_attestation_people

YEAR = datetime.date.today().year
P = f"/66/m1/s1/500plus-{YEAR}/"
API = "/api/v1/tree"
GENERIC = "У вас нет доступа к этой странице или действию."
D = datetime.date.today() + datetime.timedelta(days=40)
DOSSIER = f"/66/m1/s1/{year_name(school_year_of(D))}/{teacher_key('66-1-1', 'Иванова Анна Петровна')[0]}/"


@pytest.fixture
def enrolled(tree, host):
    """School 66/m1/s1 enrolled in the 500+ project this year; no curator assigned yet."""
    with edit(tree) as site:
        p500_steps.enrol(host, site["66"], ["66-1-1"], YEAR, "region66")
    return tree


@pytest.fixture
def clients(app, enrolled):
    return logged_in_clients(app, ("coordinator", "head", "head2"))


def page_post(client, path, params):
    return client.post(path, {"csrf_token": client.token, **params}, expect_errors=True)


def api_post(client, path, body):
    return client.post_json(API + path, body, headers={"X-CSRF-Token": client.token}, expect_errors=True)


def curator_of(db):
    with edit(db) as site:
        return p500_steps.participation_of(site["66"]["m1"]["s1"], YEAR).curator


def domain_refusal(db, host, actor):
    """What the domain step answers ``actor``: the refusal, or None when it took the step."""
    with edit(db) as site:
        p = p500_steps.participation_of(site["66"]["m1"]["s1"], YEAR)
        try:
            p500_steps.assign_curator(host, p, users_of(site)["curator"], actor)
        except StepRefused as exc:
            return exc
    return None


def test_the_school_head_may_read_the_school_but_not_assign_its_curator_on_the_page_the_api_or_the_domain(
        clients, enrolled, host):
    head = clients["head"]
    head.get(P, status=200)
    page = page_post(head, P + "@@curator", {"login": "curator"})
    assert page.status_int == 403 and p500_access.ASSIGN_CURATOR.message in page.text
    api = api_post(head, P + "@@curator", {"login": "curator"})
    assert api.status_int == 403
    assert api.json["error"] == {"code": "step_forbidden", "message": p500_access.ASSIGN_CURATOR.message}
    refusal = domain_refusal(enrolled, host, "head")
    assert (refusal.code, str(refusal), refusal.status) == ("forbidden", p500_access.ASSIGN_CURATOR.message, 403)
    assert curator_of(enrolled) is None


def test_a_head_of_another_school_learns_nothing_of_the_step_and_is_refused_by_the_domain_too(clients, enrolled, host):
    other = clients["head2"]
    other.get(P, status=403)
    page = page_post(other, P + "@@curator", {"login": "curator"})
    assert page.status_int == 403 and GENERIC in page.text and p500_access.ASSIGN_CURATOR.message not in page.text
    api = api_post(other, P + "@@curator", {"login": "curator"})
    assert api.status_int == 403 and api.json["error"] == {"code": "forbidden", "message": GENERIC}
    assert domain_refusal(enrolled, host, "head2").code == "forbidden"
    assert curator_of(enrolled) is None


def test_the_coordinator_who_holds_the_step_s_role_takes_it_on_the_page_and_in_the_api(clients, enrolled):
    coordinator = clients["coordinator"]
    assert page_post(coordinator, P + "@@curator", {"login": "curator"}).status_int == 303
    assert curator_of(enrolled) == "curator"
    assert api_post(coordinator, P + "@@contract", {"status": "signed"}).status_int == 200


def test_widening_the_one_declaration_lets_the_page_the_api_and_the_domain_through_alike(
        clients, enrolled, host, monkeypatch):
    monkeypatch.setattr(p500_access.ASSIGN_CURATOR, "roles", ("municipal_coordinator", "school_head"))
    head = clients["head"]
    assert page_post(head, P + "@@curator", {"login": "curator"}).status_int == 303
    assert api_post(head, P + "@@curator", {"login": "curator"}).status_int == 200
    assert domain_refusal(enrolled, host, "head") is None
    assert curator_of(enrolled) == "curator"


@pytest.fixture
def planned(tree, host, hasher):
    """A teacher of 66/m1/s1 planned by the school's officer, her data not yet sent; the region's
    teacher attestation commission has its chair."""
    with edit(tree) as site:
        make_user(site, "officer", hasher, [("attestation_officer", "66/m1/s1")])
        make_user(site, "chair", hasher)
        teacher_attestation_people(site, commission=[("chair", "commission_chair")])
        teachers_steps.plan_teacher(host, node(site, "66/m1/s1"), "Иванова Анна Петровна", "subject_teacher",
                                    "first", D, "officer")
    return tree


def dossier_of(site):
    return node(site, DOSSIER.strip("/"))


def test_the_coordinator_reads_a_dossier_awaiting_the_data_but_only_the_school_sends_them(app, planned, host):
    clients = logged_in_clients(app, ("coordinator", "head2", "officer"))
    coordinator, stranger = clients["coordinator"], clients["head2"]
    message = teachers_access.SEND_DATA.message
    coordinator.get(DOSSIER, status=200)
    page = page_post(coordinator, DOSSIER + "@@send-data", {})
    assert page.status_int == 403 and message in page.text
    api = api_post(coordinator, DOSSIER + "@@teacher-send-data", {})
    assert api.status_int == 403 and api.json["error"] == {"code": "step_forbidden", "message": message}
    with edit(planned) as site:
        with pytest.raises(StepRefused) as refused:
            teachers_steps.send_data(host, dossier_of(site), "coordinator")
    assert (refused.value.code, str(refused.value)) == ("forbidden", message)
    stranger.get(DOSSIER, status=403)
    page = page_post(stranger, DOSSIER + "@@send-data", {})
    assert page.status_int == 403 and GENERIC in page.text and message not in page.text
    assert page_post(clients["officer"], DOSSIER + "@@send-data", {}).status_int == 303
    with edit(planned) as site:
        assert dossier_of(site).step == "open_account"


def test_the_commission_is_told_nothing_of_a_dossier_that_has_not_reached_it(app, planned):
    chair = logged_in_clients(app, ("chair",))["chair"]
    assert "commission_chair" in teachers_access.DECIDE.roles
    chair.get(DOSSIER, status=403)
    # NB: the chair holds the step's role, but the dossier names the commission only from "decide" on:
    # the answer is the generic one, not the step's order ("ожидается ...") that would tell where it stands.
    page = page_post(chair, DOSSIER + "@@decide", {"decision": "established"})
    assert page.status_int == 403 and GENERIC in page.text and "ожидается" not in page.text
    api = api_post(chair, DOSSIER + "@@teacher-decision", {"decision": "established"})
    assert api.status_int == 403 and api.json["error"]["code"] == "forbidden"
