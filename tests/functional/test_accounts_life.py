"""An account's life: a forgotten password (the page never tells whether an address is known), suspension
(the session ends at the next request) and restoration, one's own profile and address; all in the journal."""
import webtest

from core.accounts import links
from core.security.audit import audit_log
from core.security.users import set_email, users_of
from tests.factories import PASSWORD, csrf, edit, login
from tests.mailsink import link_in, text_of

NEW_PASSWORD = "зелёный трамвай звенит утром"


def anonymous(app, address="127.0.0.3"):
    """A browser of somebody who has not logged in."""
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": address})


def with_addresses(tree):
    with edit(tree) as site:
        set_email(site, users_of(site)["head"], "head@s1.example")
        set_email(site, users_of(site)["coordinator"], "coordinator@m1.example")


def ask(client, address, status=200):
    form = client.get("/forgot").forms["forgot-form"]
    form["email"] = address
    return form.submit("send", status=status)


def history(site, login_):
    entries, _ = audit_log(site).for_subject(login_, limit=100)
    return [(e.action, e.actor) for e in reversed(entries)]


def test_a_head_who_forgot_the_password_gets_a_link_by_mail_and_an_unknown_address_looks_the_same(
        app, tree, mailbox):
    with_addresses(tree)
    person = anonymous(app)
    known = ask(person, "Head@S1.example")
    unknown = ask(anonymous(app, "127.0.0.4"), "nobody@nowhere.example")

    def message(res):
        return res.html.select_one("#sent").text
    assert message(known) == message(unknown)
    assert "Если этот адрес указан в учётной записи" in message(known)
    letter, = mailbox.wait_for("head@s1.example")
    assert letter["Subject"] == "Смена пароля в ОКО Кейс" and "Ваше имя для входа: head" in text_of(letter)
    assert mailbox.inbox("nobody@nowhere.example") == []

    url = link_in(letter)
    form = person.get(url).forms["password-form"]
    form["password"] = form["password-confirm"] = NEW_PASSWORD
    assert form.submit("save", status=303).follow().text.count("Новый пароль задан") == 1
    # the old password is gone, the new one works, the link is spent
    login(anonymous(app), "head", PASSWORD, status=400)
    login(anonymous(app), "head", NEW_PASSWORD)
    res = anonymous(app).get(url, status=410)
    assert "По этой ссылке пароль уже задан" in res.text and "Получить новую ссылку" in res.text
    with edit(tree) as site:
        assert history(site, "head")[-2:] == [("reset_requested", "система"), ("password_reset", "head")]


def test_a_new_link_retires_the_one_before_and_asking_too_often_sends_no_more(app, tree, mailbox):
    with_addresses(tree)
    person = anonymous(app)
    for _ in range(5):
        ask(person, "head@s1.example")
    letters = mailbox.wait_for("head@s1.example", 3)
    assert len(mailbox.inbox("head@s1.example")) == 3
    first, last = link_in(letters[0]), link_in(letters[-1])
    assert "после неё выслана новая" in person.get(first, status=410).text
    assert person.get(last).forms["password-form"]


def test_a_suspended_account_cannot_ask_for_a_link_and_without_a_mailer_the_page_says_so(app, tree, mailbox):
    with_addresses(tree)
    with edit(tree) as site:
        users_of(site)["head"].suspended = True
    ask(anonymous(app), "head@s1.example")
    assert mailbox.inbox("head@s1.example") == []
    app.registry.oko_mailer = None
    page = anonymous(app).get("/forgot")
    assert "не настроено" in page.text and "forgot-form" not in page.forms


def test_the_api_asks_for_a_link_with_the_same_answer_for_any_address(app, tree, mailbox):
    with_addresses(tree)
    person = anonymous(app)
    token = csrf(person)
    answers = [person.post_json("/api/v1/password-reset", {"email": address}, headers={"X-CSRF-Token": token},
                                status=202).json for address in ("head@s1.example", "nobody@x.example")]
    assert answers[0] == answers[1]
    assert len(mailbox.wait_for("head@s1.example")) == 1


