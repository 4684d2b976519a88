"""The pytest plugin of OKO Case: fixtures a regional plugin's tests use, installed with OKO Case.

Registered under pytest's entry-point group ``pytest11`` (``setup.cfg``), so
a plugin's tests have these fixtures as soon as OKO Case is installed: no
file of OKO Case's own ``tests/`` is needed. A plugin names itself and its
region in its own ``setup.cfg`` (or ``pytest.ini``)::

    [tool:pytest]
    oko_plugins = chelyabinsk = oko_chelyabinsk    # loaded as if installed (skipped when it is)
    oko_region = 74                                # default: the first region the plugin serves

Fixtures, in layers (each says when to use it):

``oko_app`` (session)   the WSGI application with the plugin loaded, started
                        as in production: a malformed hook answer stops it
``oko_host``            the plugin host: ask it what the core asks (``risk_factors("74")``...)
``oko_region``          the region code under test
``oko_db``              a fresh, empty database for this test only
``oko_site``            ``oko_db`` with the region built (``core.demo.region``): two
                        municipalities of three schools, a user in every role whose
                        log-in is the role's name; an ``OkoSite`` with the helpers below
``oko_testapp``         a WebTest client of ``oko_app`` on ``oko_site``'s database
``oko_login``           ``oko_login("curator")``: a WebTest client logged in as that user

``OkoSite`` helpers: ``edit()`` (the site in a transaction, committed on
leaving), ``node(site, path)``, ``add_document``, ``fire``, ``form(page,
action)`` (a page's form posting to an address), ``project500``
(the region's schools enrolled, the first one visited by its curator),
``concept_document`` (sent, or confirmed), ``plan_teacher``,
``teacher_to_decision`` (a teacher through every step to the commission's
decision), ``leader_attestation_to_order`` (a school head's attestation
campaign to the drafted protocol and order: ``core.demo.journeys``),
``login``.
"""
import contextlib

import pytest
import transaction
import ZODB
from ZODB.DemoStorage import DemoStorage

from core import main
from core.bootstrap import bootstrap
from core.cases import fire
from core.demo import journeys
from core.demo import region as demo_region
from core.plugins import plugin_modules

# What the application under test is started with: a throw-away database, cheap Argon2.
SETTINGS = {
    "zodbconn.uri": "memory://",
    "oko.secret": "test-secret-0123456789abcdef0123456789",
    "oko.public_url": "http://localhost",
    "oko.argon2": "fast",
    "oko.session_max_age": "3600",
    "retry.attempts": "3",
    "pyramid.reload_templates": "false",
}
HOST = "localhost"


def pytest_addoption(parser):
    """The ini options of a plugin's tests: which plugins to load, which region to build."""
    parser.addini("oko_plugins", "OKO Case plugins loaded as if installed: «name = module», one a line",
                  type="linelist", default=[])
    parser.addini("oko_region", "the region code the oko_* fixtures build (default: the plugin's first region)",
                  default="")


@contextlib.contextmanager
def edit(db):
    """The site of ``db`` in a connection and a transaction of its own; committed on leaving."""
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    try:
        with tm:
            yield bootstrap(conn.root())
    finally:
        conn.close()


@contextlib.contextmanager
def serving(app, db):
    """``app`` working on ``db`` inside the block, on the database it had before after it."""
    databases = app.registry._zodb_databases
    previous, databases[""] = databases[""], db
    try:
        yield db
    finally:
        databases[""] = previous


def client(app):
    """A WebTest client of ``app``, as a browser on the site's address would be."""
    import webtest
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": HOST, "REMOTE_ADDR": "127.0.0.1"})


def login(testapp, user, password=demo_region.PASSWORD, status=303):
    """Log ``testapp`` in as ``user`` through the log-in page; its CSRF token is kept as ``testapp.token``."""
    form = testapp.get("/login").forms["login-form"]
    form["login"] = user
    form["password"] = password
    answer = form.submit(status=status)
    testapp.token = testapp.get("/api/v1/session").json["csrf_token"]
    return answer


