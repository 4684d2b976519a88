"""Going live in a region, from an empty database with one federal operator to a working region: the federal operator
invites the regional operator, who loads its organisations from XLSX and invites the municipal coordinators from a
list; a coordinator invites a school's head; the head resets a forgotten password; a curator is picked for a school
with the people picker; a suspended coordinator's session stops at once; the audit journal shows all of it.

Every letter goes through the test's real SMTP server (aiosmtpd, ``tests.mailsink``). The region itself is the
one thing made directly: the federation's regions come from ``oko import-orgs`` (no page makes a region).
"""
import datetime

import webtest

from core.resources import Region
from core.security.audit import audit_log
from core.security.roles import effective_roles
from core.security.users import users_of
from tests.factories import edit, login, make_user, node
from tests.functional.test_accounts_lists import xlsx as people_xlsx
from tests.mailsink import link_in
from tests.unit.test_orgimport import xlsx

YEAR = datetime.date.today().year
PASSWORDS = {"kraeva@kras.example": "северное сияние над Енисеем",
             "gorod@m1.example": "тихий снег на крышах города",
             "rural@m2.example": "тайга шумит под ветром вечером",
             "head@s1.example": "яблоня цветёт у старой школы",
             "curator@m1.example": "мост через реку в тумане"}
NEW_PASSWORD = "звонок с урока звенит весело"
ORGS = [["Код муниципалитета", "Муниципалитет", "Код ОО", "Название ОО", "Тип ОО"],
        ["m1", "г. Красноярск", "s1", "МБОУ СОШ № 1", "городская"],
        ["m1", "г. Красноярск", "s2", "МБОУ СОШ № 2", "городская"],
        ["m2", "Эвенкийский район", "s3", "МКОУ Туринская СШ", "сельская"]]
COORDINATORS = [["Городская Анна Сергеевна", "gorod@m1.example", "+7 391 200-00-01", "Начальник управления", "m1",
                 "Муниципальный координатор"],
                ["Сельская Мария Ивановна", "rural@m2.example", "", "Специалист", "m2", "Муниципальный координатор"]]


def browser(app, n):
    """A person's own browser (its own address: the log-in throttle counts each apart)."""
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": f"127.0.1.{n}"})


def accept(app, n, letter, login_):
    """The person follows the letter's link, chooses a password, and is logged in in their own browser."""
    person = browser(app, n)
    form = person.get(link_in(letter)).forms["password-form"]
    form["password"] = form["password-confirm"] = PASSWORDS[login_]
    form.submit("save", status=303)
    assert person.get("/api/v1/session").json["user"]["login"] == login_
    return person


def invite(client, where, **values):
    form = client.get(f"{where}@@people").forms["invite-form"]
    for name, value in values.items():
        form[name] = value
    return form.submit("invite", status=303).follow()


