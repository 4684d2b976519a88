"""The journey of issue 17 in real Chromium: a municipality's three years of results imported by the region's
operator, the clusters computed, the flags read, the low-results list proposed, edited and accepted into 500+; a
methodologist's recommendation for the weak school drafted, edited, sent and downloaded as Word; the open statistics
without a log-in. Screenshots at a laptop's width (1366) and a phone's (390) go to ``var/screenshots/``."""
import io

import docx
import pytest

from tests.browser.conftest import TIMEOUT_MS, serving
from tests.browser.test_phone import SCREENS, WIDTHS, overflow
from tests.factories import make_tree, make_user
from tests.functional.analysis_support import INFLATED, LOW, YEAR, add_schools, facts_table, results_table

pytestmark = pytest.mark.browser
PEOPLE = {"region66": "Уральцев Игорь Сергеевич", "method": "Методистова Мария Ивановна"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    def fill(app, site):
        make_tree(site, regions=("66",))
        add_schools(site["66"]["m1"])
        hasher = app.registry.oko_hasher
        make_user(site, "region66", hasher, [("regional_operator", "66")], title=PEOPLE["region66"])
        make_user(site, "method", hasher, [("methodologist", "66")], title=PEOPLE["method"])
    with serving(tmp_path_factory.mktemp("analysis"), fill) as found:
        yield found


def opened(browser, server, width, login=None):
    context = browser.new_context(locale="ru-RU", viewport=dict(zip(("width", "height"), WIDTHS[width])),
                                  accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    if login:
        page.goto(server.url + "/login")
        page.fill("#login", login)
        page.fill("#password", server.password)
        with page.expect_navigation():
            page.get_by_role("button", name="Войти").click()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("response", lambda r: page.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return context, page


def shot(page, name, width):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"results-analysis-{name}-{WIDTHS[width][0]}.png"), full_page=True)


def submit(page, selector):
    with page.expect_navigation():
        page.locator(selector).click()


def upload(page, server, path, form, data, tmp_path, name):
    file = tmp_path / name
    file.write_bytes(data)
    page.goto(server.url + path + "@@results")
    page.set_input_files(f"#{form} input[type=file]", str(file))
    submit(page, f"#{form} button[type=submit]")


def test_the_journey_from_results_to_500_and_a_recommendation(browser, server, tmp_path):
    width = "desktop"
    context, page = opened(browser, server, width, "region66")
    try:
        upload(page, server, "/66/m1/", "results-upload", results_table(), tmp_path, "результаты-м1.csv")
        assert page.locator("#problems").count() == 0
        with page.expect_navigation():
            page.get_by_role("button", name="Загрузить результаты").click()
        upload(page, server, "/66/", "passport-import", facts_table(), tmp_path, "оо-1.csv")
        page.goto(server.url + "/66/@@analysis")
        submit(page, "#cluster-form button")
        assert "Кластеры рассчитаны: 3" in page.locator(".msg").first.inner_text()
        assert page.locator("#clusters-list li").count() == 3
        assert page.locator(".flags-list").first.is_visible()
        submit(page, "#propose-form button")
        assert page.locator("#low-list > li").count() == 1 and LOW in page.locator("#low-list").inner_text()
        page.fill("#change-form input[name=code]", INFLATED)
        page.select_option("#change-form select[name=include]", "1")
        page.fill("#change-form input[name=reason]", "Проверка объективности ВПР")
        submit(page, "#change-form button")
        assert f"В списке: {LOW}, {INFLATED}." in page.locator("#list-codes").inner_text()
        shot(page, "region", width)
        submit(page, "#accept-form button")
        assert "включено школ — 2" in page.locator(".msg").first.inner_text()
        shot(page, "accepted", width)
        assert page.errors == [] and overflow(page) <= 0
    finally:
        context.close()
    context, page = opened(browser, server, width, "method")
    try:
        page.goto(server.url + "/66/m1/s4/@@recommendation")
        assert page.locator("#position svg.chart").is_visible()
        submit(page, "#draft-form button")
        assert page.locator("#weak-table tr").count() >= 3
        page.fill("#conclusion", "Согласовано с руководителем школы.")
        submit(page, "#edit-form button[type=submit]")
        shot(page, "recommendation", width)
        submit(page, "#send-form button")
        assert "Отправлены школе" in page.locator("#recommendation-status").inner_text()
        with page.expect_download() as download:
            page.locator("#docx-link").click()
        document = docx.Document(io.BytesIO(open(download.value.path(), "rb").read()))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "АДРЕСНЫЕ РЕКОМЕНДАЦИИ" in text and "Согласовано с руководителем школы." in text
        assert f"оценочных процедур {YEAR} года" in text
        assert page.errors == [] and overflow(page) <= 0
    finally:
        context.close()


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_pages_fit_the_screen_and_the_public_sees_no_people(browser, server, width):
    # NB: after the journey (the same server): the analysis and the recommendation exist.
    context, page = opened(browser, server, width, "method")
    try:
        for path, name in (("/66/@@analysis", "analysis"), ("/66/m1/@@analysis", "municipality"),
                           ("/66/m1/s4/@@recommendation", "school")):
            page.goto(server.url + path)
            shot(page, name, width)
            if name == "school":
                page.locator("#position").screenshot(path=str(SCREENS / f"results-analysis-chart-{WIDTHS[width][0]}.png"))
            assert overflow(page) <= 0, f"{path} scrolls sideways at {width}"
        assert page.errors == []
    finally:
        context.close()
    context, page = opened(browser, server, width)
    try:
        page.goto(server.url + "/open-statistics?region=66")
        assert page.locator("#open-table").is_visible()
        page.select_option("select[name=municipality]", "m1")
        submit(page, "#choose-place button")
        shot(page, "open", width)
        text = page.locator("body").inner_text()
        assert "Муниципалитет 66-1" in text and overflow(page) <= 0
        for person in PEOPLE.values():
            assert person not in text
        assert "66-1-" not in text and "Школа №" not in text and "необъектив" not in text.casefold()
        page.goto(server.url + "/66/@@analysis")
        assert page.url.startswith(server.url + "/login"), "nothing else opens without a log-in"
        assert page.errors == []
    finally:
        context.close()
