"""Bringing people in: invitations (shown once, or mailed to a real SMTP server), choosing one's password,
the links that no longer work, and what nobody may do (grant above one's rank, invite oneself, reach outside
one's node)."""
import datetime
import re

import webtest

from core.accounts import links
from core.security.audit import audit_log
from core.security.roles import effective_roles
from core.security.users import find_user, set_email, users_of
from tests.factories import csrf, edit, login, node
from tests.mailsink import link_in, text_of

LINK = re.compile(r"http://localhost/invitation\?t=[\w-]+")
GOOD_PASSWORD = "сосна облако велосипед 42"


def anonymous(app):
    """A browser of somebody who has not logged in."""
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.2"})


def invite(client, where, status=200, **values):
    """Fill and send the invitation form of ``where``'s people page (a choice not offered is sent as typed)."""
    form = client.get(f"/{where}/@@people" if where else "/@@people").forms["invite-form"]
    for name, value in values.items():
        field = form[name]
        if hasattr(field, "options") and value not in [v for v, *_ in field.options]:
            field.force_value(value)
        else:
            field.value = value
    return form.submit("invite", status=status)


def choose_password(client, url, password=GOOD_PASSWORD, status=303):
    """Open a link and choose a password by it."""
    form = client.get(url).forms["password-form"]
    form["password"] = form["password-confirm"] = password
    return form.submit("save", status=status)


def journal(site, login_):
    """``[(action, actor, role)]`` of an account's history, oldest first."""
    entries, _ = audit_log(site).for_subject(login_, limit=100)
    return [(e.action, e.actor, e.role) for e in reversed(entries)]


def test_the_federal_operator_invites_a_regional_operator_who_chooses_a_password_nobody_else_knows(testapp, tree, app):
    login(testapp, "federal")
    res = invite(testapp, "", name="Краева Ольга Ивановна", email="Kraeva@Krasnoyarsk.example",
                 phone="8 (391) 200-30-40", position="Начальник отдела", organisation="/24", role="regional_operator")
    # no mailer: the link is shown once, to the one who invited
    assert "один раз" in res.text
    url, = set(LINK.findall(res.text))
    with edit(tree) as site:
        user = find_user(site, "kraeva@krasnoyarsk.example")
        assert user.login == "kraeva@krasnoyarsk.example" and user.phone == "+73912003040"
        assert user.organisation == "/24" and not user.has_password
        assert "regional_operator" in effective_roles(site["24"], user.login)
        # only the link's hash is kept
        store = site.services[links.SERVICE]
        token = url.split("t=")[1]
        assert token not in str(list(store.links.keys())) and links.digest(token) in store.links
    # the people page lists her, invited
    assert "приглашён, пароль ещё не задан" in testapp.get("/24/@@people").text

    person = anonymous(app)
    page = person.get(url)
    assert "Краева Ольга Ивановна" in page.text and "kraeva@krasnoyarsk.example" in page.text
    weak = choose_password(person, url, "qwertyuiop", status=400)
    assert "Пароль слишком простой" in weak.text
    res = choose_password(person, url)
    assert res.location == "http://localhost/"
    assert "Добро пожаловать" in res.follow().text
    # she is in, and can log in again by her address or her login
    assert person.get("/api/v1/session").json["user"]["login"] == "kraeva@krasnoyarsk.example"
    again = anonymous(app)
    login(again, "KRAEVA@krasnoyarsk.example", GOOD_PASSWORD)

    # the link worked once
    used = anonymous(app).get(url, status=410)
    assert "уже принято" in used.text and "/forgot" in used.text
    with edit(tree) as site:
        assert journal(site, "kraeva@krasnoyarsk.example") == [
            ("account_created", "federal", "regional_operator"), ("grant", "federal", "regional_operator"),
            ("invited", "federal", "regional_operator"),
            ("invitation_accepted", "kraeva@krasnoyarsk.example", "")]


