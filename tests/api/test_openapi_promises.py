"""The API keeps every promise of its own OpenAPI document: schemathesis generates requests for
each operation (valid ones, and ones that break the schema) against the portal in process, with
the demo org and a charter in force, and runs all its checks: no 5xx, only documented statuses
and bodies, valid data accepted, invalid data refused, authentication enforced."""

from datetime import UTC, datetime, timedelta

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from slaportal.api.fields import MAX_ID
from slaportal.api.models import ApiToken, Scope
from slaportal.demo.people import DEMO_PEOPLE, DEMO_TEAMS
from tests.leads.conftest import *  # noqa: F403  (org, now…)
from tests.leads.conftest import TUESDAY_10AM_NY

pytestmark = [pytest.mark.django_db, pytest.mark.openapi]
EXAMPLES_PER_OPERATION = 200
DEMO_LEADS = 40

# Instants and days a real integration sends: the schema cannot say "not in the future" or
# "not in the past", so valid data is drawn from the window every such field accepts.
schemathesis.openapi.format(
    "date-time",
    st.datetimes(
        min_value=TUESDAY_10AM_NY.replace(tzinfo=None) - timedelta(days=300),
        max_value=TUESDAY_10AM_NY.replace(tzinfo=None),
        timezones=st.just(UTC),
    ).map(datetime.isoformat),
)
schemathesis.openapi.format(
    "date",
    st.dates(
        min_value=TUESDAY_10AM_NY.date() + timedelta(days=1),
        max_value=TUESDAY_10AM_NY.date() + timedelta(days=80),
    ).map(lambda day: day.isoformat()),
)


# A rep a dialer names is a user of the portal: valid data names one of the demo org's; a
# scoreboard's team is one of its teams.
schemathesis.openapi.format(
    "username", st.sampled_from([person.username for person in DEMO_PEOPLE])
)
schemathesis.openapi.format("team-name", st.sampled_from([name for name, *_ in DEMO_TEAMS]))


def _existing_ids(context, path_parameters):
    """Many requests name a lead, opportunity or meeting of the demo data, so the lifecycle
    runs, not only the 404; a value the negative phase made invalid is left as it is."""
    return st.fixed_dictionaries(
        {
            name: st.sampled_from([value, *range(1, DEMO_LEADS)])
            if name.endswith("_id") and isinstance(value, int) and 1 <= value <= MAX_ID
            else st.just(value)
            for name, value in (path_parameters or {}).items()
        }
    )


def _a_period(context, query):
    """The scoreboard's period: `from` not after `to`, at most MAX_DAYS long (its description
    says so; a schema cannot): valid data is drawn within it, as a BI tool asks."""
    from datetime import date

    from scoreboard.board import MAX_DAYS

    if context.operation.path != "/api/v1/scoreboard" or not query:
        return True
    try:
        first, last = (date.fromisoformat(query[key]) for key in ("from", "to"))
    except (KeyError, TypeError, ValueError):
        return True  # one end left to its default, or not a date: the API's to judge
    return first <= last and (last - first).days < MAX_DAYS


@pytest.fixture
def api_schema(org, now):
    call_command("seed_demo", leads=DEMO_LEADS)
    # As Django's test client does: the requests share the test's connection and transaction,
    # so the handler must not close it after each one.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    schema.hook("flatmap_path_parameters")(_existing_ids)
    schema.hook("filter_query")(_a_period)
    yield schema
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def every_right(org):
    _, key = ApiToken.issue(name="Everything", scopes=Scope.values, created_by=org["revops"])
    return {"Authorization": f"Bearer {key}"}


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    # The same examples on every run: CI's verdict does not depend on luck.
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_openapi_promises(case, every_right):
    case.call_and_validate(headers=every_right)
