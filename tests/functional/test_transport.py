"""What every answer carries (security headers), which Host is trusted, how settings are read, and
what an anonymous visitor may learn from the answers."""
import datetime
import gzip
import re
from pathlib import Path

import pytest
import webtest
from pyramid.exceptions import ConfigurationError

from core.resources import path_of
from tests.factories import csrf, edit, login, make_document
from tests.plugins.attestation import open_campaign_66

ROOT = Path(__file__).resolve().parents[2]


def build(app_settings, **changes):
    """Another application on its own empty database: ``app_settings`` changed by ``changes`` (None drops one)."""
    from core import main
    settings = {**app_settings, **changes}
    return main({}, **{k: v for k, v in settings.items() if v is not None})


# -- security headers ---------------------------------------------------------------

def assert_secure(res, cached=False):
    csp = dict(part.strip().split(" ", 1) for part in res.headers["Content-Security-Policy"].split(";"))
    assert csp["script-src"] == "'self'" and csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert res.headers["X-Content-Type-Options"] == "nosniff"
    assert res.headers["X-Frame-Options"] == "DENY"
    assert res.headers["Referrer-Policy"] == "same-origin"
    assert ("no-store" in res.headers.get("Cache-Control", "")) is not cached


def test_every_answer_carries_the_security_headers_and_private_ones_are_not_stored(testapp, tree, host):
    with edit(tree) as site:
        make_document(host, site, "66/m1/s1")
    assert_secure(testapp.get("/login"))
    assert_secure(testapp.get("/66/m1/s1/", status=303))
    assert_secure(testapp.get("/api/v1/session"))
    login(testapp, "head")
    assert_secure(testapp.get("/66/m1/s1/"))
    assert_secure(testapp.get("/66/m1/s1/doc/@@download"))
    assert_secure(testapp.get("/api/v1/tree/66/m1/s1"))
    assert_secure(testapp.get("/66/m1/s1/nothing-here", status=404))
    assert_secure(testapp.post("/66/m1/s1/doc/@@transition", {"transition": "submit"}, status=400))
    assert_secure(testapp.get("/66/m1/s1/", headers={"Host": "evil.example"}, status=400))
    static = testapp.get("/static/oko.css")
    assert_secure(static, cached=True)
    assert "max-age=3600" in static.headers["Cache-Control"]
    assert "no-store" not in testapp.get("/deform_static/scripts/deform.js").headers["Cache-Control"]


TEMPLATES = sorted([*ROOT.glob("core/**/*.pt"), *ROOT.glob("plugins/**/*.pt")])
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=|javascript:", re.I)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_an_inline_script_or_handler_the_policy_would_refuse(template):
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text) and not HANDLER.search(text)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_prints_the_sessions_raw_csrf_token_into_a_compressed_page(template):
    # NB: the raw token in a compressed page is what BREACH reads; ``request.csrf_token`` is masked anew.
    assert "session.get_csrf_token" not in template.read_text(encoding="utf-8")


def test_deform_sequences_render_without_inline_script_or_onclick():
    import colander
    import deform

    from core.web.forms import RENDERER

    class Rows(colander.SequenceSchema):
        row = colander.SchemaNode(colander.String())

    class Schema(colander.Schema):
        rows = Rows(widget=deform.widget.SequenceWidget(min_len=1))

    html = deform.Form(Schema(), renderer=RENDERER).render()
    assert "deform-seq-add" in html and "deform-close-button" in deform.Form(Schema()).render({"rows": ["a", "b"]})
    assert not INLINE_SCRIPT.search(html) and not HANDLER.search(html)


# -- the Host header and the public URL ------------------------------------------------

def test_a_foreign_host_is_refused_and_never_written_into_an_answer(testapp, tree):
    res = testapp.get("/login", headers={"Host": "evil.example"}, status=400)
    assert "evil.example" not in res.text and "http://localhost/" in res.text
    res = testapp.post("/login", {"login": "head", "password": "x"}, headers={"Host": "evil.example"}, status=400)
    assert "evil.example" not in res.text
    # the public host, written with its default port, is the same host
    page = testapp.get("/login", headers={"Host": "LOCALHOST:80"})
    assert 'action="http://localhost/login"' in page.text