def test_the_regional_operator_invites_a_municipal_coordinator_by_mail(testapp, tree, app, mailbox):
    login(testapp, "region66")
    res = invite(testapp, "66", status=303, name="Муниципальная Ирина Петровна", email="irina@m2.example",
                 organisation="/66/m2", role="municipal_coordinator")
    assert "Приглашение отправлено на адрес irina@m2.example" in res.follow().text
    letter, = mailbox.wait_for("irina@m2.example")
    assert letter["Subject"] == "Приглашение в ОКО Кейс"
    assert "Region66 приглашает вас" in text_of(letter) and "Муниципальный координатор" in text_of(letter)
    # the link is not on any page: only in the letter
    assert link_in(letter) not in testapp.get("/66/@@people").text
    person = anonymous(app)
    choose_password(person, link_in(letter))
    with edit(tree) as site:
        assert "municipal_coordinator" in effective_roles(node(site, "66/m2"), "irina@m2.example")


def test_a_coordinator_invites_a_head_of_its_school_but_nothing_above_its_rank_or_outside_its_municipality(
        testapp, tree):
    login(testapp, "coordinator")
    page = testapp.get("/66/m1/@@people")
    form = page.forms["invite-form"]
    # the form offers its municipality and its schools, and only the roles below its own
    assert {v for v, *_ in form["organisation"].options} == {"", "/66/m1", "/66/m1/s1", "/66/m1/s2", "/66/m1/s3"}
    assert {v for v, *_ in form["role"].options} == {"", "school_head", "teacher", "methodologist", "cmm_author"}
    # nothing chosen: both are asked for
    res = invite(testapp, "66/m1", status=400, name="Иванов Иван Иванович", email="ivanov@s1.example")
    assert "Выберите организацию" in res.text and "Выберите роль" in res.text
    # a role it may not give is refused even when sent by hand
    res = invite(testapp, "66/m1", status=400, name="Иванов Иван Иванович", email="ivanov@s1.example",
                 organisation="/66/m1/s1", role="municipal_coordinator")
    assert "Выберите роль из списка" in res.text
    # a head is held at a school, not at the municipality
    res = invite(testapp, "66/m1", status=400, name="Иванов Иван Иванович", email="ivanov@s1.example",
                 organisation="/66/m1", role="school_head")
    assert "Роль «Руководитель ОО» назначается на уровне «школа или учреждение»" in res.text
    res = invite(testapp, "66/m1", name="Иванов Иван Иванович", email="ivanov@s1.example",
                 organisation="/66/m1/s1", role="school_head")
    assert LINK.search(res.text)
    # another municipality's people page is not its to see
    testapp.get("/66/m2/@@people", status=403)
    with edit(tree) as site:
        assert "school_head" in effective_roles(node(site, "66/m1/s1"), "ivanov@s1.example")
        assert users_of(site).get("ivanov@s1.example").organisation == "/66/m1/s1"


def test_bad_input_on_the_invitation_form_is_refused_in_russian_and_nothing_is_made(testapp, tree):
    login(testapp, "coordinator")
    res = invite(testapp, "66/m1", status=400, name="Иванов", email="ivanov@@school", phone="12345",
                 organisation="/66/m1/s1", role="teacher")
    assert "не похоже на ФИО" in res.text
    assert "не похоже на адрес эл. почты" in res.text
    assert "телефон «12345» не похож на номер" in res.text
    # one's own address
    with edit(tree) as site:
        set_email(site, users_of(site)["coordinator"], "coord@m1.example")
        set_email(site, users_of(site)["head"], "head@s1.example")
    res = invite(testapp, "66/m1", status=400, name="Сам Себе Координатор", email="coord@m1.example",
                 organisation="/66/m1/s1", role="teacher")
    assert "Себе роль назначить нельзя" in res.text
    # an address of another person
    res = invite(testapp, "66/m1", status=400, name="Другая Анна Сергеевна", email="HEAD@s1.example",
                 organisation="/66/m1/s1", role="teacher")
    assert "Адрес head@s1.example уже указан у пользователя «Head»: проверьте адрес или ФИО." in res.text
    with edit(tree) as site:
        assert len(users_of(site)) == 8


def test_inviting_someone_who_is_there_already_changes_nothing_or_adds_the_role(testapp, tree):
    login(testapp, "coordinator")
    values = dict(name="Школьная Анна Петровна", email="anna@s2.example", organisation="/66/m1/s2", role="teacher")
    invite(testapp, "66/m1", **values)
    res = invite(testapp, "66/m1", status=303, **values)
    assert "уже есть, ничего не изменилось" in res.follow().text
    res = invite(testapp, "66/m1", status=303, **{**values, "organisation": "/66/m1/s3"})
    assert "назначена роль «Педагог» в «Школа № 3 (66-1)»" in res.follow().text
    with edit(tree) as site:
        grants = users_of(site)["anna@s2.example"].grants
        assert set(grants) == {"/66/m1/s2", "/66/m1/s3"}
        assert len([a for a, *_ in journal(site, "anna@s2.example") if a == "invited"]) == 1


