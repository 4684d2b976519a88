"""The timeline in real Chromium: on a laptop (1366 px) and on a phone (390 px) the chart scrolls inside its box,
never the page; the late measure is red, a bar opens its measure, no Content-Security-Policy violation."""
import datetime
import os

import pytest

from core import roadmaps
from core.roadmaps import execution
from tests.browser.conftest import CSP_WATCH, TIMEOUT_MS, csp_violation
from tests.browser.test_journey import SCREENSHOT_DIR
from tests.factories import edit, make_user
from tests.roadmap_seeds import Grid, Para, build_docx

pytestmark = pytest.mark.browser
YEAR = datetime.date.today().year
HEADER = ["№", "Мероприятие", "Срок", "Ответственные"]


@pytest.fixture(scope="module")
def roadmap_url(live_server):
    """A regional roadmap of 66 over three years: one measure done, one moved ahead, one late, one undated."""
    with edit(live_server.app.registry._zodb_databases[""]) as site:
        make_user(site, "operator66", live_server.app.registry.oko_hasher, [("regional_operator", "66")],
                  title="Регионова Ольга Викторовна")
        data = build_docx([
            Para("Этап 1. Подготовка к внедрению механизмов управления качеством", bold=True),
            Grid([HEADER, ["1.", "Анкетирование школ и сбор контекстных данных", f"Январь-февраль {YEAR - 1}", "РЦОИ"],
                  ["2.", "Совещание с муниципальными координаторами", f"Март {YEAR - 1}", "Министерство"],
                  ["3.", "Разработка положения о региональной системе", f"до 30 июня {YEAR}", "ИРО"],
                  ["4.", "Публикация методических рекомендаций", "по общероссийскому плану-графику", "ИРО"]]),
            Para("Этап 2. Анализ результатов", bold=True),
            Grid([HEADER, ["5.", "Аналитический отчёт о результатах мониторинга", f"Ноябрь {YEAR}", "РЦОИ"],
                  ["6.", "Региональная конференция по итогам", f"Май {YEAR + 1}", "Министерство"]])])
        roadmap = roadmaps.import_roadmap(site["66"], data, "карта.docx", "operator66")[1].roadmap
        first, second = roadmap.ordered()[:2]
        key = execution.occurrences(first)[0][0]
        execution.add_evidence(first, key, "operator66", execution.Evidence("link", "Отчёт", path="/66"))
        execution.set_status(first, key, "operator66", "done")
        key = execution.occurrences(second)[0][0]
        execution.set_status(second, key, "operator66", "moved", reason="Перенос",
                             moved_to=datetime.date(YEAR + 1, 2, 10))
        return f"{live_server.url}/66/roadmaps/{roadmap.__name__}/@@timeline"


@pytest.fixture(params=[{"width": 1366, "height": 900}, {"width": 390, "height": 844}], ids=["1366", "390"])
def screen(request, browser):
    """A page of the given width (a phone's context for 390 px); fails on any CSP violation."""
    phone = request.param["width"] < 500
    context = browser.new_context(locale="ru-RU", viewport=request.param, is_mobile=phone, has_touch=phone)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_WATCH)
    tab = context.new_page()
    violations = []
    tab.on("console", lambda message: violations.append(message.text) if csp_violation(message) else None)
    tab.width = request.param["width"]
    try:
        yield tab
    finally:
        context.close()
    assert not violations, violations


def test_the_timeline_fits_the_screen_and_scrolls_inside_its_box(screen, live_server, roadmap_url):
    page = screen
    page.goto(live_server.url + "/login")
    page.fill("#login", "operator66")
    page.fill("#password", live_server.password)
    with page.expect_navigation():
        page.get_by_role("button", name="Войти").click()
    page.goto(roadmap_url)
    assert page.locator("h1").inner_text() == "Сроки мероприятий"
    assert page.locator("#timeline a.tl-row").count() == 5
    assert page.locator("#timeline a.tl-done").count() == 1 and page.locator("#timeline a.tl-moved").count() == 1
    assert page.locator("#timeline a.tl-overdue").count() >= 1
    assert "Публикация методических рекомендаций" in page.locator("#undated").inner_text()
    # the page never scrolls sideways; the chart, wider than a phone, scrolls in its box
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width
    box = page.evaluate("(() => { const b = document.querySelector('#timeline');"
                        " return [b.scrollWidth, b.clientWidth, getComputedStyle(b).overflowX]; })()")
    assert box[1] <= page.width and box[2] == "auto"
    if page.width < 500:
        assert box[0] > box[1]
    red = page.evaluate("getComputedStyle(document.querySelector('#timeline a.tl-overdue .tl-bar')).fill")
    assert red == "rgb(168, 50, 31)"
    if SCREENSHOT_DIR:
        page.screenshot(path=os.path.join(SCREENSHOT_DIR, f"oko-roadmap-timeline-{page.width}.png"), full_page=True)
    with page.expect_navigation():
        page.locator("#timeline a.tl-done").click()
    assert page.locator("h1").inner_text() == "Исполнение мероприятия"
    assert "Анкетирование школ" in page.locator("main").inner_text()
