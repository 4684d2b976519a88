"""A municipal coordinator on a phone uploads the municipality's roadmap, checks the preview, confirms, reads it."""
import os

import pytest

from tests.browser.conftest import CSP_WATCH, TIMEOUT_MS
from tests.browser.test_journey import SCREENSHOT_DIR, shot
from tests.factories import edit, make_user
from tests.roadmap_seeds import seed_docx, seed_filename

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    """A page in a phone-sized context; the municipal coordinator of 66/m1 exists."""
    with edit(live_server.app.registry._zodb_databases[""]) as site:
        make_user(site, "coordinator", live_server.app.registry.oko_hasher, [("municipal_coordinator", "66/m1")],
                  title="Координаторова Ольга Ивановна")
    context = browser.new_context(locale="ru-RU", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_WATCH)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


def screen(page, name):
    """Save what the phone's screen shows (not the whole page) when screenshots were asked for."""
    if SCREENSHOT_DIR:
        page.screenshot(path=os.path.join(SCREENSHOT_DIR, f"oko-{name}-screen.png"))


def fits_the_screen(page):
    """Nothing sticks out sideways: the page is no wider than the phone."""
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_coordinator_imports_the_municipal_roadmap_from_a_phone(phone, live_server, tmp_path):
    page = phone
    page.goto(live_server.url + "/login")
    page.fill("#login", "coordinator")
    page.fill("#password", live_server.password)
    with page.expect_navigation():
        page.get_by_role("button", name="Войти").click()
    page.goto(live_server.url + "/66/m1/")
    with page.expect_navigation():
        page.get_by_role("link", name="Дорожные карты").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Загрузить дорожную карту").click()
    document = tmp_path / seed_filename(4)
    document.write_bytes(seed_docx(4))
    page.set_input_files("#file", str(document))
    with page.expect_navigation():
        page.get_by_role("button", name="Показать, что будет загружено").click()
    assert page.locator("#measure-count").inner_text() == "28"
    assert "Строки, продолженные после разрыва страницы (1)" in page.content()
    shot(page, "roadmap-preview-phone")
    screen(page, "roadmap-preview-phone")
    assert fits_the_screen(page)
    page.fill("#title", "Дорожная карта проекта 500+ (муниципальная)")
    with page.expect_navigation():
        page.get_by_role("button", name="Подтвердить загрузку").click()
    assert "создана: новых мероприятий 28" in page.locator(".msg.success").inner_text()
    assert page.locator("h1").inner_text() == "Дорожная карта проекта 500+ (муниципальная)"
    assert page.locator("li.measure").count() == 28
    shot(page, "roadmap-phone")
    screen(page, "roadmap-phone")
    assert fits_the_screen(page)
    first = page.locator("li.measure").first
    assert "Ноябрь 2021" in first.inner_text() and "Письмо ФИОКО" in first.inner_text()