def test_a_suspended_coordinator_is_out_at_the_next_request_and_back_when_restored(testapp, app, tree):
    coordinator = anonymous(app, "127.0.0.5")
    login(coordinator, "coordinator")
    coordinator.get("/66/m1/")
    login(testapp, "region66")
    card = testapp.get("/66/@@person/coordinator")
    form = card.forms["suspend-form"]
    res = form.submit(status=303).follow()
    assert "Укажите причину" in res.text
    form = res.forms["suspend-form"]
    form["reason"] = "Уволилась 01.12.2026"
    assert "приостановлена; все сеансы её входа закрыты" in form.submit(status=303).follow().text
    # her very next request is anonymous: the page sends her to log in, the API says 401
    assert coordinator.get("/66/m1/", status=303).location.startswith("http://localhost/login")
    assert coordinator.get("/api/v1/tasks", status=401)
    res = login(coordinator, "coordinator", status=400)
    assert "учётная запись приостановлена" in res.text
    # restored: she logs in again, with her roles
    testapp.get("/66/@@person/coordinator").forms["restore-form"].submit(status=303)
    login(coordinator, "coordinator")
    coordinator.get("/66/m1/")
    with edit(tree) as site:
        entries, _ = audit_log(site).for_subject("coordinator")
        suspended = next(e for e in entries if e.action == "suspended")
        assert (suspended.actor, suspended.path, suspended.note) == ("region66", "/66", "Уволилась 01.12.2026")
        assert [e.action for e in entries[:2]] == ["restored", "suspended"]
    card = testapp.get("/66/@@person/coordinator")
    assert "Уволилась 01.12.2026" in card.text and "учётная запись приостановлена" in card.text


def test_nobody_suspends_themselves_a_higher_rank_or_someone_outside_their_node(testapp, app, tree, hasher):
    from tests.factories import make_user
    with edit(tree) as site:
        make_user(site, "coordinator-m2", hasher, [("municipal_coordinator", "66/m2")])
        make_user(site, "curator-both", hasher, [("curator", "66/m1/s1"), ("curator", "66/m2/s1")])
    login(testapp, "coordinator")
    assert "обратитесь к оператору уровнем выше" in testapp.get("/66/m1/@@person/coordinator").html.select_one(
        "#why-not").text
    testapp.get("/66/m1/@@person/region66", status=404)
    testapp.get("/66/m1/@@person/coordinator-m2", status=404)
    # the curator works in both municipalities: the coordinator of one cannot suspend her
    assert "за пределами" in testapp.get("/66/m1/@@person/curator-both").text
    token = csrf(testapp)
    res = testapp.post("/66/m1/@@person-suspend", {"login": "curator-both", "reason": "x", "csrf_token": token},
                       status=303).follow()
    assert "работает и за пределами «Муниципалитет 66-1»" in res.text
    res = testapp.post("/66/m1/@@person-suspend", {"login": "coordinator", "reason": "x", "csrf_token": token},
                       status=303).follow()
    assert "Своей учётной записью так распорядиться нельзя" in res.text
    # the API answers the same refusals
    res = testapp.post_json("/api/v1/tree/66/m1/@@person-suspend", {"login": "curator-both", "reason": "x"},
                            headers={"X-CSRF-Token": token}, status=403).json
    assert res["error"]["code"] == "account_forbidden"
    # a head of its school it may suspend, and restore
    testapp.post_json("/api/v1/tree/66/m1/@@person-suspend", {"login": "head", "reason": "Отпуск"},
                      headers={"X-CSRF-Token": token})
    res = testapp.post_json("/api/v1/tree/66/m1/@@person-restore", {"login": "head"},
                            headers={"X-CSRF-Token": token}).json
    assert res["state"] == "active"
    with edit(tree) as site:
        assert not users_of(site)["curator-both"].suspended and not users_of(site)["coordinator"].suspended


def test_suspension_retires_a_pending_invitation(testapp, app, tree):
    login(testapp, "region66")
    form = testapp.get("/66/@@people").forms["invite-form"]
    form["name"], form["email"], form["organisation"], form["role"] = (
        "Новая Вера Сергеевна", "vera@m2.example", "/66/m2", "municipal_coordinator")
    url = form.submit("invite").html.select_one("input.link")["value"]
    form = testapp.get("/66/@@person/vera@m2.example").forms["suspend-form"]
    form["reason"] = "Приглашена по ошибке"
    form.submit(status=303)
    assert "больше не действует" in anonymous(app).get(url, status=410).text
    with edit(tree) as site:
        assert links.pending(site, "vera@m2.example") is None


