"""A region brings a person in, in a real browser: the regional operator invites a municipal coordinator, the
letter arrives at a real SMTP server started by the test, the coordinator follows its link, chooses a password
and lands in the system; the same pages on a phone's width. Screenshots in OKO_SCREENSHOTS when asked for."""
import pytest

from tests.browser.test_journey import log_in, shot
from tests.factories import edit, make_user
from tests.mailsink import link_in, text_of

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PASSWORD = "ветер над северной рекой"


@pytest.fixture
def region(live_server, mail_sink, monkeypatch):
    """The live site with a regional operator of 66, mailing through the test's SMTP server."""
    app = live_server.app
    with edit(app.registry._zodb_databases[""]) as site:
        make_user(site, "region66", app.registry.oko_hasher, [("regional_operator", "66")],
                  title="Региональная Ольга Викторовна")
    mail_sink.clear()
    monkeypatch.setattr(app.registry, "oko_mailer", mail_sink.mailer, raising=False)
    return live_server


def no_horizontal_scroll(page):
    """The page fits the window's width (a phone does not scroll sideways)."""
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"страница шире окна на {overflow} px"


def invite(page, server, email, name, where="/66/m2", role="Муниципальный координатор"):
    page.goto(server.url + "/66/@@people")
    page.fill("input[name=name]", name)
    page.fill("input[name=email]", email)
    page.fill("input[name=phone]", "+7 343 200-00-02")
    page.fill("input[name=position]", "Начальник управления образования")
    page.select_option("select[name=organisation]", where)
    page.select_option("select[name=role]", label=role)


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_regional_operator_invites_a_coordinator_who_accepts_from_the_mail(browser, region, mail_sink, width):
    context = browser.new_context(locale="ru-RU", viewport=PHONE if width == "phone" else {"width": 1280,
                                                                                           "height": 900})
    violations = []
    try:
        page = context.new_page()
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        server = region
        email = f"coordinator-{width}@m2.example"
        name = "Муниципальная Ирина Петровна" if width == "desktop" else "Телефонова Анна Сергеевна"

        log_in(page, server, "region66")
        # the region's page links its people
        page.goto(server.url + "/66/")
        with page.expect_navigation():
            page.get_by_role("link", name="Пользователи").first.click()
        assert page.locator("h1").inner_text().startswith("Пользователи")
        invite(page, server, email, name)
        shot(page, f"accounts-{width}-1-invite-form")
        if width == "phone":
            no_horizontal_scroll(page)
        with page.expect_navigation():
            page.get_by_role("button", name="Пригласить").click()
        assert f"Приглашение отправлено на адрес {email}" in page.locator(".msg.success").inner_text()
        assert name in page.locator("#people").inner_text()
        shot(page, f"accounts-{width}-2-invited")
        # her card: invited, not yet in; the operator may send the invitation again or suspend the account
        with page.expect_navigation():
            page.locator("#people").get_by_role("link", name=name).click()
        assert "приглашён, пароль ещё не задан" in page.locator("h1").inner_text()
        assert page.get_by_role("button", name="Выслать приглашение ещё раз").is_visible()
        shot(page, f"accounts-{width}-2b-card")
        if width == "phone":
            no_horizontal_scroll(page)
        with page.expect_navigation():
            page.get_by_role("button", name="Выйти").click()

        letter, = mail_sink.wait_for(email)
        assert "Региональная Ольга Викторовна приглашает вас" in text_of(letter)
        page.goto(link_in(letter))
        assert page.locator("#login-name").inner_text() == email
        shot(page, f"accounts-{width}-3-choose-password")
        if width == "phone":
            no_horizontal_scroll(page)
        page.fill("input[name=password]", "qwerty123")
        page.fill("input[name=password-confirm]", "qwerty123")
        with page.expect_navigation():
            page.get_by_role("button", name="Задать пароль").click()
        assert "Пароль слишком простой" in page.locator("main").inner_text()
        page.fill("input[name=password]", PASSWORD)
        page.fill("input[name=password-confirm]", PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Задать пароль").click()
        assert page.url == server.url + "/"
        assert "Добро пожаловать" in page.locator(".msg.success").inner_text()
        assert "Муниципальный координатор" in page.locator("main").inner_text()
        shot(page, f"accounts-{width}-4-welcome")

        # the profile is hers to see; the link of the letter works no more
        with page.expect_navigation():
            page.locator("header.top a.me").click()
        assert email in page.locator("#email").inner_text()
        shot(page, f"accounts-{width}-5-profile")
        page.goto(link_in(letter))
        assert "уже принято" in page.locator("#why").inner_text()
        shot(page, f"accounts-{width}-6-link-used")
    finally:
        context.close()
    assert not violations, violations
