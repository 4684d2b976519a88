"""The 500+ pages, the Krasnoyarsk variant, and deadlines: "Мои задачи" and `oko remind`."""
import datetime

from core.cases import fire
from core.project500 import steps
from core.project500.model import ANTI_RISK_PROGRAMME, DEVELOPMENT_CONCEPT, MEDIUM_TERM_PROGRAMME
from core.security.users import users_of
from tests.factories import edit, login, make_user
from tests.functional.project500_support import TODAY, YEAR, P, content, fill_concept, participation, visited

# -- the pages ------------------------------------------------------------------------------------

def test_the_participation_page_shows_steps_profile_journal_and_documents_with_lateness(testapp, people, host):
    visited(people, host)
    with edit(people) as site:
        doc = steps.save_concept_document(host, participation(site), DEVELOPMENT_CONCEPT, "head", content())
        fire(host, doc, "submit", "head", now=datetime.datetime(YEAR, 4, 2, tzinfo=datetime.timezone.utc))
    login(testapp, "head")
    page = testapp.get("/66/m1/s1/").click(href="500plus-%d" % YEAR, index=0)
    roadmap = page.html.find(id="roadmap").text
    assert "Первое посещение куратора, активация рисковых направлений" in roadmap and "выполнено" in roadmap
    assert "Дефицит педагогических кадров" in page.html.find(id="profile").text
    documents = page.html.find(id="documents").text
    assert "30.03.%d — просрочен" % YEAR in documents and "На проверке у куратора" in documents
    assert "Написать" in documents  # the programme and the anti-risk programme are still to write
    assert "Назначен куратор" in page.html.find(id="journal").text
    assert "просрочен" in testapp.get(P + "development-concept/").text


def test_krasnoyarsk_adds_a_field_to_the_anti_risk_programme_and_moves_the_deadline(testapp, people, host,
                                                                                     hasher):
    visited(people, host, school="24/m1/s1")
    with edit(people) as site:
        make_user(site, "head24", hasher, [("school_head", "24/m1/s1")])
    login(testapp, "head24")
    url = "/24/m1/s1/500plus-%d/@@concept?type=anti_risk_programme&risk=staff_shortage" % YEAR
    page = testapp.get(url)
    assert "Участие родительского сообщества" in page.text and "15.04.%d" % YEAR in page.text
    other = testapp.get(url.replace("anti_risk_programme&risk=staff_shortage", "development_concept"))
    assert "Участие родительского сообщества" not in other.text
    res = fill_concept(page.forms["concept-form"]).submit("save", status=400)
    assert "Участие родительского сообщества" in res.text
    form = fill_concept(res.forms["concept-form"], extra={"parent_community": "Родительский комитет в совете"})
    doc = form.submit("save", status=303).follow()
    assert "Родительский комитет в совете" in doc.text
    testapp.reset()
    login(testapp, "head")
    visited(people, host)
    assert "Участие родительского сообщества" not in testapp.get(
        P + "@@concept?type=anti_risk_programme&risk=staff_shortage").text


def test_the_project_pages_are_linked_from_the_tree_for_those_who_run_it(testapp, people, host):
    visited(people, host)
    login(testapp, "coordinator")
    assert "Проект «500+»" in testapp.get("/66/m1/").text
    assert "/66/m1/s1/500plus-%d/" % YEAR in testapp.get("/66/m1/s1/").text
    testapp.get("/66/@@project500", status=403)
    testapp.reset()
    login(testapp, "head")
    assert "@@project500" not in testapp.get("/66/m1/s1/").text
    testapp.get("/66/m1/@@project500", status=403)


# -- deadlines: "Мои задачи" and `oko remind` ----------------------------------------------------

def test_my_tasks_show_each_roles_next_step_with_its_deadline(testapp, people, host):
    with edit(people) as site:
        steps.enrol(host, site["66"], ["66-1-1"], YEAR, "region66")
    login(testapp, "coordinator")
    tasks = testapp.get("/tasks").text
    assert "Проект «500+», %d" % YEAR in tasks and "назначить куратора" in tasks and "Школа № 1 (66-1)" in tasks
    with edit(people) as site:
        p = participation(site)
        steps.import_risk_profiles(host, site["66"], [(2, "66-1-1", "staff_shortage", "high")], YEAR, "region66")
        steps.assign_curator(host, p, users_of(site)["curator"], "coordinator")
    assert "назначить куратора" not in testapp.get("/tasks").text
    testapp.reset()
    login(testapp, "curator")
    assert "первое посещение" in testapp.get("/tasks").text
    assert testapp.get("/api/v1/tasks").json["tasks"][0]["transitions"] == ["first_visit"]
    with edit(people) as site:
        steps.record_first_visit(host, participation(site), "curator", TODAY, {}, ["staff_shortage"])
    testapp.reset()
    login(testapp, "head")
    tasks = testapp.get("/tasks")
    assert "разместить концептуальные документы" in tasks.text and "30.03.%d" % YEAR in tasks.text
    assert ("(просрочено)" in tasks.text) == (TODAY > datetime.date(YEAR, 3, 30))


