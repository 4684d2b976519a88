"""What every request and response passes: the site's public URL, the Host check, security headers.

The URLs the application writes (form actions, redirects, links in mail)
are built from ``oko.public_url``, never from what a client sends: a
request whose ``Host`` is not the public URL's is refused with 400, and
the scheme of the public URL is used even behind a proxy that speaks plain
HTTP to the application.

Every response says: scripts only from the site itself (no inline script,
no ``onclick``; the pages' behaviour is in ``core/static/oko.js``), never
in a frame, no MIME sniffing, no referrer to other sites; everything but
the public static assets is ``no-store``, since pages, API answers and
downloads are someone's own.

Text answers (pages, JSON, CSV, styles, scripts) above ``COMPRESS_MIN_BYTES``
are sent gzip-compressed to a client that asks for it (``Accept-Encoding``):
the federal 500+ dashboard is 206 KB as HTML and 14 KB compressed. The CSRF
token every logged-in page carries is masked anew in each response
(``core.security.csrf``), so that compression does not reveal it (BREACH).
The static assets carry a validator (``ETag``, with ``Last-Modified``): a
browser asks again with ``If-None-Match`` and gets a bodiless 304. Pages and
API answers get none: they are ``no-store`` (someone's own, never kept), so
a validator would never be sent back; what they cost is the rendering, not
the bytes once compressed.
"""
import zlib
from urllib.parse import urlsplit

from pyramid.events import NewResponse
from pyramid.exceptions import ConfigurationError
from pyramid.response import Response
from pyramid.settings import truthy

# The public static assets (name -> asset spec): anyone may read them and
# every browser may cache them. core.views serves them.
STATIC_ASSETS = {"static": "core:static", "deform_static": "deform:static"}
CACHE_SECONDS = 3600

# NB: neither scripts nor styles may be inline: every page's look is core/static/oko.css (deform's
# markup too, with our versions of its templates that carry no style attribute).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
           "Referrer-Policy": "same-origin"}
_FALSY = ("f", "false", "n", "no", "off", "0")
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}


def setting_bool(settings, name, default):
    """The boolean setting ``name`` read as Pyramid's ``asbool`` does; an unknown word stops start-up."""
    value = settings.get(name)
    if value is None or isinstance(value, bool):
        return default if value is None else value
    word = str(value).strip().lower()
    if word in truthy:
        return True
    if word in _FALSY:
        return False
    raise ConfigurationError(f"Настройка {name} = {value!r} не понята: напишите true или false "
                             "(также допустимы yes/no, on/off, 1/0).")


def _host(netloc, scheme):
    """``netloc`` as compared: lower case, without the scheme's default port."""
    netloc = netloc.strip().lower()
    default = _DEFAULT_PORTS.get(scheme)
    return netloc[:-len(default)] if default and netloc.endswith(default) else netloc


