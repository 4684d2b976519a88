"""Teacher attestation through the JSON API: one teacher from the plan to the work record book mark,
each step by its owner; other roles get 403, bad input 400, steps out of order 409, and none changes anything;
the commission and the officer read the result order drafted from their decisions, others do not."""
import datetime

import pytest
import webtest

from core.teachers.model import school_year_of
from tests.factories import PASSWORD, csrf, edit, make_user, node, teacher_attestation_people, valid_pdf
from tests.unit.docinspect_corpus import zip_bomb_docx

TODAY = datetime.date.today()
D = TODAY + datetime.timedelta(days=45)
API = "/api/v1/tree"
SCHOOL = API + "/66/m1/s1"


@pytest.fixture
def people(tree, hasher):
    """The ``tree`` with the school's attestation officer, an expert and the commission's chair of region 66."""
    with edit(tree) as site:
        make_user(site, "officer", hasher, [("attestation_officer", "66/m1/s1")])
        make_user(site, "expert", hasher)
        make_user(site, "chair", hasher)
        teacher_attestation_people(site, experts=["expert"], commission=[("chair", "commission_chair")])
        make_user(site, "anna", hasher)
    return tree


def client(app, user, password=PASSWORD):
    """An API client logged in as ``user``, sending its CSRF token."""
    c = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
    token = c.post_json("/api/v1/session", {"login": user, "password": password},
                        headers={"X-CSRF-Token": csrf(c)}).json["csrf_token"]
    c.headers = {"X-CSRF-Token": token}
    return c


def call(c, url, body=None, status=200, method="POST"):
    """A JSON request; the answer must have ``status``."""
    if method == "GET":
        return c.get(url, headers=c.headers, status=status)
    return c.post_json(url, body if body is not None else {}, headers=c.headers, status=status)


def upload(c, url, code, name="doc.pdf", content=None, status=201):
    """A multipart upload of one material."""
    return c.post(url + "/@@teacher-materials", {"code": code}, headers=c.headers, status=status,
                  upload_files=[("file", name, valid_pdf() if content is None else content)])


def snapshot(db, path):
    """What a refused step must leave as it was."""
    with edit(db) as site:
        d = node(site, path.removeprefix(API + "/"))
        return (d.step, d.due, len(d.journal), tuple(sorted((d.files or {}).keys())), d.login, len(d.reviews),
                d.decision, d.support, d.work_record, d.result_order)


def refused(c, url, body, status, code, db, path, **kwargs):
    """The step is refused with ``status`` and the error ``code``, and nothing changed."""
    before = snapshot(db, path)
    res = call(c, url, body, status, **kwargs)
    assert res.json["error"]["code"] == code, res.json
    assert snapshot(db, path) == before
    return res.json["error"]


