"""Teacher attestation in the browser's terms (WebTest): a primary-school teacher and a subject
teacher through the school's whole cyclogram, each step taken by its owner; bad input refused."""
import datetime

import pytest
import webtest

from core.security.users import users_of
from core.teachers import deadlines
from core.teachers.model import school_year_of, teacher_key, year_name
from tests.factories import (
    csrf,
    edit,
    logged_in_clients,
    login,
    make_user,
    node,
    teacher_attestation_people,
    valid_pdf,
)
from tests.unit.docinspect_corpus import zip_bomb_docx

TODAY = datetime.date.today()
D1 = TODAY + datetime.timedelta(days=45)   # the primary-school teacher
D2 = TODAY + datetime.timedelta(days=60)   # the subject teacher
SCHOOL = "/66/m1/s1/"
ROLES = ("head", "officer", "coordinator", "expert", "chair", "region66")


@pytest.fixture
def people(tree, hasher):
    """The ``tree`` with the attestation's people: officer-to-be, expert and chair of region 66."""
    with edit(tree) as site:
        make_user(site, "officer", hasher, title="Аттестационная Светлана Юрьевна")
        make_user(site, "expert", hasher)
        make_user(site, "chair", hasher)
        teacher_attestation_people(site, experts=["expert"], commission=[("chair", "commission_chair")])
    return tree


@pytest.fixture
def clients(app, people):
    """A logged-in WebTest client per role, each with its CSRF token."""
    return logged_in_clients(app, ROLES)


def post(client, url, params=(), upload=None):
    """A form POST as a browser sends it (CSRF token included); any status."""
    fields = [("csrf_token", client.token), *list(params.items() if isinstance(params, dict) else params)]
    return client.post(url, fields, upload_files=[upload] if upload else None, expect_errors=True)


def ok(res):
    """A step taken: redirected to a page that says so."""
    assert res.status_int == 303, res.text[:3000]
    return res.follow()


def dossier_url(name, planned):
    key = teacher_key("66-1-1", name)[0]
    return f"{SCHOOL}{year_name(school_year_of(planned))}/{key}/"


def state(db, url):
    """What a refused step must leave as it was."""
    with edit(db) as site:
        d = node(site, url)
        return (d.step, d.due, len(d.journal), tuple(sorted((d.files or {}).keys())), d.documents_agreed,
                d.login, len(d.reviews), d.decision)


def pdf(name="doc.pdf"):
    return ("file", name, valid_pdf())


