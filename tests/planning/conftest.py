import pytest

from tests.factories import UserFactory


@pytest.fixture
def system_user(db):
    return UserFactory(username="claims-bot")
