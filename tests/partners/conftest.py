import pytest

from sozialinfo.roles import REDAKTION
from tests import factories


@pytest.fixture
def editor(client):
    """The client, logged in as the Redaktion."""
    client.force_login(factories.user("redaktion", REDAKTION))
    return client
