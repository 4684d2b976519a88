"""One-time links: an invitation to choose one's first password, a link to choose a new one.

A link carries a random token (256 bits); the site keeps only its SHA-256,
so a copy of the database lets nobody in. A link works once, until it
expires (an invitation in ``INVITATION_LIFETIME``, a new password in
``RESET_LIFETIME``), and only while it is the person's latest: a new link,
a password chosen by any link, or a suspension retire every earlier one.

What a link was is kept for ``KEPT`` after it expired, so that a person who
follows an old one is told the truth («уже использована», «срок истёк»),
not «unknown»; the oldest records are dropped a few at a time as new links
are issued.
"""
import dataclasses
import datetime
import hashlib
import secrets

from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent

from core.compact import Compact

SERVICE = "account_links"
INVITE, RESET = "invite", "reset"
INVITATION_LIFETIME = datetime.timedelta(days=7)
RESET_LIFETIME = datetime.timedelta(hours=24)
LIFETIMES = {INVITE: INVITATION_LIFETIME, RESET: RESET_LIFETIME}
KEPT = datetime.timedelta(days=30)
# Records dropped at most per link issued: the store never costs a request more than this.
PRUNED_PER_ISSUE = 50

# Why a link does not work (``check``).
UNKNOWN, USED, REPLACED, EXPIRED = "unknown", "used", "replaced", "expired"


def now_utc():
    """The current time, in UTC."""
    return datetime.datetime.now(datetime.timezone.utc)


@dataclasses.dataclass(frozen=True)
class Link(Compact):
    """What the site knows of one link: whose, what for, issued by whom, until when, and whether it is spent."""

    login: str
    purpose: str
    issued: datetime.datetime
    expires: datetime.datetime
    by: str
    used: datetime.datetime = None
    retired: bool = False


class LinkStore(Persistent):
    """The site's links: ``links`` (digest -> Link), ``open`` (login -> digests that still work), by expiry."""

    def __init__(self):
        self.links = OOBTree()
        self.open = OOBTree()
        self.expiry = OOTreeSet()


def link_store(site):
    """The site's LinkStore (made on first use)."""
    store = site.services.get(SERVICE)
    if store is None:
        store = site.services[SERVICE] = LinkStore()
    return store


def digest(token):
    """What the site keeps of ``token``: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _prune(store, now):
    horizon = (now - KEPT).isoformat()
    for _ in range(PRUNED_PER_ISSUE):
        if not store.expiry:
            return
        first = store.expiry.minKey()
        if first[0] >= horizon:
            return
        store.expiry.remove(first)
        link = store.links.pop(first[1], None)
        if link is not None and first[1] in store.open.get(link.login, ()):
            _close(store, link.login, first[1])


def _close(store, login, key):
    left = tuple(k for k in store.open.get(login, ()) if k != key)
    if left:
        store.open[login] = left
    else:
        store.open.pop(login, None)


def retire(site, login):
    """Make every link of ``login`` that still works stop working (a newer one, a password chosen, a suspension)."""
    store = link_store(site)
    for key in store.open.pop(login, ()):
        link = store.links.get(key)
        if link is not None and link.used is None:
            store.links[key] = dataclasses.replace(link, retired=True)


def issue(site, login, purpose, by, now=None):
    """A new link of ``purpose`` for ``login``, issued by ``by``: the token to put in the URL (shown once).

    Retires the person's earlier links: only the latest works.
    """
    now = now or now_utc()
    store = link_store(site)
    retire(site, login)
    token = secrets.token_urlsafe(32)
    key = digest(token)
    link = Link(login, purpose, now, now + LIFETIMES[purpose], by or "")
    store.links[key] = link
    store.open[login] = (key,)
    store.expiry.add((link.expires.isoformat(), key))
    _prune(store, now)
    return token


def check(site, token, now=None):
    """``(link, problem)``: the Link of ``token`` (None if unknown) and why it does not work (None if it does)."""
    store = site.services.get(SERVICE)
    link = store.links.get(digest(token)) if store is not None and token else None
    if link is None:
        return None, UNKNOWN
    if link.used is not None:
        return link, USED
    if link.retired:
        return link, REPLACED
    if link.expires <= (now or now_utc()):
        return link, EXPIRED
    return link, None


def spend(site, token, now=None):
    """Mark the working link of ``token`` used, and retire the person's others; returns its Link."""
    now = now or now_utc()
    store = link_store(site)
    key = digest(token)
    link = dataclasses.replace(store.links[key], used=now)
    store.links[key] = link
    _close(store, link.login, key)
    retire(site, link.login)
    return link


def pending(site, login, now=None):
    """The working link of ``login`` (an invitation not yet accepted, a reset not yet used), or None."""
    store = site.services.get(SERVICE)
    if store is None:
        return None
    now = now or now_utc()
    for key in store.open.get(login, ()):
        link = store.links.get(key)
        if link is not None and link.used is None and not link.retired and link.expires > now:
            return link
    return None