def test_urls_are_built_from_the_public_url_behind_a_proxy(app_settings):
    app = build(app_settings, **{"oko.public_url": "https://oko.example.ru"})
    try:
        client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "oko.example.ru", "REMOTE_ADDR": "127.0.0.1"})
        res = client.get("/tasks", status=303)
        assert res.location.startswith("https://oko.example.ru/login?")
        assert res.headers["Strict-Transport-Security"].startswith("max-age=")
        client.get("/login", headers={"Host": "127.0.0.1:6543"}, status=400)
    finally:
        app.registry._zodb_databases[""].close()


@pytest.mark.parametrize("url", [None, "", "localhost", "ftp://localhost", "http://localhost/oko",
                                 "http://user@localhost"])
def test_start_up_stops_without_a_bare_public_url(app_settings, url):
    with pytest.raises(ConfigurationError, match="oko.public_url"):
        build(app_settings, **{"oko.public_url": url})


# -- boolean settings -----------------------------------------------------------------

def test_cookie_secure_true_in_any_spelling_pyramid_accepts_makes_secure_cookies(app_settings):
    app = build(app_settings, **{"oko.cookie_secure": "True", "oko.public_url": "https://localhost"})
    try:
        from tests.factories import make_tree, make_user
        with edit(app.registry._zodb_databases[""]) as site:
            make_tree(site, regions=("66",))
            make_user(site, "head", app.registry.oko_hasher, [("school_head", "66/m1/s1")])
        client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1",
                                                     "wsgi.url_scheme": "https"})
        cookies = login(client, "head").headers.getall("Set-Cookie")
        assert {c.split("=", 1)[0] for c in cookies} == {"oko_session", "oko_device"}
        assert all("; secure" in c.lower() for c in cookies)
    finally:
        app.registry._zodb_databases[""].close()


def test_an_unknown_boolean_word_stops_start_up_with_a_clear_message(app_settings):
    with pytest.raises(ConfigurationError, match=r"oko\.cookie_secure = 'yes please'.*true или false"):
        build(app_settings, **{"oko.cookie_secure": "yes please"})


# -- what an anonymous visitor may learn ------------------------------------------------

@pytest.fixture
def campaign_path(tree, host, hasher):
    """The path of region 66's leader attestation campaign, ``head`` its only attestee."""
    with edit(tree) as site:
        return path_of(open_campaign_66(host, site, hasher, datetime.date.today().year, {"head": "66-1-1"}, {}))


def test_an_anonymous_visitor_cannot_tell_an_attestee_from_a_stranger(testapp, campaign_path):
    attestee = testapp.get(f"{campaign_path}/participants/head", status=303)
    stranger = testapp.get(f"{campaign_path}/participants/head2", status=303)
    assert attestee.location.split("came_from=")[0] == stranger.location.split("came_from=")[0]
    assert attestee.body == stranger.body.replace(b"head2", b"head")
    for existing, missing in (("/66/m1/s1/", "/66/m1/s99/"), ("/66/m1/s1/@@history", "/66/m1/s1/@@nothing")):
        assert testapp.get(existing, status=303).location.startswith("http://localhost/login?came_from=")
        assert testapp.get(missing, status=303).location.startswith("http://localhost/login?came_from=")
    testapp.post("/66/m1/s99/@@transition", {"transition": "submit"}, status=303)
    for path in ("/api/v1/tree/66/m1/s1", "/api/v1/tree/66/m1/s99", f"/api/v1/tree{campaign_path}/participants/x"):
        assert testapp.get(path, status=401).json["error"]["code"] == "unauthenticated"


def test_public_paths_keep_their_answers(testapp, tree):
    testapp.get("/login", status=200)
    testapp.get("/api/v1/session", status=200)
    testapp.get("/api/v1/openapi.json", status=200)
    testapp.get("/static/oko.css", status=200)
    testapp.get("/static/no-such.css", status=404)
    testapp.post("/logout", {"csrf_token": csrf(testapp)}, status=303)


def test_a_logged_in_person_still_gets_404_for_what_is_not_there(testapp, tree):
    login(testapp, "head")
    testapp.get("/66/m1/s99/", status=404)
    assert testapp.get("/api/v1/tree/66/m1/s99", status=404).json["error"]["code"] == "not_found"


# -- compression, the masked CSRF token, validators of static assets ------------------------------

GZIP = {"Accept-Encoding": "gzip, deflate"}