class FakeSMTP:
    """Stands in for ``smtplib.SMTP``: keeps what would have been sent."""

    sent = []

    def __init__(self, host, port, timeout=None):
        self.address = (host, port)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_message(self, message):
        FakeSMTP.sent.append((self.address, message))


def test_oko_remind_lists_overdue_steps_per_user_and_mails_each_user_once(tmp_path, monkeypatch, capsys, host):
    import smtplib

    import transaction

    from core.cli import main, open_site
    from core.security.users import make_hasher
    from tests.factories import make_tree
    ini = tmp_path / "test.ini"
    ini.write_text(f"""[app:main]
use = egg:oko-case
zodbconn.uri = file://{tmp_path}/Data.fs?blobstorage_dir={tmp_path}/blobs
oko.secret = test-secret-0123456789abcdef0123456789
oko.mail.host = mail.example.org
oko.mail.port = 2525
oko.mail.from = oko@example.org
""")
    hasher = make_hasher("fast")
    with open_site(str(ini)) as (site, _):
        make_tree(site)
        make_user(site, "curator", hasher, [("curator", "66/m1/s1")]).email = "curator@example.org"
        make_user(site, "head", hasher, [("school_head", "66/m1/s1")]).email = "head@example.org"
        make_user(site, "head2", hasher, [("school_head", "66/m1/s2")])
        make_user(site, "coordinator", hasher, [("municipal_coordinator", "66/m1")])
        make_user(site, "region66", hasher, [("regional_operator", "66")])
        for code in ("66-1-1", "66-1-2"):
            steps.enrol(host, site["66"], [code], 2025, "region66")
            steps.import_risk_profiles(host, site["66"], [(2, code, "staff_shortage", "high")], 2025, "region66")
        for school in ("s1", "s2"):
            p = steps.participation_of(site["66"]["m1"][school], 2025)
            steps.assign_curator(host, p, users_of(site)["curator"], "coordinator")
            steps.record_first_visit(host, p, "curator", datetime.date(2025, 2, 20), {}, ["staff_shortage"],
                                     now=datetime.datetime(2025, 2, 21, tzinfo=datetime.timezone.utc))
        p = steps.participation_of(site["66"]["m1"]["s1"], 2025)
        for doc_type, risk in ((DEVELOPMENT_CONCEPT, None), (MEDIUM_TERM_PROGRAMME, None),
                               (ANTI_RISK_PROGRAMME, "staff_shortage")):
            doc = steps.save_concept_document(host, p, doc_type, "head", content(), risk_factor=risk)
            fire(host, doc, "submit", "head", now=datetime.datetime(2025, 3, 20, tzinfo=datetime.timezone.utc))
        transaction.commit()
    FakeSMTP.sent = []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    assert main(["-c", str(ini), "remind", "--date", "2025-04-15"]) == 0
    out = capsys.readouterr().out
    assert "curator (Curator, curator@example.org): 3" in out and "Подтвердить" in out
    assert "head2 (Head2): 1" in out and "разместить концептуальные документы; срок 30.03.2025" in out
    assert "head (" not in out  # its documents were sent in time
    assert "Отправлено писем: 1 (без адреса эл. почты: 1)" in out
    (address, message), = FakeSMTP.sent
    assert address == ("mail.example.org", 2525) and message["To"] == "curator@example.org"
    assert message["From"] == "oko@example.org" and "(3)" in message["Subject"]
    assert "Антирисковая программа: Дефицит педагогических кадров" in message.get_content()
    assert main(["-c", str(ini), "remind", "--date", "2025-03-01"]) == 0
    assert "Просроченных задач на 01.03.2025 нет" in capsys.readouterr().out


# -- search ---------------------------------------------------------------------------------------

def test_search_finds_a_structured_document_by_the_text_of_its_fields_and_of_its_next_version(testapp, people, host):
    visited(people, host)
    measure = {"measure": "Методический семинар для учителей по формирующему оцениванию",
               "deadline": f"{YEAR}-04-15", "responsible": "Заместитель директора по УВР",
               "indicator": "Доля учителей, прошедших семинар", "expected_result": "Не менее 90 % учителей"}
    with edit(people) as site:
        steps.save_concept_document(host, participation(site), DEVELOPMENT_CONCEPT, "head",
                                    {**content(), "measures": [measure]})
    login(testapp, "head")

    def found(q):
        page = testapp.get("/search", {"q": q})
        return [a.attrs["href"].replace("http://localhost", "") for a in page.html.select("li.result > a")]
    assert found("формирующему оцениванию") == [P + "development-concept/"]
    assert found("формирующее оценивание") == [P + "development-concept/"]  # another form of the words
    assert found("наставничество") == []
    with edit(people) as site:
        steps.save_concept_document(host, participation(site), DEVELOPMENT_CONCEPT, "head",
                                    content("Внедрить наставничество молодых учителей"))
    assert found("наставничество") == [P + "development-concept/"]
    assert found("формирующему оцениванию") == []  # the current version is what is searched
