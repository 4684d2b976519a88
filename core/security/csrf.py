"""The CSRF token as pages print it: masked anew in every response, so that compression cannot reveal it.

Pages are compressed (``core.security.transport``), and every page of a
logged-in person carries the session's CSRF token (the log-out form, every
form). A compressed response that also reflects what an attacker sends
(a search query) leaks a secret byte by byte through its length (BREACH).
So the token is never printed as it is: each response prints it XOR-ed
with fresh random bytes, the pad before it (as Django does). Compression
then finds no repeated secret to shrink across responses. The session keeps
the raw token; a form or an ``X-CSRF-Token`` header may send either the
masked or the raw token (API clients that kept an older one).
"""
import binascii
import secrets

from pyramid.csrf import SessionCSRFStoragePolicy
from pyramid.util import strings_differ


def _xor(a, b):
    # NB: as two integers, at once: byte by byte it was 16 µs of every answer that prints the token.
    size = min(len(a), len(b))
    return (int.from_bytes(a[:size], "big") ^ int.from_bytes(b[:size], "big")).to_bytes(size, "big")


def mask(token):
    """``token`` masked with fresh random bytes: hex of the pad and of the token XOR the pad."""
    raw = token.encode("ascii")
    pad = secrets.token_bytes(len(raw))
    return (pad + _xor(pad, raw)).hex()


def unmask(supplied):
    """The token a masked ``supplied`` carries, or ``supplied`` itself when it is not a masked one."""
    try:
        data = binascii.unhexlify(supplied)
    except (binascii.Error, ValueError, TypeError):
        return supplied
    half = len(data) // 2
    if not data or len(data) % 2:
        return supplied
    try:
        return _xor(data[:half], data[half:]).decode("ascii")
    except UnicodeDecodeError:
        return supplied


class MaskedCSRFStoragePolicy(SessionCSRFStoragePolicy):
    """The session's CSRF token, given out masked (``mask``) and checked masked or raw."""

    def get_csrf_token(self, request):
        """The session's token, masked anew."""
        return mask(super().get_csrf_token(request))

    def check_csrf_token(self, request, supplied_token):
        """Whether ``supplied_token`` (masked or raw) is the session's token."""
        expected = super().get_csrf_token(request).encode("ascii")
        supplied = str(supplied_token or "")
        return any(not strings_differ(expected, candidate.encode("utf-8", "backslashreplace"))
                   for candidate in {supplied, unmask(supplied)})


def csrf_token(request):
    """The token this response prints (``request.csrf_token``): the session's, masked once for the response."""
    return request.registry.oko_csrf_policy.get_csrf_token(request)
