"""Logging in through an OpenID Connect provider, optional (``authlib``); local passwords stay the default.

The code flow and PKCE are authlib's (``authlib.oauth2``), the ID token's
signature and claims are checked with ``joserfc`` (authlib's JOSE library,
installed with it). A deployment names its provider in the ini (``oko.oidc.issuer``,
``oko.oidc.client_id``, ``oko.oidc.client_secret``, ``oko.oidc.title`` for
the log-in page's button). The log-in page then offers «Войти через …»: the
authorization code flow with PKCE (S256), a state and a nonce kept in the
session; the provider's ID token is verified with its published keys
(issuer, audience, nonce, expiry), and its verified e-mail address names the
OKO Case account. Nobody gets an account from the provider: accounts come by
invitation, and a suspended one stays out.
"""
import json
import logging
import urllib.parse
import urllib.request

from core.refused import Refused

log = logging.getLogger(__name__)


class OidcRefused(Refused):
    """The provider's answer could not be trusted (Russian message for the log-in page)."""

    ERROR = "login_refused"


class Provider:
    """An OpenID Connect provider people log in through."""

    def __init__(self, issuer, client_id, client_secret, title="единый вход", timeout=5):
        self.issuer, self.client_id, self.client_secret = issuer.rstrip("/"), client_id, client_secret
        self.title, self.timeout = title, timeout
        self._metadata = None

    def _get(self, url):
        with urllib.request.urlopen(url, timeout=self.timeout) as response:
            return json.loads(response.read().decode("utf-8"))

    def metadata(self):
        """The provider's discovery document (read once)."""
        if self._metadata is None:
            self._metadata = self._get(self.issuer + "/.well-known/openid-configuration")
        return self._metadata

    def authorization_url(self, redirect_uri, state, nonce, verifier):
        """Where the browser goes to log in at the provider."""
        from authlib.oauth2.rfc7636 import create_s256_code_challenge
        query = urllib.parse.urlencode({
            "response_type": "code", "client_id": self.client_id, "redirect_uri": redirect_uri,
            "scope": "openid email profile", "state": state, "nonce": nonce,
            "code_challenge": create_s256_code_challenge(verifier), "code_challenge_method": "S256"})
        endpoint = self.metadata()["authorization_endpoint"]
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

    def email_of(self, code, redirect_uri, nonce, verifier):
        """The verified e-mail address of the person the provider logged in (the code exchanged, the ID token
        checked); OidcRefused when the answer cannot be trusted."""
        # NB: authlib's own successor of authlib.jose (deprecated there), installed with it.
        from joserfc import jwt
        from joserfc.errors import JoseError
        from joserfc.jwk import KeySet
        body = urllib.parse.urlencode({
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "client_id": self.client_id, "client_secret": self.client_secret, "code_verifier": verifier}).encode()
        try:
            meta = self.metadata()
            request = urllib.request.Request(meta["token_endpoint"], data=body, method="POST",
                                             headers={"Content-Type": "application/x-www-form-urlencoded",
                                                      "Accept": "application/json"})
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                tokens = json.loads(response.read().decode("utf-8"))
            keys = KeySet.import_key_set(self._get(meta["jwks_uri"]))
            claims = jwt.decode(tokens["id_token"], keys, algorithms=["RS256", "ES256", "PS256"]).claims
            jwt.JWTClaimsRegistry(leeway=60, iss={"essential": True, "value": self.issuer},
                                  aud={"essential": True, "value": self.client_id},
                                  nonce={"essential": True, "value": nonce}, exp={"essential": True}).validate(claims)
        except (OSError, ValueError, KeyError, JoseError) as exc:
            log.warning("OIDC provider %s: %s", self.issuer, exc)
            raise OidcRefused("Вход через внешнюю службу не удался: попробуйте ещё раз или войдите по паролю.") \
                from None
        email = str(claims.get("email") or "").strip().lower()
        if not email or claims.get("email_verified") is False:
            raise OidcRefused("Служба входа не сообщила подтверждённый адрес эл. почты: войдите по паролю.")
        return email


def provider_from(settings):
    """The ``Provider`` the ini names (``oko.oidc.*``), or None: local passwords only."""
    issuer = (settings.get("oko.oidc.issuer") or "").strip()
    if not issuer:
        return None
    return Provider(issuer, settings.get("oko.oidc.client_id", "").strip(), settings.get("oko.oidc.client_secret", ""),
                    settings.get("oko.oidc.title", "").strip() or "единый вход",
                    int(settings.get("oko.oidc.timeout", 5)))
