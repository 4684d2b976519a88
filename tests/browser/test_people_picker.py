"""The people picker in Chromium: a coordinator types a few letters, chooses with the keys, grants a role for a term.

Run at 1366 and 390 px; a screenshot of the open list at each width is kept under ``var/screenshots/``.
"""
from pathlib import Path

import pytest

from tests.browser.conftest import serving
from tests.factories import make_tree, make_user

pytestmark = pytest.mark.browser

SCREENS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _people(app, site):
    hasher = app.registry.oko_hasher
    make_tree(site)
    make_user(site, "coordinator", hasher, [("municipal_coordinator", "66/m1")], title="Координаторова Анна Ивановна")
    make_user(site, "semenova", hasher, [("teacher", "66/m1/s1")], title="Семёнова Ёлка Петровна")
    make_user(site, "semenov", hasher, [("teacher", "66/m2/s1")], title="Семенов Пётр Ильич")
    make_user(site, "semenov24", hasher, [("teacher", "24/m1/s1")], title="Семенов Олег Олегович")


@pytest.fixture(scope="module")
def people_server(tmp_path_factory):
    """A small tree with three Семёновы (two in 66, one in 24) and a coordinator of 66/m1."""
    with serving(tmp_path_factory.mktemp("people"), _people) as server:
        yield server


@pytest.mark.parametrize("width, height", [(1366, 768), (390, 844)])
def test_a_coordinator_picks_a_person_with_the_keyboard(page, people_server, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(people_server.url + "/login")
    page.fill("#login", "coordinator")
    page.fill("#password", people_server.password)
    page.click("button[type=submit]")
    page.goto(people_server.url + "/66/m1/s3/@@access")
    field = page.locator("#grant-form input[role=combobox]")
    field.focus()
    page.keyboard.type("сем", delay=40)
    options = page.locator("#grant-form [role=option]")
    options.first.wait_for()
    assert options.count() == 2  # never the one of region 24
    texts = " ".join(options.all_inner_texts())
    assert "Семенов Пётр Ильич" in texts and "Семёнова Ёлка Петровна" in texts and "Олег" not in texts
    assert field.get_attribute("aria-expanded") == "true"
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"people-picker-{width}.png"), full_page=False)
    page.keyboard.press("ArrowDown")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    assert field.input_value() == "semenova"
    assert "Семёнова Ёлка Петровна" in page.locator("#grant-form .picker-chosen").inner_text()
    page.select_option("#role", "teacher")
    page.fill("#end", "2027-08-31")
    page.locator("#grant-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Роль «Педагог» назначена: Семёнова Ёлка Петровна по 31.08.2027." in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
