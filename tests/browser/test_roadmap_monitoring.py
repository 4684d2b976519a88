"""A regional roadmap from import to its справка in real Chromium: the regional operator uploads and hands it
down, two municipal coordinators report with evidence (done without it refused), the operator reads the execution
by municipality (chart, drill-down to the late measures), holds a stage of monitoring and downloads its справка,
and the federal operator sees the regions side by side; on a desk (1366 px) and on a phone (390 px)."""
import datetime
import io

import docx
import pytest

from core import roadmaps
from core.roadmaps import execution
from tests.browser.conftest import serving
from tests.browser.test_journey import shot
from tests.factories import edit, make_tree, make_user, valid_pdf
from tests.roadmap_seeds import Grid, Para, build_docx

pytestmark = pytest.mark.browser
YEAR = datetime.date.today().year
PAST, NEXT = YEAR - 1, YEAR + 1
DESK, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
ROWS = [[str(PAST), "Анализ результатов региона", "Совещание руководителей по итогам ГИА", "-"],
        [str(NEXT), "Семинар для координаторов", "Анализ результатов ВПР муниципалитета", "-"]]


def _fill(app, site):
    hasher = app.registry.oko_hasher
    make_tree(site)
    make_user(site, "region66", hasher, [("regional_operator", "66")], title="Операторова Анна Сергеевна")
    make_user(site, "coordinator", hasher, [("municipal_coordinator", "66/m1")], title="Координаторова Ольга")
    make_user(site, "coordinator2", hasher, [("municipal_coordinator", "66/m2")], title="Второва Ирина")
    make_user(site, "federal", hasher, [("federal_operator", "")], title="Федералов Игорь")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("monitoring"), _fill) as served:
        yield served


@pytest.fixture
def tab(browser):
    context = browser.new_context(locale="ru-RU", viewport=DESK, accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def log_in(page, server, login):
    page.context.clear_cookies()
    page.goto(server.url + "/login")
    page.fill("#login", login)
    page.fill("#password", server.password)
    with page.expect_navigation():
        page.get_by_role("button", name="Войти").click()


def both_sizes(page, name):
    """Screenshots at 1366 and at 390 px; on the phone nothing sticks out sideways."""
    page.set_viewport_size(DESK)
    shot(page, f"{name}-1366")
    page.set_viewport_size(PHONE)
    shot(page, f"{name}-390")
    wide = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(DESK)
    assert wide <= PHONE["width"], f"{name}: {wide} px wide on a 390 px phone"


def measure_url(server, path, text):
    with edit(server.app.registry._zodb_databases[""]) as site:
        node = site
        for name in path.strip("/").split("/"):
            node = node[name]
        [roadmap] = roadmaps.roadmaps_of(node)
        measure = next(m for m in roadmap.measures.values() if m.text == text)
        key = execution.occurrences(measure)[0][0]
        return f"{server.url}{path}/roadmaps/{roadmap.__name__}/@@measure?id={measure.id}", key


def report(page, key, status, reason=None):
    item = page.locator(f"li#o{key}")
    item.locator("select[name=status]").select_option(status)
    if reason:
        item.locator("input[name=reason]").fill(reason)
    with page.expect_navigation():
        item.get_by_role("button", name="Сохранить").click()


def test_a_regional_roadmap_from_import_to_its_spravka_in_chromium(tab, server, tmp_path):
    page = tab
    # -- the regional operator uploads the plan, confirms it and hands it down
    log_in(page, server, "region66")
    page.goto(server.url + "/66/@@import-roadmap")
    plan = tmp_path / "рсоко.docx"
    plan.write_bytes(build_docx([Para("Дорожная карта РСОКО"), Grid([["ГОД", "Региональный уровень",
                                                                      "Муниципальный уровень", "Уровень ОО"]] + ROWS)]))
    page.set_input_files("#file", str(plan))
    with page.expect_navigation():
        page.get_by_role("button", name="Показать, что будет загружено").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Подтвердить загрузку").click()
    roadmap_url = page.url.split("?")[0]
    with page.expect_navigation():
        page.locator("#derive-form button").click()

    # -- municipality 1 reports both its measures with evidence; done without it is refused
    log_in(page, server, "coordinator")
    url, key = measure_url(server, "/66/m1", "Анализ результатов ВПР муниципалитета")
    page.goto(url)
    report(page, key, "done")
    assert "Без подтверждения мероприятие не отмечается выполненным" in page.content()
    page.goto(url)
    evidence = tmp_path / "протокол.pdf"
    evidence.write_bytes(valid_pdf())
    page.locator(f"li#o{key} input[type=file]").set_input_files(str(evidence))
    with page.expect_navigation():
        page.locator(f"li#o{key}").get_by_role("button", name="Приложить").click()
    report(page, key, "done")
    assert page.locator(f"li#o{key} .status-done").inner_text() == "Выполнено"
    url, key = measure_url(server, "/66/m1", "Совещание руководителей по итогам ГИА")
    page.goto(url)
    item = page.locator(f"li#o{key}")
    item.locator("input[name=path]").fill("/66/acts/order-1")
    item.locator("input[name=title]").fill("Приказ")
    with page.expect_navigation():
        item.get_by_role("button", name="Приложить").click()
    report(page, key, "done")

    # -- municipality 2 has not done its past measure, and says why
    log_in(page, server, "coordinator2")
    url, key = measure_url(server, "/66/m2", "Совещание руководителей по итогам ГИА")
    page.goto(url)
    report(page, key, "not_done", "Нет финансирования")

    # -- the region reads its execution, drills down, holds a stage and downloads the справка
    log_in(page, server, "region66")
    page.goto(roadmap_url)
    with page.expect_navigation():
        page.locator("#execution-link").click()
    assert page.locator("svg.roadmap-chart").count() == 1
    m1 = page.locator('#by-child tr[data-code="m1"] td')
    assert m1.nth(3).inner_text() == "1" and m1.nth(8).inner_text() == "50,0\u00a0%"
    both_sizes(page, "roadmap-execution")
    with page.expect_navigation():
        page.locator('#by-child tr[data-code="m2"] a.late-link').click()
    assert "Нет финансирования" in page.locator("#late").inner_text()
    both_sizes(page, "roadmap-late")
    page.goto(roadmap_url + "/@@monitoring?year=" + str(PAST))
    with page.expect_navigation():
        page.locator('li[data-code="h2"] .take-stage button').click()
    assert "Сначала проводятся предыдущие этапы" in page.content()
    page.goto(roadmap_url + "/@@monitoring?year=" + str(PAST))
    with page.expect_navigation():
        page.locator('li[data-code="h1"] .take-stage button').click()
    assert "Этап мониторинга проведён" in page.content()
    both_sizes(page, "roadmap-monitoring")
    with page.expect_download() as download:
        page.locator('li[data-code="h1"] a.stage-report').click()
    document = docx.Document(io.BytesIO(open(download.value.path(), "rb").read()))
    cells = [[c.text.replace("\xa0", " ") for c in row.cells] for table in document.tables for row in table.rows]
    assert ["Муниципалитет 66-1", "2", "1", "1", "0", "0", "50,0 %"] in cells
    assert any(row[0] == "Муниципалитет 66-2" and row[3] == "Нет финансирования" for row in cells)

    # -- the federal operator sees the regions side by side
    log_in(page, server, "federal")
    page.goto(server.url + "/@@roadmap-execution")
    region = page.locator('#regions tr[data-code="66"] td')
    assert region.nth(3).inner_text() == "1" and region.nth(7).inner_text() == "25,0\u00a0%"
    both_sizes(page, "roadmap-federal")
