"""The key journey of the leader attestation in a real browser: the attestee sits the test
(each answer saved as it is given, a reload loses nothing) and an expert scores the case blind."""
import datetime

import pytest
from playwright.sync_api import expect

from core.attestation import campaign as steps
from core.attestation import campaign_of, registration
from tests.browser.test_journey import log_in, shot
from tests.factories import edit, make_user
from tests.plugins.attestation import PEOPLE, SmallBlueprint, publish_bank

pytestmark = pytest.mark.browser

YEAR = datetime.date.today().year
C = f"/66/leader-attestation-{YEAR}/"
CASE_TEXT = "Проведу анализ результатов ВПР с учителями математики и скорректирую рабочие программы."


@pytest.fixture(scope="module")
def campaign(live_server):
    """Region 66's campaign: the bank and a small blueprint, ``head`` registered to sit today, experts."""
    app = live_server.app
    host = app.registry.oko
    host.register(SmallBlueprint(), name="attestation-test")
    with edit(app.registry._zodb_databases[""]) as site:
        for login, title, grants in PEOPLE:
            make_user(site, login, app.registry.oko_hasher, grants, title=title)
        make_user(site, "region66", app.registry.oko_hasher, [("regional_operator", "66")])
        publish_bank(host, site)
        users = site.services["users"]
        c = steps.open_campaign(host, site["66"], YEAR, "region66", time_limit=60)
        d = steps.schedule(host, c, users["head"], "66-1-1", "head", datetime.date.today(), "region66")
        registration.register(host, d, {"education": "Высшее педагогическое"}, True, "head")
        for login in ("expert_m1", "expert_a", "expert_b"):
            steps.add_expert(c, users[login], "region66")
    yield live_server
    host.unregister("attestation-test")


def test_the_attestee_sits_the_test_and_an_expert_scores_the_case_blind(page, campaign):
    server = campaign
    log_in(page, server, "head")
    page.goto(server.url + C + "participants/head/@@test")
    with page.expect_navigation():
        page.get_by_role("button", name="Начать тестирование").click()
    assert "Осталось времени" in page.locator("#timer").inner_text()
    # The countdown runs (core/static/oko.js: the page has no script of its own).
    expect(page.locator("#left")).not_to_have_text(page.locator("#left").inner_text())
    # Answers are saved as they change, by the page's script, without leaving the page.
    # One item at a time: the others wait behind «Следующее →» and the numbers above.
    expect(page.locator("#item-t-strategy-1")).to_be_visible()
    expect(page.locator("#item-t-strategy-2")).to_be_hidden()
    with page.expect_response(lambda r: r.url.endswith("@@answer") and r.status == 200):
        page.locator("#item-t-strategy-1 input[value=a]").check()
    expect(page.locator("#item-nav a.answered")).to_have_count(1)
    page.locator("#item-t-strategy-1").get_by_role("link", name="Следующее →").click()
    expect(page.locator("#item-t-strategy-1")).to_be_hidden()
    with page.expect_response(lambda r: r.url.endswith("@@answer") and r.status == 200):
        page.locator("#item-t-strategy-2 input[value=a]").check()
    page.locator("#item-nav a", has_text="3").click()
    with page.expect_response(lambda r: r.url.endswith("@@answer") and r.status == 200):
        page.locator("#item-t-case-1 textarea").fill(CASE_TEXT)
        page.locator("#item-t-case-1 textarea").blur()
    assert page.locator("#answered").inner_text() == "3"
    # The time left stays in sight however long the item.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate("document.getElementById('timer').getBoundingClientRect().top") >= 0
    expect(page.locator("#timer")).to_be_in_viewport()
    # «Выйти» asks first: refused, the sitting stays on the page.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Выйти").click()
    assert page.url.split("#")[0].endswith("@@test")
    page.reload()
    page.locator("#item-nav a", has_text="1").click()
    assert page.locator("#item-t-strategy-1 input[value=a]").is_checked()
    page.locator("#item-nav a", has_text="3").click()
    assert page.locator("#item-t-case-1 textarea").input_value() == CASE_TEXT
    shot(page, "attestation-1-test")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Завершить тестирование").click()
    assert "Тест сдан" in page.locator(".msg.success").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Выйти").click()

    with edit(server.app.registry._zodb_databases[""]) as site:
        c = campaign_of(site["66"], YEAR)
        (code,) = c.participants["head"].case_codes
        expert = c.answers[code].experts[0]
    log_in(page, server, expert)
    page.get_by_role("link", name="Мои задачи").click()
    page.get_by_role("link", name=f"Кейс {code}").click()
    assert CASE_TEXT in page.locator("#answer-text").inner_text()
    body = page.locator("main").inner_text()
    for secret in ("Директорова", "Школа № 1", "66-1-1", "Муниципалитет 66-1"):
        assert secret not in body, secret
    page.fill("input[name=points-analysis]", "5")
    page.fill("input[name=points-decision]", "3")
    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить оценку").click()
    assert f"Оценка ответа {code} сохранена" in page.locator(".msg.success").inner_text()
    assert "Ваша оценка: 8 из 10" in page.locator("#my-score").inner_text()
    shot(page, "attestation-2-scored")
