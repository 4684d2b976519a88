"""Logging in and out: sessions, revocation, throttling, CSRF, password hashes."""
import re
from types import SimpleNamespace

import pytest
import webtest

from core.security.throttle import FREE, MAX_DELAY
from core.security.users import users_of
from tests.factories import PASSWORD, csrf, edit, login, make_user


def test_person_logs_in_and_lands_on_home_page(testapp, tree):
    res = login(testapp, "curator").follow()
    assert "Здравствуйте" in res.text
    assert "Мои организации" in res.text


def test_anonymous_visitor_is_sent_to_log_in(testapp, tree):
    res = testapp.get("/66/m1/s1/", status=303)
    assert "/login?came_from=" in res.location


def test_log_in_page_does_not_reveal_which_names_exist(testapp, tree):
    unknown = login(testapp, "no-such-user", "whatever", status=400)
    wrong = login(testapp, "curator", "wrong password", status=400)
    message = "Неверное имя пользователя или пароль."
    assert message in unknown.text and message in wrong.text
    strip = lambda t: re.sub(r'value="[^"]*"', "", t)  # noqa: E731
    assert strip(unknown.text).replace("no-such-user", "X") == strip(wrong.text).replace("curator", "X")


def test_repeated_failed_log_ins_are_slowed_down(testapp, tree, clock):
    for _ in range(5):
        login(testapp, "curator", "wrong", status=400)
    res = login(testapp, "curator", PASSWORD, status=400)
    assert "Слишком много неудачных попыток" in res.text
    # an unknown name is slowed down the same way
    for _ in range(5):
        login(testapp, "ghost", "wrong", status=400)
    assert "Слишком много неудачных попыток" in login(testapp, "ghost", "x", status=400).text


def test_log_out_revokes_the_session_already_issued(testapp, tree):
    login(testapp, "curator")
    stolen = testapp.cookies["oko_session"]
    testapp.get("/66/m1/s1/", status=200)
    testapp.post("/logout", {"csrf_token": csrf(testapp)}, status=303)
    testapp.set_cookie("oko_session", stolen)
    assert testapp.get("/66/m1/s1/", status=303).location.startswith("http://localhost/login")


def test_password_change_revokes_other_sessions(app, testapp, tree):
    import webtest
    other = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "10.0.0.2"})
    login(other, "curator")
    login(testapp, "curator")
    form = testapp.get("/password").forms["deform"]
    form["current"] = PASSWORD
    form["new"] = "a new long password"
    form["new-confirm"] = "a new long password"
    res = form.submit("save", status=303).follow()
    assert "Пароль изменён" in res.text
    testapp.get("/66/m1/s1/", status=200)
    other.get("/66/m1/s1/", status=303)
    login(testapp, "curator", "a new long password")


def test_password_change_with_wrong_current_password_changes_nothing(testapp, tree, db):
    login(testapp, "curator")
    with edit(db) as site:
        before = users_of(site)["curator"].password_hash
    form = testapp.get("/password").forms["deform"]
    form["current"] = "not my password"
    form["new"] = form["new-confirm"] = "another long password"
    res = form.submit("save", status=400)
    assert "Текущий пароль указан неверно" in res.text
    with edit(db) as site:
        assert users_of(site)["curator"].password_hash == before


def test_stored_passwords_are_argon2_hashes(tree):
    with edit(tree) as site:
        for user in users_of(site).values():
            assert user.password_hash.startswith("$argon2id$")
            assert PASSWORD not in user.password_hash


def test_session_cookie_is_http_only_and_same_site(testapp, tree):
    res = login(testapp, "curator")
    cookie = res.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_every_post_without_csrf_token_is_refused(testapp, tree, db, host):
    from tests.factories import make_document
    with edit(db) as site:
        make_document(host, site, "66/m1/s1")
    # each user may do the action: only the missing token refuses it
    for user, url, params in [
            ("head", "/password", {"current": PASSWORD, "new": "x" * 10, "new-confirm": "x" * 10}),
            ("head", "/66/m1/s1/@@add-document", {"title": "x"}),
            ("head", "/66/m1/s1/doc/@@transition", {"transition": "submit"}),
            ("coordinator", "/66/m1/@@access", {"action": "grant", "login": "nobody", "role": "curator"}),
            ("head", "/logout", {})]:
        testapp.reset()
        login(testapp, user)
        res = testapp.post(url, params, status=400)
        assert "Запрос отклонён" in res.text
        res = testapp.post(url, {**params, "csrf_token": "forged"}, status=400)
    login(testapp, "head")
    res = testapp.post_json("/api/v1/tree/66/m1/s1/doc/@@transitions", {"transition": "submit"}, status=400)
    assert res.json["error"]["code"] == "csrf"
    testapp.get("/66/m1/s1/", status=200)  # the log-out above was refused too
    testapp.reset()
    testapp.post("/login", {"login": "head", "password": PASSWORD}, status=400)
    with edit(db) as site:
        assert site["66"]["m1"]["s1"]["doc"].workflow_state == "draft"
        assert len(site["66"]["m1"]["s1"]) == 1
        assert "nobody" not in site["66"]["m1"].local_roles


# -- the throttle: per address, per account, per device cookie ------------------

@pytest.fixture
def clock(app, monkeypatch):
    """The throttle's clock, stopped: it moves only when the test moves it (``clock.now``)."""
    frozen = SimpleNamespace(now=1_700_000_000.0)
    monkeypatch.setattr(app.registry.oko_throttle, "clock", lambda: frozen.now)
    return frozen


def client(app, addr):
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": addr})