def public_origin(settings):
    """``(scheme, host)`` of ``oko.public_url``; start-up stops when it is missing or not a bare origin."""
    url = (settings.get("oko.public_url") or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/") \
            or parts.query or parts.fragment or "@" in parts.netloc:
        raise ConfigurationError(
            f"Настройка oko.public_url = {url!r}: укажите адрес, по которому сайт открывают люди, "
            "без пути, например https://oko.example.ru или http://127.0.0.1:6543.")
    return parts.scheme, _host(parts.netloc, parts.scheme)


def public_asset(request):
    """Whether ``request`` asks for a public static asset."""
    top = request.path_info.split("/", 2)
    return len(top) == 3 and top[1] in STATIC_ASSETS


# The routes anyone may reach without logging in: log-in and -out, the API's session and description.
PUBLIC_ROUTES = ("login", "logout", "api_session", "api_openapi")


def add_public_route(config, name):
    """Make the route ``name`` one anyone may reach (a domain's: an invitation, a forgotten password)."""
    registry = config.registry
    registry.oko_public_routes = (*getattr(registry, "oko_public_routes", PUBLIC_ROUTES), name)


def public_path(request):
    """Whether ``request`` is for a path anyone may reach: log-in and -out, the API's session and description,
    the routes a domain made public (``add_public_route``), the static assets."""
    names = getattr(request.registry, "oko_public_routes", PUBLIC_ROUTES)
    return public_asset(request) or request.path_info in {request.route_path(name) for name in names}


def host_check(handler, registry):
    """A tween: refuse a foreign ``Host``; give the rest the public URL's scheme and host."""
    scheme, host = registry.oko_public_origin

    def check(request):
        if _host(request.host, scheme) != host:
            # NB: plain text and no page around it: nothing of the request is trusted yet.
            return Response(f"Запрос отклонён: сайт открывают по адресу {scheme}://{host}/.", status=400,
                            content_type="text/plain", charset="utf-8")
        request.scheme, request.host = scheme, host
        return handler(request)
    return check


def add_security_headers(event):
    """The security headers of every response; ``no-store`` on all but the public static assets."""
    response = event.response
    response.headers.update(HEADERS)
    if event.request.scheme == "https":
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    if not public_asset(event.request):
        response.cache_control = "no-store"


# What is compressed: text a browser or a client reads whole; below this size compression saves too little.
COMPRESSIBLE = frozenset({"text/html", "application/json", "text/csv", "text/plain", "text/css", "text/calendar",
                          "application/javascript", "text/javascript", "image/svg+xml", "application/xml"})
COMPRESS_MIN_BYTES = 1024
# NB: an answer of unknown length is streamed (a large download): it is left as it is.
COMPRESS_MAX_BYTES = 32 * 1024 * 1024
# zlib's level: 6 compresses the federal dashboard to within 3 % of level 9, in a third of the time.
COMPRESS_LEVEL = 6
# NB: an answer below this size is compressed at level 3, in a quarter to a half of level 6's time (a
# municipality's page of 23 KB: 31 µs, not 127; a region's 500+ dashboard of 83 KB: 153, not 402). Level 3's
# output of 128 KB of our pages is some 10 KB: within a connection's first window (10 segments, 14.6 KB), so it
# reaches a phone in as many round trips as level 6's. Above it, bytes weigh more than the server's time: the
# federal dashboard (254 KB) is 18.6 KB at level 3 and 14 KB at level 6.
COMPRESS_QUICK_BELOW, COMPRESS_QUICK_LEVEL = 128 * 1024, 3


def accepts_gzip(request):
    """Whether the client said it takes gzip (``Accept-Encoding``; no header: no, as old clients mean)."""
    header = request.headers.get("Accept-Encoding")
    if not header:
        return False
    return bool(request.accept_encoding.acceptable_offers(["gzip"]))


def _compressible(request, response):
    if request.method == "HEAD" or response.status_code < 200 or response.status_code in (204, 304):
        return False
    if response.content_encoding or response.content_type not in COMPRESSIBLE:
        return False
    length = response.content_length
    if length is None and not isinstance(response.app_iter, (list, tuple)):
        return False
    return (length is None or COMPRESS_MIN_BYTES <= length <= COMPRESS_MAX_BYTES) and accepts_gzip(request)


def gzip_bytes(body):
    """``body`` compressed in the gzip format, at the level its size calls for (``COMPRESS_QUICK_BELOW``)."""
    return zlib.compress(body, COMPRESS_QUICK_LEVEL if len(body) < COMPRESS_QUICK_BELOW else COMPRESS_LEVEL, 31)


def _static_etag(response, compressed):
    """A static file's validator: its modification time and size (and the encoding sent)."""
    if response.last_modified is None or response.content_length is None:
        return None
    return f"{int(response.last_modified.timestamp()):x}-{response.content_length:x}" + ("-gzip" if compressed else "")


def compress_and_validate(event):
    """Compress a text answer for a client that takes gzip; give a static asset its ``ETag`` (a 304 when it matches).

    ``Vary: Accept-Encoding`` on every text answer: a cache between keeps the two forms apart.
    """
    request, response = event.request, event.response
    compress = _compressible(request, response)
    if response.content_type in COMPRESSIBLE:
        response.vary = tuple(dict.fromkeys((*(response.vary or ()), "Accept-Encoding")))
    if public_asset(request) and response.status_code == 200:
        etag = _static_etag(response, compress)
        if etag is not None:
            response.etag = etag
            if etag in request.if_none_match:
                # NB: the answer becomes a bodiless 304 as it is sent (a conditional response): nothing to compress.
                return
    if compress:
        body = response.body
        if len(body) < COMPRESS_MIN_BYTES:
            return
        response.body = gzip_bytes(body)
        response.content_encoding = "gzip"


def finish_response(event):
    """Every answer's last changes: its security headers, then its compression (``compress_and_validate``).

    NB: one subscriber, not two: each costs a lookup and a call through
    Pyramid's event machinery on every answer, as much as what it does.
    """
    add_security_headers(event)
    compress_and_validate(event)


def includeme(config):
    """Read the public URL (start-up stops on a bad one), check every Host, add the headers, compress."""
    config.registry.oko_public_origin = public_origin(config.registry.settings)
    # NB: no over/under: the outermost tween, before the session or the database is touched.
    config.add_tween("core.security.transport.host_check")
    config.add_subscriber(finish_response, NewResponse)
