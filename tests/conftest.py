import pytest

from slaportal.org.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def make_user(db):
    def make(role: Role | None = None, **fields):
        return UserFactory(role=role, **fields)

    return make


@pytest.fixture
def sdr(make_user):
    return make_user(Role.SDR, username="sdr")


@pytest.fixture
def revops(make_user):
    return make_user(Role.REVOPS, username="revops")
