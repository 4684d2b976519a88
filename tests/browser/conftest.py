"""The real application behind waitress, and Debian's Chromium driven by Playwright.

``live_server`` (module): the app on a FileStorage in a temporary directory,
filled with a small tree, users and a document, served on 127.0.0.1 on a free
port in a background thread. ``browser`` (module): headless Chromium, or a
skip saying why there is none. ``page`` (per test): a fresh browser context
(no cookies) and a page in it, with the responses it received.
"""
import contextlib
import os
import types

import pytest

from tests.factories import PASSWORD, edit, make_document, make_tree, make_user

CHROMIUM = os.environ.get("OKO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SECRET = "browser-test-secret-0123456789abcdef0123"
TIMEOUT_MS = 15_000


@contextlib.contextmanager
def serving(tmp, fill):
    """The application on a FileStorage in ``tmp``, filled by ``fill(app, site)``, served on 127.0.0.1:
    ``url`` (no trailing slash), ``app``, ``password``."""
    from webtest.http import StopableWSGIServer

    from core import main

    # NB: the application needs the server's address for its public URL, and
    # the server is bound first: it serves the application through a stand-in.
    served = []
    server = StopableWSGIServer.create(lambda environ, start: served[0](environ, start), host="127.0.0.1",
                                       threads=4, expose_tracebacks=False)
    app = None
    try:
        app = main({}, **{
            "zodbconn.uri": f"file://{tmp}/Data.fs?blobstorage_dir={tmp}/blobs",
            "oko.secret": SECRET,
            "oko.public_url": server.application_url.rstrip("/"),
            "oko.argon2": "fast",
            "oko.session_max_age": "3600",
            "pyramid.reload_templates": "false",
        })
        served.append(app)
        with edit(app.registry._zodb_databases[""]) as site:
            fill(app, site)
        assert server.wait(), "waitress did not start"
        yield types.SimpleNamespace(url=server.application_url.rstrip("/"), app=app, password=PASSWORD)
    finally:
        server.shutdown()
        if app is not None:
            app.registry._zodb_databases[""].close()


def _small_site(app, site):
    hasher = app.registry.oko_hasher
    make_tree(site)
    make_user(site, "curator", hasher, [("curator", "66/m1/s1"), ("curator", "66/m1/s2")],
              title="Кураторов Павел Андреевич")
    make_user(site, "head", hasher, [("school_head", "66/m1/s1")], title="Директорова Мария Николаевна")
    make_document(app.registry.oko, site, "66/m1/s1", name="doc", title="Программа развития", actor="head")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The served application with a small tree, two users and a document: ``url``, ``app``, ``password``."""
    with serving(tmp_path_factory.mktemp("live"), _small_site) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's), or a skip that says what is missing."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"нет {CHROMIUM}: установите Debian-пакет chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.skip(f"Playwright не импортируется ({exc}): pip install -e '.[test]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# Reports every Content-Security-Policy violation of a page to its console,
# where Chromium also writes its own "Refused to ..." messages.
CSP_WATCH = """document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " " + (e.blockedURI || "inline") + " at " +
                e.sourceFile + ":" + e.lineNumber);
});"""


def csp_violation(message):
    """Whether a console message tells of a Content-Security-Policy violation."""
    return "CSP violation" in message.text or "Content Security Policy" in message.text


@pytest.fixture
def page(browser):
    """A page in a fresh context; ``page.responses`` lists ``(status, url)`` of what it loaded.

    A test fails if any page it visited broke the Content-Security-Policy.
    """
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_WATCH)
    tab = context.new_page()
    responses, violations = [], []
    tab.on("response", lambda response: responses.append((response.status, response.url)))
    tab.on("console", lambda message: violations.append(f"{tab.url}: {message.text}")
           if csp_violation(message) else None)
    tab.responses = responses
    try:
        yield tab
    finally:
        context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
