"""A day of each role, looked at as a person looks: forms, the test and home pages at 1366 px and on a 390 px phone.

On the demo data (every role): each page fits the window (nothing scrolls
sideways), its console stays clean (no error, no refused style or script),
and a full-page screenshot per page and width is saved under
``var/screenshots/`` (``everyday-<page>-<width>.png``) for review. Beyond
that: a form says each group's title once and its buttons have words; the
act's preview shows its tables as tables; the test shows one item at a time
with the time left always in sight and «Выйти» asking first; an operator's
home has its chart, readable on a phone.
"""
import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from core import demo
from tests.browser.conftest import CSP_WATCH, TIMEOUT_MS, serving

pytestmark = pytest.mark.browser

SCREENS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTHS = {"phone": (390, 844), "desktop": (1366, 768)}
YEAR = datetime.date.today().year
SCHOOL = "/66/ekaterinburg/66-0001/"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The demo data (every role), served."""
    with serving(tmp_path_factory.mktemp("everyday"), lambda app, site: demo.build(
            site, app.registry.oko, app.registry.oko_hasher)) as server:
        yield server


@pytest.fixture(params=sorted(WIDTHS))
def width(request):
    return request.param


@pytest.fixture
def person(browser, demo_server, width):
    """``person(login)``: a page in a fresh context of ``width``, logged in; console errors are collected."""
    contexts = []

    def open_as(login):
        w, h = WIDTHS[width]
        context = browser.new_context(locale="ru-RU", viewport={"width": w, "height": h})
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(CSP_WATCH)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("console", lambda m: page.errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(f"{page.url}: {e}"))
        page.goto(demo_server.url + "/login")
        page.fill("#login", login)
        page.fill("#password", demo.DEMO_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Войти").click()
        return page

    yield open_as
    for context in contexts:
        context.close()


def looked_at(page, name, width):
    """The page fits its window and its console is clean; its screenshot is saved."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"everyday-{name}-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, f"{name}: scrolls sideways"
    assert page.errors == [], page.errors


def test_a_deform_form_says_each_title_once_and_its_buttons_have_words(person, demo_server, width):
    page = person("head")
    page.goto(f"{demo_server.url}{SCHOOL}500plus-{YEAR}/@@concept?type=development_concept")
    # a table of measures: its title said once (its label), its rows numbered, «Добавить строку» a button with words
    form = page.locator("form.deform")
    assert form.locator("text=Мероприятия").count() <= 2  # the label, and the heading of a row's first field
    for title in page.locator("form.deform label.form-label").all_inner_texts():
        if title.strip():
            assert page.locator("form.deform legend", has_text=title.strip()).count() == 0, title
    buttons = [b.strip() for b in form.locator("button, a.btn").all_inner_texts()]
    assert buttons and all(buttons), buttons
    add = form.locator("a.deform-seq-add").first
    rows = form.locator(".deform-seq-item:visible").count()
    add.click()
    expect(form.locator(".deform-seq-item:visible")).to_have_count(rows + 1)
    remove = form.locator(".deform-seq-item:visible .deform-close-button").last
    expect(remove).to_have_text("×")
    looked_at(page, "concept-form", width)

    page.goto(demo_server.url + "/profile")
    looked_at(page, "profile", width)


def test_the_act_preview_shows_its_tables_as_tables(person, demo_server, width):
    page = person("methodologist")
    page.goto(demo_server.url + "/66/ekaterinburg/@@draft-act?template=order_municipal_roadmap_500")
    assert page.locator("input[name=city]").input_value() == "г. Екатеринбург"  # the municipality's own town
    page.fill("input[name=territory]", "муниципального образования «город Екатеринбург»")
    page.fill("input[name=coordinator_name]", "Муниципальную Елену Ивановну")
    page.fill("input[name=signatory_name]", "И. И. Иванов")
    row = page.locator(".deform-seq-item").first
    row.locator("input[name=period]").fill("Февраль")
    row.locator("textarea[name=measure]").fill("Установочный семинар")
    row.locator("textarea[name=result]").fill("Школы знают порядок работы")
    row.locator("textarea[name=indicator]").fill("Доля ОО, принявших участие")
    row.locator("input[name=responsible]").fill("Муниципальный координатор")
    with page.expect_navigation():
        page.get_by_role("button", name="Предпросмотр").click()
    preview = page.locator("#preview")
    expect(preview).to_be_visible()
    cells = preview.locator("table").last.locator("tr").last.locator("td").all_inner_texts()
    assert cells == ["1", "Февраль", "Установочный семинар", "Школы знают порядок работы",
                     "Доля ОО, принявших участие", "Муниципальный координатор"]
    assert " | " not in preview.inner_text()
    looked_at(page, "act-preview", width)


def test_the_test_shows_one_item_at_a_time_with_the_time_in_sight(person, demo_server, width):
    page = person("head2")
    page.goto(f"{demo_server.url}/66/leader-attestation-{YEAR}/participants/head2/@@test")
    if page.get_by_role("button", name="Начать тестирование").count():
        with page.expect_navigation():
            page.get_by_role("button", name="Начать тестирование").click()
    items = page.locator("#items section.item")
    assert items.count() > 1
    expect(page.locator("#items section.item:visible")).to_have_count(1)
    page.locator("#items section.item:visible").get_by_role("link", name="Следующее →").click()
    expect(page.locator("#items section.item:visible")).to_have_count(1)
    expect(page.locator("#item-nav a.current")).to_have_text("2")
    # the time left stays in sight at the bottom of a long item
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    expect(page.locator("#timer")).to_be_in_viewport()
    # «Выйти» asks first; declined, the sitting stays
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Выйти").click()
    assert "@@test" in page.url
    page.evaluate("window.scrollTo(0, 0)")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 2500, f"the test page is {height} px tall"
    looked_at(page, "test", width)


@pytest.mark.parametrize("login", ["region66", "coordinator", "head", "teacher", "expert", "federal"])
def test_a_home_page_counts_the_tasks_leads_to_the_modules_and_shows_an_operator_its_chart(
        person, demo_server, width, login):
    page = person(login)
    counts = page.locator("#counts a.count")
    expect(counts).to_have_count(3)
    for text in counts.all_inner_texts():
        assert text.split()[0].isdigit(), text
    chart = page.locator("#home-project500 svg")
    if login in ("region66", "coordinator", "federal"):
        expect(chart).to_be_visible()
        # readable on a phone: the chart's text is at least 12 px on the screen
        box = chart.bounding_box()
        assert box["width"] <= WIDTHS[width][0]
        assert 14 * box["width"] / 360 >= 12
    else:
        assert chart.count() == 0
    looked_at(page, f"home-{login}", width)


def primary_actions(page):
    """The words of the page's primary controls: buttons and button-links of ``main`` that are not secondary."""
    return [t.strip() for t in page.eval_on_selector_all(
        "main a.btn:not(.secondary), main button:not(.secondary)", "els => els.map(e => e.textContent)")]


def test_the_heads_primary_button_is_the_next_step_of_the_500_project(person, demo_server, width):
    # The head's 500+ task awaits the concept documents: writing them is what the page puts first;
    # activating the measures, a later step, is not offered before every document is confirmed.
    page = person("head")
    page.goto(demo_server.url + "/tasks")
    with page.expect_navigation():
        page.get_by_role("link", name=f"Проект «500+», {YEAR}").first.click()
    actions = primary_actions(page)
    looked_at(page, "head-500-next-step", width)
    assert actions and set(actions) == {"Написать"}, actions
    assert "Активировать основные направления и меры" not in page.content()
