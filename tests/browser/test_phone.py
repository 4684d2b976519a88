"""Every demo person's pages fit a phone: nothing to scroll sideways at 390 px, nor at 1366 px.

Each demo user logs in and opens the home page, «Мои задачи» and the first
pages the home page links to, as a person would on a phone and on a laptop.
A full-page screenshot of each is kept under ``var/screenshots/`` for review.
"""
from pathlib import Path
from urllib.parse import urlparse

import pytest

from core import demo
from tests.browser.conftest import TIMEOUT_MS, serving

pytestmark = pytest.mark.browser

SCREENS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTHS = {"phone": (390, 844), "desktop": (1366, 768)}
# The people whose day is tried, and how many pages their home page leads to.
PEOPLE = ("region66", "coordinator", "curator", "head", "officer", "teacher", "expert", "chair", "methodologist")
LINKS_PER_PERSON = 4


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The demo data (every role), served."""
    with serving(tmp_path_factory.mktemp("demo"), lambda app, site: demo.build(
            site, app.registry.oko, app.registry.oko_hasher)) as server:
        yield server


def overflow(page):
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def log_in(page, server, login):
    page.goto(server.url + "/login")
    page.fill("#login", login)
    page.fill("#password", demo.DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Войти").click()


def pages_of(page, server):
    """The home page, «Мои задачи», and the first pages the home page links to (same site, not the log-out)."""
    page.goto(server.url + "/")
    links = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.href)")
    ours = [u for u in dict.fromkeys(links) if urlparse(u).netloc == urlparse(server.url).netloc
            and "@@download" not in u and not u.endswith((".xlsx", ".docx", ".ics", ".pdf"))]
    return [server.url + "/", server.url + "/tasks"] + ours[:LINKS_PER_PERSON]


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_no_page_of_a_demo_person_scrolls_sideways(browser, demo_server, width):
    SCREENS.mkdir(parents=True, exist_ok=True)
    w, h = WIDTHS[width]
    wide = []
    for login in PEOPLE:
        context = browser.new_context(locale="ru-RU", viewport={"width": w, "height": h})
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        try:
            log_in(page, demo_server, login)
            for n, url in enumerate(pages_of(page, demo_server)):
                page.goto(url)
                page.screenshot(path=SCREENS / f"{width}-{login}-{n}.png", full_page=True)
                if (extra := overflow(page)) > 0:
                    wide.append(f"{login}: {url} на {extra} px шире окна {w} px")
        finally:
            context.close()
    assert not wide, "\n".join(wide)