class OkoSite:
    """A fresh database with one region built, and what a plugin's test does with it."""

    def __init__(self, app, db, region, people):
        self.app, self.db, self.region, self.people = app, db, region, people
        self.host = app.registry.oko

    def edit(self):
        """``with oko_site.edit() as site:``: the site root in a transaction, committed on leaving."""
        return edit(self.db)

    def node(self, site, path):
        """The node at ``path`` (``"74/m1/s1"``; ``self.people.school`` is the first school's)."""
        return demo_region.node(site, path)

    def add_document(self, site, title="Программа развития", actor="school_head", path=None):
        """A school document (a real .docx) added by ``actor`` to the first school (or ``path``), in draft."""
        return demo_region.add_school_document(self.host, site, self.people, title, actor, path)

    def fire(self, obj, transition, actor, comment=""):
        """Take the workflow step ``transition`` on ``obj`` as ``actor`` (listeners and deadlines included)."""
        return fire(self.host, obj, transition, actor, comment)

    def project500(self, site, year=None, visit=True):
        """The region's schools in the 500+ project; the first school's participation, visited by its curator."""
        participation = demo_region.enrol_project500(self.host, site, self.people, year)
        return demo_region.visited(self.host, participation) if visit else participation

    def concept_document(self, participation, document_type="anti_risk_programme", extra=None, confirm=False):
        """The head's concept document (``extra``: the region's own fields) sent, or confirmed by the curator."""
        return demo_region.concept_document(self.host, participation, document_type, extra, confirm=confirm)

    def plan_teacher(self, site, post="primary_teacher", category="first", days=30):
        """A teacher of the first school planned for attestation in ``days`` days."""
        return demo_region.plan_teacher(self.host, site, self.people, post, category, days)

    def teacher_to_decision(self, site, decision=None, post="primary_teacher", category="first"):
        """A teacher of the first school taken by every step up to the commission's ``decision``; the dossier."""
        return journeys.teacher_to_decision(self.host, site, self.people, decision, post, category)

    def leader_attestation_to_order(self, site):
        """This year's campaign with the first school's head attested, up to the drafted protocol and order."""
        return journeys.leader_attestation_to_order(self.host, site, self.people, self.app.registry.oko_hasher)

    @staticmethod
    def form(page, action):
        """The form of a WebTest ``page`` that posts to an address ending with ``action`` (``"@@transition"``)."""
        found = [f for f in page.forms.values() if (f.action or "").endswith(action)]
        assert found, f"на странице нет формы, отправляемой на {action}"
        return found[0]

    def login(self, user):
        """A WebTest client logged in as ``user`` (a role's name: ``"curator"``), its CSRF token ``.token``."""
        testapp = client(self.app)
        login(testapp, user)
        return testapp


@pytest.fixture(scope="session")
def oko_plugin_modules(pytestconfig):
    """``[(name, module)]`` of the ini option ``oko_plugins``: the plugins under test."""
    return plugin_modules("\n".join(pytestconfig.getini("oko_plugins")))


@pytest.fixture(scope="session")
def oko_settings(oko_plugin_modules):
    """The application's settings: a throw-away database, cheap Argon2, the plugins under test."""
    return {**SETTINGS, "oko.plugins": "\n".join(f"{name} = {module}" for name, module in oko_plugin_modules)}


@pytest.fixture(scope="session")
def oko_app(oko_settings):
    """The WSGI application with the plugins under test, started once as in production (checks included)."""
    return main({}, **oko_settings)


@pytest.fixture(scope="session")
def oko_region(pytestconfig, oko_app, oko_plugin_modules):
    """The region code under test: the ini option ``oko_region``, else the first region the plugin serves."""
    code = pytestconfig.getini("oko_region").strip()
    if code:
        return code
    for row in oko_app.registry.oko.listing():
        if row["name"] in dict(oko_plugin_modules) and row["regions"] and row["regions"] != ["*"]:
            return row["regions"][0]
    raise pytest.UsageError("OKO Case: укажите регион плагина: oko_region = 74 в [tool:pytest] "
                            "(или oko_plugins = имя = модуль)")


@pytest.fixture
def oko_host(oko_app):
    """The plugin host of the application: federal defaults, the plugins under test, the regional overrides."""
    return oko_app.registry.oko


@pytest.fixture
def oko_db(oko_app):
    """A fresh, empty database (with blobs) that the application uses for this test only."""
    database = ZODB.DB(DemoStorage())
    with edit(database):
        pass
    with serving(oko_app, database):
        yield database
    database.close()


@pytest.fixture
def oko_site(oko_app, oko_db, oko_host, oko_region):
    """``oko_db`` with the region built and a user in every role (log-in: the role's name); an ``OkoSite``."""
    with edit(oko_db) as site:
        people = demo_region.build_region(site, oko_host, oko_app.registry.oko_hasher, oko_region)
    return OkoSite(oko_app, oko_db, oko_region, people)


@pytest.fixture
def oko_testapp(oko_app, oko_site):
    """A WebTest client (not logged in) of the application on ``oko_site``'s database."""
    return client(oko_app)


@pytest.fixture
def oko_login(oko_site):
    """``oko_login("curator")``: a WebTest client logged in as that user of ``oko_site``."""
    return oko_site.login
