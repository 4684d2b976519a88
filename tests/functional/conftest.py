"""Fixtures of the 500+ functional tests: the people of the journey and their clients."""
import pytest

from tests.factories import edit, logged_in_clients, make_user
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

