import pytest

from escalations import recipients
from escalations.rules import _changing_events_of, compiled
from leads.rules import rules_of
from slaportal import company
from slaportal.charter import in_force
from slaportal.charter.models.calendars import (
    _engine,
    _snapshot,
    _snapshot_engines,
    forget_current,
)
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


@pytest.fixture(autouse=True)
def _fresh_calendar_engines():
    # Engines are cached by (calendar id, changed_at); ids and frozen clocks repeat across tests.
    _engine.cache_clear()
    _snapshot.cache_clear()
    _snapshot_engines.clear()
    forget_current()
    compiled.cache_clear()
    _changing_events_of.cache_clear()
    recipients.forget()
    rules_of.cache_clear()
    in_force.forget()
    company.forget()
