"""Fixtures of the functional tests: the 500+ journey's people and their clients; the Krasnoyarsk blueprint."""
import pytest

from tests.factories import edit, logged_in_clients, make_user
from tests.functional.krasnoyarsk_support import SmallBlueprint24
from tests.functional.project500_support import ROLES


@pytest.fixture
def people(tree, hasher):
    """The ``tree`` and a reviewer (an expert once the coordinator assigns it)."""
    with edit(tree) as site:
        make_user(site, "reviewer", hasher, title="Экспертова Анна Сергеевна")
    return tree


@pytest.fixture
def clients(app, people):
    """A logged-in WebTest client per role of the journey, each with its CSRF token."""
    return logged_in_clients(app, ROLES)


@pytest.fixture
def krsk(host):
    """The small blueprint for regions 24 and 66, for this test only."""
    host.register(SmallBlueprint24(), name="krsk-test-blueprint")
    yield host
    host.unregister("krsk-test-blueprint")