def test_primary_and_subject_teacher_go_through_the_whole_cyclogram(clients, people, app):
    head, officer, coord = clients["head"], clients["officer"], clients["coordinator"]
    # August: the head's order appoints the attestation officer (drafted from the Word template).
    res = ok(post(head, SCHOOL + "@@appoint-officer", {
        "officer": "officer", "school_year": str(school_year_of(D1)), "officer_name": "Аттестационную С. Ю.",
        "officer_post": "заместителя директора по УВР", "schedule_due": TODAY.isoformat(),
        "city": "г. Екатеринбург", "signatory_post": "Директор", "signatory_name": "М. Н. Директорова"}))
    assert "Приказ о назначении ответственного" in res.text
    # The officer plans two teachers: D, post and category sought.
    ok(post(officer, SCHOOL + "@@plan-teacher", {"full_name": "Иванова Анна Петровна", "post": "primary_teacher",
                                                "category": "first", "planned": D1.isoformat()}))
    ok(post(officer, SCHOOL + "@@plan-teacher", {"full_name": "Петров Пётр Ильич", "post": "subject_teacher",
                                                "category": "highest", "planned": D2.isoformat()}))
    primary, subject = dossier_url("Иванова Анна Петровна", D1), dossier_url("Петров Пётр Ильич", D2)
    year_url = primary.rsplit("/", 2)[0] + "/"
    # The school's schedule for the year, as an order with the teachers' table.
    res = ok(post(officer, year_url + "@@schedule", {"officer_name": "Аттестационной С. Ю.", "city": "г. Екатеринбург",
                                                     "signatory_post": "Директор", "signatory_name": "М. Н. Директорова"}))
    assert "Приказ об утверждении графика" in res.text
    # Every deadline counted back from D is on each teacher's page and in the support schedule.
    for url, d in ((primary, D1), (subject, D2)):
        page = officer.get(url)
        for days in (20, 10, 5):
            assert (d - datetime.timedelta(days=days)).strftime("%d.%m.%Y") in page.html.find(id="deadlines").text
        assert "Вводный инструктаж" in page.html.find(id="support").text
    # The dashboard shows both awaiting the officer, and the calendar has their deadlines.
    board = officer.get(year_url)
    assert "Иванова Анна Петровна" in board.html.find(id="step-send_data").find_next("table").text
    ics = officer.get(year_url + "calendar.ics")
    assert ics.content_type == "text/calendar"
    assert f"DTSTART;VALUE=DATE:{D1 - datetime.timedelta(days=10):%Y%m%d}" in ics.text
    # D - 20 twice (data sent, account opened), D - 10, D - 5 and D itself, for each teacher.
    assert ics.text.count("BEGIN:VEVENT") == 2 * 5
    # The officer's "Мои задачи" shows the data to send, by D - 20.
    tasks = officer.get("/tasks")
    assert "передать данные педагога" in tasks.text and (D1 - datetime.timedelta(days=20)).strftime("%d.%m.%Y") in tasks.text
    # The subject teacher's documents are not agreed: the head's cover letter joins the list.
    ok(post(officer, subject + "@@agreed", {}))
    invitations = {}
    for url in (primary, subject):
        ok(post(officer, url + "@@send-data"))
        assert "открыть личный кабинет" in coord.get("/tasks").text
        # The coordinator gives the teacher's address; no mailer here: the invitation's link is shown to it once.
        res = post(coord, url + "@@open-account", {"account": f"t-{url.rsplit('/', 2)[1][:6]}@school.example"})
        assert res.status_int == 200 and "Личный кабинет педагога открыт" in res.text
        invitations[url] = res.html.select_one("input.link")["value"]
    teachers = {}
    for url in (primary, subject):
        client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
        # Nobody chose the teacher's password: the teacher chooses it by the invitation.
        form = client.get(invitations[url]).forms["password-form"]
        form["password"] = form["password-confirm"] = "мой собственный пароль"
        form.submit("save", status=303)
        client.token = csrf(client)
        teachers[url] = client
    # Each teacher sees exactly the list that applies.
    docs = {url: {td["class"][0][4:] for td in teachers[url].get(url).html.find(id="documents").find_all("td", class_=True)}
            for url in (primary, subject)}
    assert docs[primary] == {"application", "results_description", "lesson_technology_map"}
    assert docs[subject] == {"application", "results_description", "head_cover_letter"}
    assert "загрузить аттестационные материалы" in teachers[primary].get("/tasks").text
    for url in (primary, subject):
        t = teachers[url]
        ok(post(t, url + "@@evidence", {"section": "rasat_results", "title": "Результаты ВПР 4 класса"}, pdf()))
        for code in sorted(docs[url]):
            ok(post(t, url + "@@upload", {"code": code}, pdf(f"{code}.pdf")))
        ok(post(t, url + "@@submit"))
        # The officer verifies the portfolio evidence once.
        page = officer.get(url)
        entry = page.html.find("form", class_="verify").find("input", attrs={"name": "entry"})["value"]
        ok(post(officer, url + "@@verify", {"entry": entry}))
        ok(post(t, url + "@@consent", {"agree": "yes"}))
    # Experts review against the region's criteria (Sverdlovsk's РАСАТ ones among them).
    expert = clients["expert"]
    for url in (primary, subject):
        page = expert.get(url + "@@review")
        assert "Результаты ВПР 4 класса" in page.html.find(id="evidence").text
        assert "РСОКО" in page.text
        form = page.forms["review"]
        for field in form.fields:
            if field and field.startswith("met-"):
                form[field] = "yes"
        ok(form.submit())
    chair = clients["chair"]
    # The chair's task leads to a page with the decision's form (the decision itself is a POST).
    links = [a["href"] for a in chair.get("/tasks").html.select("main a[href]") if primary.rstrip("/") in a["href"]]
    assert links and "decide" in chair.get(links[0]).forms
    ok(post(chair, primary + "@@decide", {"decision": "established", "protocol": "7"}))
    ok(post(chair, subject + "@@decide", {"decision": "established", "protocol": "7"}))
    # Before the result order the mark cannot be recorded.
    res = post(officer, primary + "@@record-result", {"text": "Установлена первая категория", "on": TODAY.isoformat()})
    assert res.status_int == 409 and "приказ" in res.text
    res = ok(post(chair, "/66/@@teachers-order", {
        "protocol_number": "7", "protocol_date": TODAY.isoformat(), "responsible_name": "Начальнику отдела Петровой А. С.",
        "notify_days": "5", "city": "г. Екатеринбург", "signatory_post": "Министр", "signatory_name": "Ю. И. Биктуганов"}))
    assert "Приказ об утверждении результатов аттестации педагогических работников" in res.text
    with edit(people) as site:
        act = next(iter(node(site, "66/acts").values()))
        assert act.template_name == "order_teacher_attestation_results"
        assert "Иванова Анна Петровна" in act.current.file.text and "высшая" in act.current.file.text
        act_path = "/66/acts/" + act.__name__ + "/"
    # The chair lands on the drafted order; the commission member who decided and the school's officer read
    # it, the register's approver too; nobody else does.
    assert res.request.path == act_path
    for reader in ("chair", "officer", "region66"):
        assert clients[reader].get(act_path).status_int == 200
    for stranger in ("expert", "coordinator", "head"):
        assert clients[stranger].get(act_path, expect_errors=True).status_int == 403, stranger
    for url, text in ((primary, "Установлена первая квалификационная категория"),
                      (subject, "Установлена высшая квалификационная категория")):
        page = ok(post(officer, url + "@@record-result", {"text": text, "on": TODAY.isoformat()}))
        assert text in page.html.find(id="work-record").text
        assert "аттестация завершена" in page.html.find(id="step").text
    with edit(people) as site:
        index = deadlines.region_index(site, "66")
        assert index.count("done") == 2 and not index.by_day