def test_from_one_federal_operator_to_a_working_region(app, db, hasher, mailbox):
    with edit(db) as site:
        assert len(users_of(site)) == 0
        make_user(site, "federal", hasher, [("federal_operator", "")], title="Федеральный Пётр Ильич")
        site.add("24", Region("24", "Красноярский край"))
    federal = browser(app, 1)
    login(federal, "federal")

    # the federal operator invites the regional operator; she chooses her password from the letter
    res = invite(federal, "/", name="Краева Ольга Ивановна", email="kraeva@kras.example", organisation="/24",
                 role="regional_operator")
    assert "Приглашение отправлено на адрес kraeva@kras.example" in res.text
    operator = accept(app, 2, mailbox.wait_for("kraeva@kras.example")[0], "kraeva@kras.example")

    # her home says what is missing: no organisations yet
    home = operator.get("/")
    assert "не хватает" in home.html.find(id="start-24-orgs").text
    # she loads the organisations from XLSX: a preview, then the tree
    form = operator.get("/24/@@orgs").forms["orgs-form"]
    form["file"] = webtest.Upload("организации.xlsx", xlsx(ORGS))
    preview = form.submit()
    assert "муниципалитетов добавлено: 2" in preview.text and "школ добавлено: 3" in preview.text
    preview.forms["confirm-form"].submit(status=303)
    assert "готово" in operator.get("/").html.find(id="start-24-orgs").text

    # she invites the municipal coordinators from a list; each gets a letter
    form = operator.get("/24/@@people").forms["import-form"]
    form["upload"] = webtest.Upload("координаторы.xlsx", people_xlsx(COORDINATORS))
    preview = form.submit("check")
    assert "Новых учётных записей: 2" in preview.text
    preview.forms["confirm-form"].submit(status=303)
    assert "готово" in operator.get("/").html.find(id="start-24-coordinators").text
    coordinator = accept(app, 3, mailbox.wait_for("gorod@m1.example")[0], "gorod@m1.example")
    accept(app, 4, mailbox.wait_for("rural@m2.example")[0], "rural@m2.example")

    # the coordinator of m1 invites the head of s1 and a curator
    invite(coordinator, "/24/m1/", name="Директорова Нина Павловна", email="head@s1.example",
           organisation="/24/m1/s1", role="school_head")
    invite(coordinator, "/24/m1/", name="Кураторов Игорь Олегович", email="curator@m1.example",
           organisation="/24/m1", role="methodologist")
    accept(app, 5, mailbox.wait_for("head@s1.example")[0], "head@s1.example")
    accept(app, 6, mailbox.wait_for("curator@m1.example")[0], "curator@m1.example")

    # the head forgets her password and sets a new one by the letter's link
    forgot = browser(app, 7)
    form = forgot.get("/forgot").forms["forgot-form"]
    form["email"] = "head@s1.example"
    form.submit("send")
    letter, = mailbox.wait_for("head@s1.example", count=2)[1:]
    form = forgot.get(link_in(letter)).forms["password-form"]
    form["password"] = form["password-confirm"] = NEW_PASSWORD
    form.submit("save", status=303)
    head = browser(app, 8)
    login(head, "head@s1.example", NEW_PASSWORD)
    login(browser(app, 9), "head@s1.example", PASSWORDS["head@s1.example"], status=400)

    # the school is enrolled in the 500+ project and the coordinator picks its curator with the people picker
    form = operator.get("/24/@@project500").forms["enrol-form"]
    form["codes"] = "s1"
    form.submit(status=303)
    page = coordinator.get("/24/m1/@@project500")
    form = next(f for f in page.forms.values() if f.action.endswith(f"/24/m1/s1/500plus-{YEAR}/@@curator"))
    picker = page.html.find("input", attrs={"name": "login", "data-people": True})["data-people"]
    found = coordinator.get(picker.replace("http://localhost", ""), params={"q": "Куратор"},
                            headers={"Accept": "application/json"}).json["people"]
    assert [p["title"] for p in found] == ["Кураторов Игорь Олегович"]
    form["login"] = found[0]["login"]
    assert "куратор — Кураторов Игорь Олегович" in form.submit(status=303).follow().text
    with edit(db) as site:
        assert "curator" in effective_roles(node(site, "24/m1/s1"), "curator@m1.example")
        assert "school_head" in effective_roles(node(site, "24/m1/s1"), "head@s1.example")

    # the regional operator suspends the coordinator of m1: her next request is anonymous
    form = operator.get("/24/@@person/gorod@m1.example").forms["suspend-form"]
    form["reason"] = "Перевод на другую работу"
    form.submit(status=303)
    assert coordinator.get("/24/m1/", status=303).location.startswith("http://localhost/login")
    assert head.get("/24/m1/s1/").status_int == 200

    # the journal of the region shows all of it
    journal = operator.get("/24/@@access", params={"below": "1"})
    assert "Перевод на другую работу" in journal.text
    with edit(db) as site:
        entries, total = audit_log(site).select("/24", below=True, limit=500)
        done = {(e.action, e.subject) for e in entries}
    assert {("account_created", "kraeva@kras.example"), ("invited", "kraeva@kras.example"),
            ("invitation_accepted", "kraeva@kras.example"),
            ("grant", "kraeva@kras.example"), ("orgs_imported", ""),
            ("account_created", "gorod@m1.example"), ("grant", "gorod@m1.example"),
            ("invitation_accepted", "gorod@m1.example"), ("account_created", "head@s1.example"),
            ("grant", "head@s1.example"), ("reset_requested", "head@s1.example"),
            ("password_reset", "head@s1.example"), ("grant", "curator@m1.example"),
            ("suspended", "gorod@m1.example")} <= done, sorted(done)