def raw_get(testapp, path, headers=None):
    """The answer as the server sends it (WebTest undoes the compression it reads), with ``testapp``'s cookies."""
    from webob import Request
    request = Request.blank(path, headers=dict(headers or {}), environ={**testapp.extra_environ})
    if testapp.cookies:
        request.headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in testapp.cookies.items())
    return request.get_response(testapp.app)


def test_a_page_is_sent_compressed_to_a_client_that_asks_and_reads_the_same(testapp, tree):
    login(testapp, "region66")
    plain, packed = raw_get(testapp, "/66/"), raw_get(testapp, "/66/", GZIP)
    assert plain.status_code == packed.status_code == 200
    assert plain.content_encoding is None and packed.content_encoding == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    text = gzip.decompress(packed.body).decode("utf-8")
    assert len(packed.body) < len(plain.body) / 2
    # the same page, but for the CSRF token, masked anew in every answer
    token = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')
    assert token.sub("", text) == token.sub("", plain.text) and token.findall(text) != token.findall(plain.text)
    # small answers are not worth it; a client that does not ask gets none
    assert raw_get(testapp, "/api/v1/session", GZIP).content_encoding is None
    assert raw_get(testapp, "/66/", {"Accept-Encoding": "gzip;q=0, identity"}).content_encoding is None


def test_a_page_is_compressed_quickly_and_a_dashboard_smaller():
    """A page below COMPRESS_QUICK_BELOW gets zlib's quick level; a larger one (a federal dashboard) level 6."""
    import zlib

    from core.security.transport import COMPRESS_LEVEL, COMPRESS_QUICK_BELOW, COMPRESS_QUICK_LEVEL, gzip_bytes
    row = "".join(f"<tr><td>Школа № {n}</td><td>{n * 7 % 100} %</td></tr>" for n in range(300)).encode()
    page, dashboard = row[:COMPRESS_QUICK_BELOW - 1], (row * 40)[:COMPRESS_QUICK_BELOW]
    assert gzip_bytes(page) == zlib.compress(page, COMPRESS_QUICK_LEVEL, 31) != zlib.compress(page, COMPRESS_LEVEL, 31)
    assert gzip_bytes(dashboard) == zlib.compress(dashboard, COMPRESS_LEVEL, 31)
    assert gzip.decompress(gzip_bytes(page)) == page and gzip.decompress(gzip_bytes(dashboard)) == dashboard


def test_every_answer_prints_the_csrf_token_masked_anew_and_each_masked_token_or_the_raw_one_is_taken(testapp, tree, host):
    from core.security.csrf import unmask
    with edit(tree) as site:
        make_document(host, site, "66/m1/s1")
    login(testapp, "head")
    pages = [testapp.get("/66/m1/s1/doc/") for _ in range(2)]
    tokens = [re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text).group(1) for page in pages]
    raw = unmask(tokens[0])
    assert tokens[0] != tokens[1] and raw == unmask(tokens[1]) and raw not in pages[0].text + pages[1].text
    testapp.post("/66/m1/s1/doc/@@transition", {"transition": "submit", "csrf_token": "0" * len(tokens[0])},
                 status=400)
    # the raw token (an API client's) is taken, as is a masked one from any earlier answer
    testapp.post("/66/m1/s1/doc/@@transition", {"transition": "submit", "csrf_token": raw}, status=303)
    login(testapp, "curator")
    page = testapp.get("/66/m1/s1/doc/")
    masked = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text).group(1)
    testapp.get("/66/m1/s1/doc/")
    testapp.post("/66/m1/s1/doc/@@transition", {"transition": "confirm", "csrf_token": masked}, status=303)


def test_a_static_asset_has_a_validator_and_a_browser_that_has_it_gets_a_bodiless_304(testapp):
    first = raw_get(testapp, "/static/oko.css")
    etag = first.headers["ETag"]
    again = raw_get(testapp, "/static/oko.css", {"If-None-Match": etag})
    assert again.status_code == 304 and again.body == b"" and again.headers["ETag"] == etag
    packed = raw_get(testapp, "/static/oko.css", GZIP)
    assert packed.content_encoding == "gzip" and packed.headers["ETag"] != etag
    assert gzip.decompress(packed.body) == first.body
    assert raw_get(testapp, "/static/oko.css", {**GZIP, "If-None-Match": packed.headers["ETag"]}).status_code == 304
    # another validator (the file changed since) is answered in full
    assert raw_get(testapp, "/static/oko.css", {"If-None-Match": '"0-0"'}).body == first.body