def test_guessing_on_eighty_names_is_refused_after_the_free_attempts_though_the_guesser_logs_in_between(
        app, tree, clock):
    guesser = client(app, "10.6.6.6")
    answers = []
    for n in range(80):
        answers.append(login(guesser, f"user{n}", "guess-2026", status=400).text)
        login(guesser, "nobody")  # her own account: a success must not wipe the count
        guesser.post("/logout", {"csrf_token": csrf(guesser)}, status=303)
    checked = [a for a in answers if "Неверное имя пользователя или пароль" in a]
    refused = [a for a in answers if "Слишком много неудачных попыток" in a]
    assert len(checked) == FREE["addr"] and len(refused) == 80 - FREE["addr"]
    # another address is not slowed down by it
    assert "Неверное имя" in login(client(app, "10.0.0.7"), "user1", "guess", status=400).text


def test_owner_with_a_device_cookie_logs_in_while_her_account_is_under_attack(app, tree, clock):
    owner = client(app, "10.0.0.2")
    login(owner, "curator")
    owner.post("/logout", {"csrf_token": csrf(owner)}, status=303)
    attacker = client(app, "10.6.6.6")
    for _ in range(FREE["login"] + 3):
        login(attacker, "curator", "guess-2026", status=400)
    assert "Слишком много неудачных попыток" in login(attacker, "curator", PASSWORD, status=400).text
    # the owner's browser brings the device cookie of her account: her try is hers alone
    login(owner, "curator").follow()
    # without it she is slowed down, not locked out: once the wait is over, she gets in
    stranger_browser = client(app, "10.0.0.3")
    assert "Слишком много неудачных попыток" in login(stranger_browser, "curator", PASSWORD, status=400).text
    clock.now += MAX_DELAY
    login(stranger_browser, "curator")


def test_a_device_cookie_of_another_account_or_a_forged_one_counts_for_nothing(app, tree, clock):
    attacker = client(app, "10.6.6.6")
    login(attacker, "nobody")
    attacker.post("/logout", {"csrf_token": csrf(attacker)}, status=303)
    for _ in range(FREE["login"]):
        login(attacker, "curator", "guess-2026", status=400)
    assert "Слишком много неудачных попыток" in login(attacker, "curator", PASSWORD, status=400).text
    attacker.set_cookie("oko_device", "eyJjdXJhdG9yIjoieCJ9")
    assert "Слишком много неудачных попыток" in login(attacker, "curator", PASSWORD, status=400).text


def test_api_log_in_is_throttled_by_the_same_counts_as_the_page(app, tree, clock):
    guesser = client(app, "10.6.6.6")
    for _ in range(FREE["login"]):
        login(guesser, "curator", "guess-2026", status=400)
    res = guesser.post_json("/api/v1/session", {"login": "curator", "password": PASSWORD},
                            headers={"X-CSRF-Token": csrf(guesser)}, status=401)
    assert "Слишком много неудачных попыток" in res.json["error"]["message"]


# -- passwords: strength, the first change, Russian form --------------------------

def change_password_form(testapp, current, new, confirm=None):
    form = testapp.get("/password").forms["deform"]
    form["current"] = current
    form["new"] = new
    form["new-confirm"] = new if confirm is None else confirm
    return form


def test_a_repeated_or_common_password_is_refused_in_russian_and_nothing_changes(testapp, tree, db):
    login(testapp, "curator")
    with edit(db) as site:
        before = users_of(site)["curator"].password_hash
    for weak in ("aaaaaaaaaa", "password123", "qwertyuiop"):
        res = change_password_form(testapp, PASSWORD, weak).submit("save", status=400)
        assert "Пароль слишком простой" in res.text
    with edit(db) as site:
        assert users_of(site)["curator"].password_hash == before


def test_the_password_form_speaks_russian(testapp, tree):
    login(testapp, "curator")
    page = testapp.get("/password")
    assert 'placeholder="Пароль"' in page.text and 'placeholder="Подтверждение пароля"' in page.text
    assert "Password" not in page.text
    res = change_password_form(testapp, PASSWORD, "a new long password", "another one").submit("save", status=400)
    assert "Пароль не совпадает с подтверждением" in res.text and "did not match" not in res.text
    res = change_password_form(testapp, "", "a new long password").submit("save", status=400)
    assert "Требуется" in res.text and "Required" not in res.text


def test_someone_whose_password_another_person_set_must_change_it_before_anything_else(testapp, tree, db, hasher):
    with edit(db) as site:
        make_user(site, "newhead", hasher, [("school_head", "66/m1/s1")], password="пароль от координатора",
                  by_owner=False)
    assert login(testapp, "newhead", "пароль от координатора").location == "http://localhost/password"
    assert "Пароль вам задал другой человек" in testapp.get("/password").text
    assert testapp.get("/66/m1/s1/", status=303).location == "http://localhost/password"
    assert testapp.get("/tasks", status=303).location == "http://localhost/password"
    api = testapp.get("/api/v1/tree/66/m1/s1", status=403).json["error"]
    assert api["code"] == "password_change_required"
    assert testapp.get("/api/v1/session").json["user"]["must_change_password"] is True
    # keeping the password one was given is no change
    res = change_password_form(testapp, "пароль от координатора", "пароль от координатора").submit("save", status=400)
    assert "должен отличаться" in res.text
    change_password_form(testapp, "пароль от координатора", "мой собственный длинный пароль").submit("save", status=303)
    testapp.get("/66/m1/s1/", status=200)
    with edit(db) as site:
        assert users_of(site)["newhead"].must_change_password is False


def test_a_name_that_mixes_scripts_fails_at_log_in_like_an_unknown_one(testapp, tree):
    mixed = login(testapp, "cur\u0430tor", PASSWORD, status=400)  # a Cyrillic "а"
    unknown = login(testapp, "no-such-user", PASSWORD, status=400)
    assert "Неверное имя пользователя или пароль." in mixed.text and "Неверное имя" in unknown.text