def test_an_invitation_sent_again_retires_the_first_and_an_expired_one_says_so(testapp, tree, app):
    login(testapp, "region66")
    first, = set(LINK.findall(invite(testapp, "66", name="Второй Олег Ильич", email="oleg@m2.example",
                                     organisation="/66/m2", role="municipal_coordinator").text))
    card = testapp.get("/66/@@person/oleg@m2.example")
    second, = set(LINK.findall(card.forms["reinvite-form"].submit().text))
    person = anonymous(app)
    res = person.get(first, status=410)
    assert "после неё выслана новая" in res.text and "Забыли пароль?" in res.text
    # the newer one works until it expires
    with edit(tree) as site:
        token = second.split("t=")[1]
        store = site.services[links.SERVICE]
        key = links.digest(token)
        store.links[key] = store.links[key].__class__(**{
            **store.links[key].__dict__, "expires": links.now_utc() - datetime.timedelta(minutes=1)})
    res = person.get(second, status=410)
    assert "Срок действия приглашения истёк" in res.text
    # a form kept open from before is refused the same way
    res = person.post("/invitation", {"t": token, "password": GOOD_PASSWORD, "password-confirm": GOOD_PASSWORD,
                                      "csrf_token": csrf(person)}, status=410)
    assert "Срок действия приглашения истёк" in res.text
    res = person.get("/invitation?t=made-up-token", status=410)
    assert "скопирована не полностью" in res.text
    with edit(tree) as site:
        assert not users_of(site)["oleg@m2.example"].has_password


def test_pages_of_links_and_of_a_forgotten_password_are_open_to_anyone_and_the_rest_is_not(app, tree):
    person = anonymous(app)
    assert person.get("/forgot").status_int == 200
    assert person.get("/invitation?t=abc", status=410)
    assert person.get("/reset?t=abc", status=410)
    assert person.get("/profile", status=303).location.startswith("http://localhost/login")
    assert person.get("/66/@@people", status=303).location.startswith("http://localhost/login")


def test_the_regional_operator_filters_and_exports_the_journal_of_its_region(testapp, tree):
    import io

    import openpyxl
    login(testapp, "coordinator")
    invite(testapp, "66/m1", name="=HYPERLINK Иван Иванович", email="ivan@s1.example", organisation="/66/m1/s1",
           role="teacher", status=400)
    invite(testapp, "66/m1", name="Учительская Нина Павловна", email="nina@s1.example", organisation="/66/m1/s1",
           role="teacher")
    testapp.reset()
    login(testapp, "region66")
    # the region's own journal has none of it; with everything under it, the school's entries are there
    assert "Учительская" not in testapp.get("/66/@@access").html.select_one("#journal").find_next("div").text
    page = testapp.get("/66/@@access?kind=accounts&below=1")
    table = page.html.select_one("#journal-table").text
    assert "создана учётная запись" in table and "выслано приглашение" in table and "назначена роль" not in table
    assert "Школа № 1 (66-1)" in table
    roles = testapp.get("/66/@@access?kind=access&below=1").html.select_one("#journal-table").text
    assert "назначена роль" in roles and "создана учётная запись" not in roles
    export = testapp.get(page.html.select_one("#journal-export")["href"])
    assert export.content_type.endswith("spreadsheetml.sheet")
    rows = list(openpyxl.load_workbook(io.BytesIO(export.body)).active.values)
    assert rows[0][:4] == ("Когда (UTC)", "Кто", "Действие", "Кому")
    assert {r[2] for r in rows[1:]} == {"создана учётная запись", "выслано приглашение"}
    assert all(r[4] == "nina@s1.example" for r in rows[1:])
    api = testapp.get("/api/v1/tree/66/@@access-journal?kind=accounts&below=true").json
    assert api["total"] == 2 and {e["action"] for e in api["entries"]} == {"account_created", "invited"}
    assert testapp.get("/api/v1/tree/66/@@access-journal?kind=accounts").json["total"] == 0
