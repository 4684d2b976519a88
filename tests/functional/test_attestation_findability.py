"""The way in: a region's CMM bank from the region's page, the federal bank from the home page."""
import pytest
import webtest

from core.security.roles import grant
from tests.factories import edit, login, make_user
from tests.plugins.attestation import publish_bank


@pytest.fixture
def banks(tree, host, hasher):
    """The federal bank published; a CMM author of region 66, one of the federal bank, a methodologist of 66."""
    with edit(tree) as site:
        bank = publish_bank(host, site)
        make_user(site, "author66", hasher, [("cmm_author", "66")])
        make_user(site, "method66", hasher, [("methodologist", "66")])
        grant(bank, make_user(site, "author_rf", hasher), "cmm_author")
    return tree


def as_user(app, user):
    client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})
    login(client, user)
    return client


@pytest.mark.parametrize("user", ["region66", "author66", "federal"])
def test_the_regions_cmm_users_find_its_bank_on_the_region_page(app, banks, user):
    page = as_user(app, user).get("/66/")
    res = page.click(description="Банк КИМ")
    # A region without a bank yet offers to make one; with it, the bank itself.
    assert res.status_int in (200, 303) and res.request.path == "/66/@@cmm"


def test_a_methodologist_of_the_region_sees_no_bank_link(app, banks):
    page = as_user(app, "method66").get("/66/")
    assert "Банк КИМ" not in page.text and "@@cmm" not in page.text


@pytest.mark.parametrize("user, shown", [("federal", True), ("author_rf", True), ("region66", False),
                                         ("author66", False)])
def test_the_federal_bank_is_on_the_home_page_of_its_users(app, banks, user, shown):
    page = as_user(app, user).get("/")
    # NB: among the home page's links, or the modules of its places (the root), said once either way.
    assert page.text.count(">Федеральный банк КИМ<") == (1 if shown else 0)
    if shown:
        assert page.click(description="Федеральный банк КИМ").status_int == 200