def test_a_teacher_goes_from_the_plan_to_the_work_book_through_the_api(app, people, host):
    officer, coord, expert, chair = (client(app, u) for u in ("officer", "coordinator", "expert", "chair"))
    head2 = client(app, "head2")
    # The officer plans the teacher; a date in the past and an unknown post are refused, a stranger is forbidden.
    teacher = {"full_name": "Иванова Анна Петровна", "post": "primary_teacher", "category": "first",
               "planned": D.isoformat()}
    err = call(officer, SCHOOL + "/@@teachers", {**teacher, "planned": (TODAY - datetime.timedelta(1)).isoformat()},
               400).json["error"]
    assert "уже прошла" in err["message"]
    assert call(officer, SCHOOL + "/@@teachers", {**teacher, "post": "завуч"}, 400).json["error"]["code"] == "validation"
    call(head2, SCHOOL + "/@@teachers", teacher, 403)
    call(officer, SCHOOL + "/@@teacher-year", method="GET", status=404)
    d = call(officer, SCHOOL + "/@@teachers", teacher, 201).json["dossier"]
    url = API + d["path"]
    assert [x["due"] for x in d["deadlines"]][:4] == [(D - datetime.timedelta(days=n)).isoformat()
                                                      for n in (20, 20, 10, 5)]
    assert {x["code"] for x in d["documents"]} == {"application", "results_description", "lesson_technology_map"}
    # The school's year: the teacher awaits the officer's step, with its deadlines.
    year = call(officer, SCHOOL + "/@@teacher-year", method="GET").json
    assert year["years"] == [school_year_of(D)]
    (group,) = year["year"]["steps"]
    assert group["step"] == "send_data" and group["teachers"][0]["full_name"] == "Иванова Анна Петровна"
    assert group["teachers"][0]["deadlines"]["upload_materials"] == (D - datetime.timedelta(days=10)).isoformat()
    # The support schedule: a meeting with a topic; an empty topic is refused.
    refused(officer, url + "/@@teacher-support", {"on": D.isoformat(), "topic": " "}, 400, "step_invalid", people, url)
    body = call(officer, url + "/@@teacher-support", {"on": D.isoformat(), "topic": "Разбор урока"}).json
    assert {"on": D.isoformat(), "topic": "Разбор урока"} in body["dossier"]["support"]
    # Out of order, by the wrong role, then the officer sends the data on.
    refused(coord, url + "/@@teacher-account", {"account": "anna"}, 409, "step_order", people, url)
    refused(head2, url + "/@@teacher-send-data", None, 403, "forbidden", people, url)
    assert call(officer, url + "/@@teacher-send-data").json["dossier"]["step"] == "open_account"
    refused(officer, url + "/@@teacher-send-data", None, 409, "step_order", people, url)
    # The coordinator opens the account: a name that is no account and no address is refused, nothing is made.
    refused(coord, url + "/@@teacher-account", {"account": "new-teacher"}, 400, "step_invalid", people, url)
    with edit(people) as site:
        assert "new-teacher" not in site.services["users"]
    refused(officer, url + "/@@teacher-account", {"account": "anna"}, 403, "step_forbidden", people, url)
    assert call(coord, url + "/@@teacher-account", {"account": "anna"}).json["invitation_url"] is None
    anna = client(app, "anna")
    # The teacher's materials: a file failing the safe inspector, a document not on her list, sending too early.
    before = snapshot(people, url)
    assert upload(anna, url, "application", "bomb.docx", zip_bomb_docx(), 400).json["error"]["code"] == "upload_refused"
    assert upload(anna, url, "head_cover_letter", status=400).json["error"]["code"] == "step_invalid"
    assert upload(officer, url, "application", status=403).json["error"]["code"] == "step_forbidden"
    assert snapshot(people, url) == before
    upload(anna, url, "application")
    err = refused(anna, url + "/@@teacher-submit", None, 400, "step_invalid", people, url)
    assert len(err["details"]) == 2 and "Технологическая карта урока" in {x["message"] for x in err["details"]}
    refused(anna, url + "/@@teacher-consent", {"agree": True}, 409, "step_order", people, url)
    for code in ("results_description", "lesson_technology_map"):
        upload(anna, url, code)
    call(anna, url + "/@@teacher-submit")
    # What she sent, read back as a file; a document not sent is not found, a stranger is forbidden.
    assert call(anna, url + "/@@teacher-materials?code=application", method="GET").body == valid_pdf()
    assert call(anna, url + "/@@teacher-materials?code=head_cover_letter", method="GET",
                status=404).json["error"]["code"] == "no_file"
    call(head2, url + "/@@teacher-materials?code=application", method="GET", status=403)
    call(anna, url + "/@@teacher-materials", method="GET", status=400)
    refused(anna, url + "/@@teacher-consent", {"agree": False}, 400, "step_invalid", people, url)
    assert call(anna, url + "/@@teacher-consent", {"agree": True}).json["dossier"]["step"] == "review"
    # The expert: every criterion answered, an unmet one with a comment; the teacher may not review.
    criteria = [c["code"] for c in host.review_criteria("66", "teacher_portfolio")]
    partial = {"results": {criteria[0]: {"met": True}}}
    refused(expert, url + "/@@teacher-review", partial, 400, "step_invalid", people, url)
    refused(expert, url + "/@@teacher-review", {"results": {c: {"met": False} for c in criteria}}, 400,
            "step_invalid", people, url)
    call(anna, url + "/@@teacher-review", {"results": {c: {"met": True} for c in criteria}}, 403)
    assert call(expert, url + "/@@teacher-dossier", method="GET").json["dossier"]["step"] == "review"
    assert call(expert, url + "/@@teacher-materials?code=results_description", method="GET").body == valid_pdf()
    body = call(expert, url + "/@@teacher-review", {"results": {c: {"met": True} for c in criteria}}).json
    assert body["dossier"]["reviews"][0]["score"] == len(criteria)
    # The commission decides: a decision that does not fit the category sought is refused.
    refused(chair, url + "/@@teacher-decision", {"decision": "conforms"}, 400, "step_invalid", people, url)
    refused(officer, url + "/@@teacher-decision", {"decision": "established"}, 403, "step_forbidden", people, url)
    call(chair, url + "/@@teacher-decision", {"decision": "established", "protocol": "7"})
    # No mark before the result order.
    refused(officer, url + "/@@teacher-work-book", {"text": "Установлена первая категория"}, 409, "step_order",
            people, url)
    order = {"protocol_number": "7", "protocol_date": TODAY.isoformat(), "signatory_name": "Ю. И. Биктуганов", "signatory_post": "Министр",
             "city": "г. Екатеринбург", "responsible_name": "Начальнику отдела Петровой А. С."}
    call(officer, API + "/66/@@teacher-result-order", order, 403)
    body = call(chair, API + "/66/@@teacher-result-order", order, 201).json
    assert body["dossiers"] == [d["path"]] and body["readers"] == ["chair", "officer"]
    call(chair, API + "/66/@@teacher-result-order", order, 409)
    act = API + body["act"]["path"]
    for reader in (chair, officer):
        assert call(reader, act, method="GET").json["node"]["state"] == "draft"
    for stranger in (head2, expert, coord):
        call(stranger, act, method="GET", status=403)
    done = call(officer, url + "/@@teacher-work-book", {"text": "Установлена первая категория",
                                                       "on": TODAY.isoformat()}).json["dossier"]
    assert done["step"] == "done" and done["work_record"]["text"] == "Установлена первая категория"
    assert done["result_order"] == body["act"]["path"]


