"""The school results base in real Chromium: a results table uploaded, previewed and imported by the region's
operator; a passport and a region's results with their charts, at a phone's width and a laptop's, with nothing to
scroll sideways and no script needed."""
import datetime

import pytest

from core import demo
from tests.browser.conftest import TIMEOUT_MS, serving
from tests.browser.test_phone import WIDTHS, log_in, overflow
from tests.functional.results_support import table

pytestmark = pytest.mark.browser
YEAR = datetime.date.today().year


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The demo data (with five years of region 66's results), served; the first demo school's path."""
    found = {}

    def fill(app, site):
        demo.build(site, app.registry.oko, app.registry.oko_hasher)
        ekb = site["66"]["ekaterinburg"]
        first = ekb[sorted(ekb.keys())[0]]
        found["school"], found["code"] = f"/66/ekaterinburg/{first.__name__}/", first.code
    with serving(tmp_path_factory.mktemp("results"), fill) as server:
        server.school, server.code = found["school"], found["code"]
        yield server


def opened(browser, server, login, width):
    context = browser.new_context(locale="ru-RU", viewport=dict(zip(("width", "height"), WIDTHS[width])))
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    log_in(page, server, login)
    # NB: after the log-in: what a page of the results base fails to load or run.
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("response", lambda r: page.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return context, page


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_passport_and_the_regions_results_fit_the_screen_with_their_charts(browser, demo_server, width):
    for login, path, chart in (("head", demo_server.school + "@@passport", "#indicator-vpr_base svg.chart"),
                               ("region66", "/66/@@results", "#indicator-vpr_base svg.chart"),
                               ("coordinator", "/66/ekaterinburg/@@results?indicator=ege_mean", "#below-table")):
        context, page = opened(browser, demo_server, login, width)
        try:
            page.goto(demo_server.url + path)
            assert page.locator(chart).is_visible()
            assert overflow(page) <= 0, f"{path} scrolls sideways at {width}"
            assert page.errors == []
        finally:
            context.close()


def test_the_operator_uploads_a_table_checks_its_preview_and_imports_it(browser, demo_server, tmp_path):
    export = tmp_path / "впр-математика-7.csv"
    export.write_bytes(table([[demo_server.code, "7", 55, "3", "41", "36", "20"]],
                             header=["Код ОО", "Класс", "Участники", "«2»", "«3»", "«4»", "«5»"]))
    context, page = opened(browser, demo_server, "region66", "phone")
    try:
        page.goto(demo_server.url + "/66/@@results")
        page.set_input_files("#results-upload input[type=file]", str(export))
        with page.expect_navigation():
            page.locator("#results-upload button[type=submit]").click()
        assert "нет столбца «Процедура»" in page.locator("#problems").inner_text()
        page.select_option("select[name=fixed-procedure]", "vpr")
        page.select_option("select[name=fixed-subject]", "math")
        page.fill("input[name=fixed-year]", str(YEAR))
        with page.expect_navigation():
            page.get_by_role("button", name="Проверить снова").click()
        assert page.locator("#problems").count() == 0
        summary = page.locator("#summary").inner_text()
        assert "Всего результатов в файле: 1; школ: 1." in summary
        assert overflow(page) <= 0
        with page.expect_navigation():
            page.get_by_role("button", name="Загрузить результаты").click()
        assert "Результатов загружено:" in page.locator("main").inner_text()
        page.goto(demo_server.url + demo_server.school + "@@passport")
        assert page.errors == []
    finally:
        context.close()