@pytest.fixture
def planned(clients, people, hasher):
    """A primary-school teacher with an open account, uploading materials; returns (url, teacher client)."""
    officer, coord = clients["officer"], clients["coordinator"]
    with edit(people) as site:
        from core.security.roles import grant
        grant(node(site, "66/m1/s1"), users_of(site)["officer"], "attestation_officer")
        make_user(site, "anna", hasher, password="пароль-педагога-1")
    ok(post(officer, SCHOOL + "@@plan-teacher", {"full_name": "Иванова Анна Петровна", "post": "primary_teacher",
                                                "category": "first", "planned": D1.isoformat()}))
    url = dossier_url("Иванова Анна Петровна", D1)
    ok(post(officer, url + "@@send-data"))
    ok(post(coord, url + "@@open-account", {"account": "anna"}))
    return url


def teacher_client(app):
    client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
    login(client, "anna", "пароль-педагога-1")
    client.token = csrf(client)
    return client


def test_a_planned_date_in_the_past_is_refused_and_nothing_is_added(clients, people):
    res = post(clients["head"], SCHOOL + "@@plan-teacher", {
        "full_name": "Сидоров Иван", "post": "subject_teacher", "category": "first",
        "planned": (TODAY - datetime.timedelta(days=1)).isoformat()})
    assert res.status_int == 400 and "уже прошла" in res.text
    with edit(people) as site:
        assert year_name(school_year_of(TODAY)) not in node(site, "66/m1/s1")


def test_materials_are_not_sent_while_a_required_document_is_missing(app, planned, people):
    teacher = teacher_client(app)
    ok(post(teacher, planned + "@@upload", {"code": "application"}, pdf()))
    before = state(people, planned)
    res = post(teacher, planned + "@@submit")
    assert res.status_int == 400
    assert "Технологическая карта урока" in res.text and "Описание результатов" in res.text
    assert state(people, planned) == before


def test_the_teacher_downloads_her_material_and_a_stranger_may_not(app, clients, planned, people):
    teacher = teacher_client(app)
    ok(post(teacher, planned + "@@upload", {"code": "application"}, pdf("заявление.pdf")))
    res = teacher.get(planned + "@@file?code=application")
    assert res.body == valid_pdf() and "attachment" in res.headers["Content-Disposition"]
    assert "%D0%B7%D0%B0%D1%8F%D0%B2" in res.headers["Content-Disposition"]  # the name as uploaded
    teacher.get(planned + "@@file?code=lesson_technology_map", status=404)
    # NB: the region's expert reads a dossier only once drawn for it, after the teacher's consent.
    clients["expert"].get(planned + "@@file?code=application", status=403)
    logged_in_clients(app, ["head2"])["head2"].get(planned + "@@file?code=application", status=403)


