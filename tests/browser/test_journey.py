"""A person's journey through the real site in a real browser.

A curator logs in through the form, goes from "Мои организации" to a school,
opens a document and its history; a school head who opens another school gets
the Russian 403 page.
"""
import os
import re

import pytest

pytestmark = pytest.mark.browser

# Set OKO_SCREENSHOTS to a directory to keep a full-page screenshot of each step there.
SCREENSHOT_DIR = os.environ.get("OKO_SCREENSHOTS")


def shot(page, name):
    """Save a screenshot of ``page`` when screenshots were asked for."""
    if SCREENSHOT_DIR:
        page.screenshot(path=os.path.join(SCREENSHOT_DIR, f"oko-{name}.png"), full_page=True)


def log_in(page, server, login):
    """Log in through the log-in form, as a person would; lands on the home page."""
    page.goto(server.url + "/login")
    shot(page, "login")
    page.fill("#login", login)
    page.fill("#password", server.password)
    with page.expect_navigation():
        page.get_by_role("button", name="Войти").click()
    assert page.url == server.url + "/", f"после входа открылась {page.url}"
    assert page.locator("h1").inner_text().startswith("Здравствуйте")


def assert_styled(page, server):
    """The stylesheet loaded and applies to the page."""
    assert (200, server.url + "/static/oko.css") in page.responses or \
        (304, server.url + "/static/oko.css") in page.responses, page.responses
    # The header bar has the accent colour of oko.css: the style applies.
    colour = page.eval_on_selector("header.top", "e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(31, 95, 168)", colour


def test_curator_goes_from_home_to_a_document_history(page, live_server):
    log_in(page, live_server, "curator")
    assert "Кураторов Павел Андреевич" in page.locator("header.top").inner_text()

    places = page.locator("h2", has_text="Мои организации").locator("xpath=following-sibling::table[1]")
    assert places.get_by_role("link").all_inner_texts() == ["Школа № 1 (66-1)", "Школа № 2 (66-1)"]
    assert "Куратор ОО" in places.inner_text()
    assert_styled(page, live_server)
    shot(page, "curator-1-home")

    places.get_by_role("link", name="Школа № 1 (66-1)").click()
    page.wait_for_url(live_server.url + "/66/m1/s1/")
    assert page.locator("h1").inner_text().startswith("Школа № 1 (66-1)")
    crumbs = page.locator(".crumbs").inner_text()
    assert "Российская Федерация" in crumbs and "Муниципалитет 66-1" in crumbs
    # A curator oversees; only the school's people upload.
    assert page.get_by_role("link", name="Загрузить документ").count() == 0
    shot(page, "curator-2-school")

    page.locator("table.listing").get_by_role("link", name="Программа развития").click()
    page.wait_for_url(live_server.url + "/66/m1/s1/doc/")
    assert page.locator("h1").inner_text().startswith("Программа развития")
    assert page.locator("h1 .state").inner_text() == "Черновик"
    assert "programme.pdf" in page.locator("dl.props").inner_text()
    shot(page, "curator-3-document")

    page.get_by_role("link", name="История").click()
    page.wait_for_url(live_server.url + "/66/m1/s1/doc/@@history")
    assert page.locator("h1").inner_text() == "История: Программа развития"
    rows = page.locator("table.listing tr")
    assert rows.count() == 2, rows.all_inner_texts()
    cells = rows.nth(1).locator("td").all_inner_texts()
    when, actor, action, from_state, to_state, comment = cells
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d", when), when
    assert (actor, action, from_state, to_state, comment) == (
        "Директорова Мария Николаевна", "Создание", "—", "Черновик", "")
    shot(page, "curator-4-history")

    failed = [r for r in page.responses if r[0] >= 400]
    assert not failed, failed


def test_school_head_is_refused_another_school(page, live_server):
    log_in(page, live_server, "head")
    response = page.goto(live_server.url + "/66/m1/s1/")
    assert response.status == 200
    assert page.get_by_role("link", name="Загрузить документ").count() == 1

    response = page.goto(live_server.url + "/66/m1/s3/")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "Доступ запрещён"
    assert "У вас нет доступа" in page.locator("main").inner_text()
    assert page.title() == "Доступ запрещён — ОКО Кейс"
    shot(page, "head-403")
    page.get_by_role("link", name="На главную").click()
    page.wait_for_url(live_server.url + "/")
    assert "Мои организации" in page.locator("main").inner_text()
