"""Business dates are the company's: at 21:00 in New York it is already tomorrow in UTC, but
"today", "in the past", close-date windows and fiscal quarters still say today."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import override_settings

from leads.models import Account
from pipeline.models import CloseDateChange
from slaportal import company
from slaportal.charter.models import BusinessCalendar
from tests.pipeline.conftest import call

pytestmark = pytest.mark.django_db

# Tuesday 31 March 2026, 21:00 in New York (EDT): 01:00 on 1 April, the next quarter, in UTC.
QUARTER_END_9PM_NY = datetime(2026, 4, 1, 1, 0, tzinfo=UTC)


@pytest.fixture
def evening(opportunity):
    company.forget()
    with time_machine.travel(QUARTER_END_9PM_NY, tick=False):
        yield
    company.forget()


@pytest.fixture
def owner_client(evening, opportunity, as_user):
    """Signed in that evening (a session from four weeks before has expired)."""
    return as_user(opportunity.owner.username)


def test_today_is_new_yorks_at_9pm(evening):
    assert company.today() == date(2026, 3, 31)


def test_today_is_not_in_the_past_at_9pm(owner_client, opportunity, evening):
    response = call(owner_client, opportunity, "patch", close_date="2026-03-31")

    assert response.status_code == 200
    assert response.json()["close_date"] == "2026-03-31"


def test_a_change_at_9pm_on_the_last_day_counts_in_that_quarter(owner_client, opportunity, evening):
    call(owner_client, opportunity, "patch", close_date="2026-06-15")

    assert CloseDateChange.objects.get().quarter == "2026-Q1"
    assert call(owner_client, opportunity, "get").json()["close_date_pushes_this_quarter"] == 1


def test_a_stage_1_forecast_may_be_new_yorks_today(as_user, opportunity, evening):
    Account.objects.filter(pk=opportunity.account_id).update(owner_ae=opportunity.owner)

    opened = as_user(opportunity.owner.username).post(
        "/api/v1/opportunities",
        {"account_id": opportunity.account_id, "close_date": "2026-03-31"},
        content_type="application/json",
    )

    assert opened.status_code == 201, opened.content


def test_the_zone_is_the_default_calendars_unless_set(opportunity):
    calendar = BusinessCalendar.objects.order_by("pk").first()
    calendar.default_timezone = "Asia/Tokyo"
    calendar.save()
    company.forget()

    with time_machine.travel(QUARTER_END_9PM_NY, tick=False):
        assert company.today() == date(2026, 4, 1)  # 10:00 in Tokyo
        with override_settings(COMPANY_TIME_ZONE="America/Los_Angeles"):
            assert company.today() == date(2026, 3, 31)  # 18:00 in Los Angeles