def test_the_region_pages_through_its_overdue_teachers(app, people):
    officer, region = client(app, "officer"), client(app, "region66")
    for n, name in enumerate(("Алексеева Анна", "Борисов Борис", "Васильева Вера")):
        call(officer, SCHOOL + "/@@teachers", {"full_name": name, "post": "subject_teacher", "category": "first",
                                               "planned": (TODAY + datetime.timedelta(days=5 + n)).isoformat()}, 201)
    call(officer, SCHOOL + "/@@teachers", {"full_name": "Григорьев Гриша", "post": "subject_teacher",
                                           "category": "first", "planned": D.isoformat()}, 201)
    first = call(region, API + "/66/@@teachers-overdue?per_page=2", method="GET").json
    assert first["total"] == 3 and [t["full_name"] for t in first["teachers"]] == ["Алексеева Анна", "Борисов Борис"]
    assert {"step": "send_data", "title": "передать данные педагога районному координатору", "count": 4} \
        in first["by_step"]
    second = call(region, API + "/66/@@teachers-overdue?per_page=2&page=2", method="GET").json
    assert [t["full_name"] for t in second["teachers"]] == ["Васильева Вера"] and second["teachers"][0]["overdue"]
    below = call(client(app, "coordinator"), API + "/66/m1/@@teachers-overdue", method="GET").json
    assert below["total"] == 3 and below["by_step"] == []
    call(region, API + "/66/@@teachers-overdue?per_page=500", method="GET", status=400)
    call(client(app, "head2"), API + "/66/@@teachers-overdue", method="GET", status=403)
