"""Fixtures in layers; each says when to use it.

``app_settings`` -> ``app`` (session) -> ``db`` (a fresh database per test)
-> ``testapp`` (WebTest) / ``host`` (the plugin host) / ``hasher``.
"""
import pytest
import ZODB
from ZODB.DemoStorage import DemoStorage

from core.testing import SETTINGS
from tests.factories import edit, serving


@pytest.fixture(scope="session")
def app_settings():
    """Settings of the application under test: cheap Argon2, a throw-away database URI (as a plugin's tests get)."""
    return dict(SETTINGS)


@pytest.fixture(scope="session")
def app(app_settings):
    """The WSGI application, built once: use ``testapp`` in tests, not this."""
    from core import main
    return main({}, **app_settings)


@pytest.fixture
def db(app):
    """A fresh, empty database (with blobs) that the application uses for this test only."""
    database = ZODB.DB(DemoStorage())
    with edit(database):
        pass
    with serving(app, database):
        yield database
    database.close()


@pytest.fixture
def host(app):
    """The plugin host of the application (federal defaults, both regional plugins, overrides)."""
    return app.registry.oko


@pytest.fixture
def hasher(app):
    """The application's Argon2 hasher (cheap parameters in tests)."""
    return app.registry.oko_hasher


@pytest.fixture
def testapp(app, db):
    """A WebTest client on the application with a fresh database."""
    import webtest
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})


@pytest.fixture
def tree(db, host, hasher):
    """Three regions (66, 24, 54) of two municipalities with three schools each, and users:
    a curator on two schools of 66/m1, heads of 66/m1/s1, s2 and s3 (head, head2, head3), a coordinator of 66/m1,
    a regional operator of 66 and a federal operator."""
    from tests.factories import make_tree, make_user
    with edit(db) as site:
        make_tree(site)
        make_user(site, "federal", hasher, [("federal_operator", "")])
        make_user(site, "region66", hasher, [("regional_operator", "66")])
        make_user(site, "coordinator", hasher, [("municipal_coordinator", "66/m1")])
        make_user(site, "curator", hasher, [("curator", "66/m1/s1"), ("curator", "66/m1/s2")])
        make_user(site, "head", hasher, [("school_head", "66/m1/s1")])
        make_user(site, "head2", hasher, [("school_head", "66/m1/s2")])
        make_user(site, "head3", hasher, [("school_head", "66/m1/s3")])
        make_user(site, "nobody", hasher)
    return db


@pytest.fixture(scope="session")
def mail_sink():
    """A real SMTP server on 127.0.0.1 (aiosmtpd) for the whole run: ``tests.mailsink.MailSink``."""
    from tests.mailsink import MailSink
    sink = MailSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def mailbox(app, mail_sink, monkeypatch):
    """The application sends its mail to ``mail_sink`` during the test (emptied first): the sink is returned."""
    mail_sink.clear()
    monkeypatch.setattr(app.registry, "oko_mailer", mail_sink.mailer, raising=False)
    yield mail_sink
    mail_sink.clear()
