"""Test data built per test: org trees, users with roles, documents."""
import io

from core.cases import add_document
from core.resources import Municipality, Region, School
from core.security.roles import grant
from core.security.users import add_user, users_of
from core.testing import edit, serving  # noqa: F401  (the installed fixtures' helpers, shared with the suite)
from tests.unit.docinspect_corpus import valid_docx, valid_pdf  # noqa: F401  (test data for uploads)

PASSWORD = "correct horse battery"


def make_tree(site, regions=("66", "24", "54"), munis=2, schools=3):
    """Regions with ``munis`` municipalities of ``schools`` schools each (types cycling)."""
    names = {"66": "Свердловская область", "24": "Красноярский край", "54": "Новосибирская область"}
    kinds = ("urban", "rural", "small")
    for code in regions:
        region = site.add(code, Region(code, names.get(code, f"Регион {code}")))
        for m in range(1, munis + 1):
            muni = region.add(f"m{m}", Municipality(f"m{m}", f"Муниципалитет {code}-{m}"))
            for s in range(1, schools + 1):
                muni.add(f"s{s}", School(f"{code}-{m}-{s}", f"Школа № {s} ({code}-{m})", kinds[(s - 1) % 3]))
    return site


def node(site, path):
    """The node at a slash-separated ``path``."""
    obj = site
    for name in filter(None, path.split("/")):
        obj = obj[name]
    return obj


def make_user(site, login, hasher, grants=(), password=PASSWORD, title=None, by_owner=True):
    """A user with ``grants`` ((role, path), ...).

    ``by_owner``: as if the person chose the password (no change forced at
    the first log-in): tests log in with a known password and go on to what
    they test; tests of the forced change pass False.
    """
    user = users_of(site).get(login) or add_user(site, login, title or login.title(), password, hasher,
                                                 by_owner=by_owner)
    for role, path in grants:
        grant(node(site, path), user, role)
    return user


def make_document(host, site, path, name="doc", title="Программа развития", actor="head",
                  content=None, filename="programme.pdf"):
    """A school document with a file (a real PDF unless ``content`` is given), in draft."""
    content = valid_pdf() if content is None else content
    return add_document(host, node(site, path), name, title, "school_document", actor,
                        (io.BytesIO(content), filename, None))


ACT_TEMPLATE = "regulation_attestation_commission"


def make_act(host, authority, actor="methodologist", template=ACT_TEMPLATE, title=None, **extra):
    """A draft act of ``authority`` with the template's defaults and the values it lacks (``title``: its own)."""
    from core import acts
    tpl = acts.template_for(host, authority, template)
    values = {**acts.initial_values(tpl, authority, host=host), "approver_name": "Министерства образования",
              "quorum": "не менее половины", **extra}
    return acts.draft_act(host, authority, template, values, actor, title=title)


def login(testapp, user, password=PASSWORD, status=303):
    """Log in through the log-in page, as a person would."""
    form = testapp.get("/login").forms["login-form"]
    form["login"] = user
    form["password"] = password
    return form.submit(status=status)


def first_log_in(testapp, user, password, new_password):
    """Log in with a password someone else chose: the password page comes first; choose ``new_password``."""
    assert login(testapp, user, password).location == "http://localhost/password"
    form = testapp.get("/password").forms["deform"]
    form["current"] = password
    form["new"] = form["new-confirm"] = new_password
    return form.submit("save", status=303)


def csrf(testapp):
    """The CSRF token of the test app's session (via the API)."""
    return testapp.get("/api/v1/session").json["csrf_token"]


def logged_in_clients(app, logins):
    """A WebTest client per login, logged in through the log-in page, each with its CSRF token (``.token``)."""
    import webtest
    result = {}
    for user in logins:
        client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
        login(client, user)
        client.token = csrf(client)
        result[user] = client
    return result


def teacher_attestation_people(site, region="66", experts=(), commission=(), actor="region66"):
    """The region's teacher attestation people, appointed by their steps (the regional operator
    ``actor``): ``experts`` (logins) in the pool, ``commission`` ((login, role), ...)."""
    from core.teachers import commission as teachers_commission
    from core.teachers import experts as teachers_experts
    users = users_of(site)
    for login_ in experts:
        teachers_experts.add_expert(site[region], users[login_], actor)
    for login_, role in commission:
        teachers_commission.appoint(site[region], users[login_], role, actor)
