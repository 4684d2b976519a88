"""The Sverdlovsk plugin's tests run on region 66 with the fixtures of OKO Case's pytest plugin (core.testing)."""
import pytest


@pytest.fixture(scope="session")
def oko_region():
    """The region these tests build: Sverdlovsk's."""
    return "66"
