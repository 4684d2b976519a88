"""Logging in through an OpenID Connect provider: a small provider started by the test on 127.0.0.1 (discovery, keys,
an authorization endpoint that logs its one person in at once, a token endpoint checking the code and its PKCE
verifier, ID tokens signed RS256 with joserfc, authlib's JOSE library). The application goes there and back over
real HTTP, verifies the token with the published key, and the token's verified address names the account. Not
covered: a real provider's log-in screen and consent, refresh tokens, logout at the provider."""
import base64
import hashlib
import json
import threading
import time
import urllib.parse
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
import webtest
from joserfc import jwt
from joserfc.jwk import RSAKey

from core.security.oidc import Provider, provider_from
from core.security.users import set_email, users_of
from tests.factories import edit

CLIENT, SECRET = "oko-case", "client-secret"


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class StubProvider:
    """The provider: who it logs in next (``email``, ``verified``), and with which key it signs."""

    def __init__(self):
        self.key = RSAKey.generate_key(2048, private=True)
        self.email, self.verified, self.codes = "head@s1.example", True, {}
        self.sign_with = self.key
        self.server = make_server("127.0.0.1", 0, self, handler_class=Quiet)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def __call__(self, environ, start_response):
        path, query = environ["PATH_INFO"], urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
        if path == "/.well-known/openid-configuration":
            return self._json(start_response, {"issuer": self.issuer, "authorization_endpoint": self.issuer + "/auth",
                                               "token_endpoint": self.issuer + "/token",
                                               "jwks_uri": self.issuer + "/jwks"})
        if path == "/jwks":
            return self._json(start_response, {"keys": [self.key.as_dict(private=False)]})
        if path == "/auth":
            code = f"code-{len(self.codes)}"
            self.codes[code] = {k: v[0] for k, v in query.items()}
            back = query["redirect_uri"][0] + "?" + urllib.parse.urlencode({"code": code, "state": query["state"][0]})
            start_response("302 Found", [("Location", back)])
            return [b""]
        if path == "/token":
            form = urllib.parse.parse_qs(environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"])).decode())
            asked = self.codes.pop(form["code"][0], None)
            challenge = base64.urlsafe_b64encode(hashlib.sha256(form["code_verifier"][0].encode()).digest()) \
                .rstrip(b"=").decode()
            if asked is None or challenge != asked["code_challenge"] or form["client_secret"][0] != SECRET:
                return self._json(start_response, {"error": "invalid_grant"}, "400 Bad Request")
            now = int(time.time())
            claims = {"iss": self.issuer, "sub": "42", "aud": CLIENT, "iat": now, "exp": now + 300,
                      "nonce": asked["nonce"], "email": self.email, "email_verified": self.verified}
            token = jwt.encode({"alg": "RS256", "kid": self.sign_with.thumbprint()}, claims, self.sign_with)
            return self._json(start_response, {"access_token": "a", "token_type": "Bearer", "id_token": token})
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    def _json(self, start_response, data, status="200 OK"):
        start_response(status, [("Content-Type", "application/json")])
        return [json.dumps(data).encode()]


@pytest.fixture(scope="module")
def provider():
    stub = StubProvider()
    yield stub
    stub.server.shutdown()


@pytest.fixture
def oidc(app, provider, monkeypatch, tree):
    provider.email, provider.verified, provider.sign_with = "head@s1.example", True, provider.key
    monkeypatch.setattr(app.registry, "oko_oidc", Provider(provider.issuer, CLIENT, SECRET, "Госуслуги региона"),
                        raising=False)
    with edit(tree) as site:
        set_email(site, users_of(site)["head"], "head@s1.example")
    return provider


def through_provider(app, n=1):
    """A browser that clicks «Войти через …», visits the provider for real, and comes back: the answer."""
    person = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": f"127.0.3.{n}"})
    page = person.get("/login")
    assert "Войти через Госуслуги региона" in page.text
    to_provider = page.click(linkid="oidc", verbose=False)
    assert to_provider.status_int == 303

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None
    try:
        urllib.request.build_opener(NoRedirect).open(to_provider.location)
    except urllib.error.HTTPError as back:
        location = back.headers["Location"]
    return person, person.get(location.replace("http://localhost", ""), expect_errors=True)


def test_the_provider_s_verified_address_logs_the_account_in(app, oidc):
    person, res = through_provider(app)
    assert res.status_int == 303
    assert person.get("/api/v1/session").json["user"]["login"] == "head"


def test_a_token_signed_by_another_key_an_unverified_or_unknown_address_is_refused(app, oidc):
    oidc.sign_with = RSAKey.generate_key(2048, private=True)
    _, res = through_provider(app, 2)
    assert res.status_int == 400 and "Вход через внешнюю службу не удался" in res.text
    oidc.sign_with, oidc.verified = oidc.key, False
    _, res = through_provider(app, 3)
    assert res.status_int == 400 and "подтверждённый адрес" in res.text
    oidc.verified, oidc.email = True, "stranger@kras.example"
    person, res = through_provider(app, 4)
    assert res.status_int == 400 and "нет учётной записи" in res.text
    assert not person.get("/api/v1/session").json.get("user")


def test_a_forged_state_or_a_suspended_account_gets_nowhere(app, oidc, tree):
    person = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.3.9"})
    res = person.get("/login/oidc/callback?code=code-0&state=forged", status=400)
    assert "начните вход заново" in res.text
    with edit(tree) as site:
        users_of(site)["head"].suspended = True
    _, res = through_provider(app, 5)
    assert res.status_int == 400 and "приостановлена" in res.text


def test_without_a_provider_the_log_in_page_offers_none(testapp):
    assert 'id="oidc"' not in testapp.get("/login").text
    testapp.get("/login/oidc", status=404)
    assert provider_from({}) is None
