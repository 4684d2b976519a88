"""Logging in and out: sessions, revocation, throttling, CSRF, password hashes."""
import re

from core.security.users import users_of
from tests.factories import PASSWORD, csrf, edit, login


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


def test_repeated_failed_log_ins_are_slowed_down(testapp, tree):
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