def test_a_person_edits_their_profile_and_changes_their_address_with_their_password(testapp, app, tree, mailbox):
    with_addresses(tree)
    login(testapp, "head")
    page = testapp.get("/profile")
    assert "Школа № 1 (66-1-1)" in page.text or "Школа № 1 (66-1)" in page.text
    form = page.forms["profile-form"]
    form["name"], form["phone"], form["position"] = "Директорова Мария Николаевна", "12", "Директор"
    res = form.submit("save", status=400)
    assert "Телефон «12» не похож на номер" in res.text
    form = res.forms["profile-form"]
    form["phone"] = "+7 (343) 111-22-33"
    assert "Профиль сохранён" in form.submit("save", status=303).follow().text
    form = testapp.get("/profile").forms["email-form"]
    form["email"], form["password"] = "director@s1.example", "wrong password"
    assert "Текущий пароль указан неверно" in form.submit("change", status=400).text
    form = testapp.get("/profile").forms["email-form"]
    form["email"], form["password"] = "coordinator@m1.example", PASSWORD
    assert "уже указан у другого пользователя" in form.submit("change", status=400).text
    form = testapp.get("/profile").forms["email-form"]
    form["email"], form["password"] = "Director@S1.example", PASSWORD
    assert "Адрес эл. почты изменён: director@s1.example" in form.submit("change", status=303).follow().text
    notice, = mailbox.wait_for("head@s1.example")
    assert "изменён на director@s1.example" in text_of(notice)
    # she logs in by the new address; the old one finds nobody
    login(anonymous(app), "director@s1.example")
    login(anonymous(app), "head@s1.example", status=400)
    assert testapp.get("/api/v1/profile").json["phone"] == "+73431112233"
    res = testapp.patch_json("/api/v1/profile", {"position": "Директор школы"}, headers={"X-CSRF-Token": csrf(testapp)})
    assert res.json["position"] == "Директор школы" and res.json["title"] == "Директорова Мария Николаевна"
    with edit(tree) as site:
        actions = [a for a, _ in history(site, "head")]
        assert actions.count("profile_changed") == 2 and actions.count("email_changed") == 1


def test_the_coordinator_opens_a_teacher_s_account_by_an_invitation_and_never_knows_the_password(
        app, tree, host, mailbox):
    import datetime

    from core.teachers import steps
    from core.teachers.model import school_year_of, teacher_key, year_name
    from tests.factories import node
    planned = datetime.date.today() + datetime.timedelta(days=40)
    with edit(tree) as site:
        set_email(site, users_of(site)["head"], "head@s1.example")
        for name in ("Учителева Анна Петровна", "Другая Вера Ивановна"):
            dossier = steps.plan_teacher(host, node(site, "66/m1/s1"), name, "subject_teacher", "first", planned,
                                         "head")
            steps.send_data(host, dossier, "head")
    year = f"/66/m1/s1/{year_name(school_year_of(planned))}/"
    anna = year + teacher_key("66-1-1", "Учителева Анна Петровна")[0] + "/"
    vera = year + teacher_key("66-1-1", "Другая Вера Ивановна")[0] + "/"
    coordinator = anonymous(app, "127.0.0.6")
    login(coordinator, "coordinator")
    token = csrf(coordinator)
    # a mixed-script address, and the address of another person, are refused; nothing is made
    for account, reason in (("аnna@school.example", "смешаны буквы"), ("head@s1.example", "уже указан у пользователя")):
        res = coordinator.post(anna + "@@open-account", {"account": account, "csrf_token": token}, status=400)
        assert reason in res.text
    res = coordinator.post(anna + "@@open-account", {"account": "Anna@School.example", "csrf_token": token},
                           status=303).follow()
    assert "Приглашение отправлено на адрес anna@school.example" in res.text
    letter, = mailbox.wait_for("anna@school.example")
    assert "Здравствуйте, Учителева Анна Петровна!" in text_of(letter)
    with edit(tree) as site:
        teacher = users_of(site)["anna@school.example"]
        assert not teacher.has_password and teacher.organisation == "/66/m1/s1"
        assert node(site, anna).login == "anna@school.example"
    person = anonymous(app)
    form = person.get(link_in(letter)).forms["password-form"]
    form["password"] = form["password-confirm"] = NEW_PASSWORD
    form.submit("save", status=303)
    # her dossier is hers: she reads it with the password she alone chose
    assert "Учителева Анна Петровна" in person.get(anna).text
    # the API opens the other one the same way, and an existing account is taken as it is
    res = coordinator.post_json("/api/v1/tree" + vera + "@@teacher-account", {"account": "vera@school.example"},
                                headers={"X-CSRF-Token": token}).json
    assert res["invitation_url"] is None and res["dossier"]["login"] == "vera@school.example"
    assert len(mailbox.wait_for("vera@school.example")) == 1