def test_a_file_failing_the_safe_inspector_is_refused(app, planned, people):
    teacher = teacher_client(app)
    before = state(people, planned)
    res = post(teacher, planned + "@@upload", {"code": "application"}, ("file", "bomb.docx", zip_bomb_docx()))
    assert res.status_int == 400 and res.html.find(id="error") is not None
    assert state(people, planned) == before


def test_consent_before_the_materials_is_refused(app, planned, people):
    teacher = teacher_client(app)
    before = state(people, planned)
    res = post(teacher, planned + "@@consent", {"agree": "yes"})
    assert res.status_int == 409 and "после загрузки" in res.text
    assert state(people, planned) == before


def test_only_the_owner_of_a_step_may_take_it(clients, planned, people):
    before = state(people, planned)
    for user in ("officer", "coordinator", "expert", "head"):
        res = post(clients[user], planned + "@@submit")
        assert res.status_int == 403, user
    assert state(people, planned) == before


def test_the_head_s_forms_come_back_with_what_was_typed_and_russian_messages(clients, people):
    head = clients["head"]
    form = head.get(SCHOOL + "@@teachers").forms["plan-teacher"]
    form["full_name"], form["post"], form["planned"] = "Ив", "primary_teacher", "31.02.2030"
    res = form.submit("save", expect_errors=True)
    assert res.status_int == 400
    again = res.forms["plan-teacher"]
    assert again["full_name"].value == "Ив" and again["post"].value == "primary_teacher"
    assert "Укажите ФИО полностью" in res.text and "не читается" in res.text
    # A date the form reads but the domain refuses: the reason, and the form as it was typed.
    again["full_name"], again["planned"] = "Сидоров Иван Ильич", (TODAY - datetime.timedelta(days=3)).isoformat()
    res = again.submit("save", expect_errors=True)
    assert res.status_int == 400 and "уже прошла" in res.html.find(id="error").text
    assert res.forms["plan-teacher"]["full_name"].value == "Сидоров Иван Ильич"
    res = head.get(SCHOOL + "@@teachers").forms["import-teachers"].submit("save", expect_errors=True)
    assert res.status_int == 400 and "Обязательное поле" in res.text
    with edit(people) as site:
        assert not [n for n in node(site, "66/m1/s1").keys() if n.startswith("teachers-")]


def test_a_support_meeting_and_the_expert_s_checklist_refuse_bad_input_and_keep_it(clients, planned, people, app):
    officer = clients["officer"]
    before = state(people, planned)
    form = officer.get(planned).forms["add-support"]
    form["on"], form["topic"] = "завтра", "Разбор открытого урока"
    res = form.submit("save", expect_errors=True)
    assert res.status_int == 400 and "не читается" in res.text
    assert res.forms["add-support"]["topic"].value == "Разбор открытого урока"
    assert state(people, planned) == before
    # Bring the dossier to the expert, then leave one criterion unmet without a comment.
    teacher = teacher_client(app)
    page = teacher.get(planned)
    for td in page.html.find(id="documents").find_all("td", class_=True):
        ok(post(teacher, planned + "@@upload", {"code": td["class"][0][4:]}, pdf()))
    ok(post(teacher, planned + "@@submit"))
    ok(post(teacher, planned + "@@consent", {"agree": "yes"}))
    before = state(people, planned)
    form = clients["expert"].get(planned + "@@review").forms["review"]
    names = [f for f in form.fields if f and f.startswith("met-")]
    for field in names:
        form[field] = "yes"
    form[names[0]] = "no"
    res = form.submit("save", expect_errors=True)
    assert res.status_int == 400 and "Невыполненный критерий требует комментария" in res.text
    kept = res.forms["review"]
    assert kept[names[0]].value == "no" and all(kept[f].value == "yes" for f in names[1:])
    assert state(people, planned) == before
    kept["comment-" + names[0][4:]] = "Нет подтверждающих документов"
    ok(kept.submit("save"))
    assert state(people, planned)[6] == 1


def test_a_too_long_name_is_refused_in_russian_with_the_limit_named(clients, people):
    res = post(clients["head"], SCHOOL + "@@plan-teacher", {
        "full_name": "Иванова Анна Петровна " * 15, "post": "subject_teacher", "category": "first",
        "planned": D1.isoformat()})
    assert res.status_int == 400 and "Не длиннее 300 символов" in res.text and "${max}" not in res.text
