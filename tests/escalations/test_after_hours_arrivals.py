"""Business hours are the prospect's, 08:00–18:00 on business days (seed 002): a Tier 1 lead
arriving two minutes before close runs on into the next business day; one arriving when the
calendar is closed gets the after-hours rule, 30 minutes after the next opening, and its breach
still counts two business hours from the opening. Tier 2 after hours: by 10:00 next day."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from escalations.models import Clock
from leads.models import Lead
from tests.leads.conftest import lead_payload

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")


def ny(*args) -> datetime:
    return datetime(*args, tzinfo=NY)


def arrive(client, integration, at: datetime, action="demo_request") -> Lead:
    with time_machine.travel(at, tick=False):
        response = client.post(
            "/api/v1/leads",
            lead_payload(action=action, occurred_at=at.isoformat()),
            content_type="application/json",
            **integration,
        )
    assert response.status_code in (200, 201), response.content
    return Lead.objects.get(pk=response.json()["id"])


def first_touch(lead: Lead, tier: int) -> tuple[datetime, datetime]:
    clock = Clock.objects.get(subject_id=lead.pk, code=f"sdr_first_touch_t{tier}")
    return clock.target_at.astimezone(NY), clock.breach_at.astimezone(NY)


@pytest.mark.parametrize(
    ("arrives", "target", "breach"),
    [
        # Friday 17:58, still open: 2 minutes on Friday, 3 on Monday; the breach on Monday.
        (ny(2026, 3, 6, 17, 58), ny(2026, 3, 9, 8, 3), ny(2026, 3, 9, 9, 58)),
        # Saturday: 30 minutes after Monday's opening; two business hours from the opening.
        (ny(2026, 3, 7, 11, 0), ny(2026, 3, 9, 8, 30), ny(2026, 3, 9, 10, 0)),
        # Christmas Eve (a Thursday) after close: Christmas Day is closed, so Monday.
        (ny(2026, 12, 24, 19, 0), ny(2026, 12, 28, 8, 30), ny(2026, 12, 28, 10, 0)),
        # Before opening on a business day: that morning's opening is the next one.
        (ny(2026, 3, 10, 6, 45), ny(2026, 3, 10, 8, 30), ny(2026, 3, 10, 10, 0)),
    ],
    ids=["friday-17:58", "saturday", "christmas-eve", "tuesday-06:45"],
)
def test_tier_1_after_hours(client, org, integration, arrives, target, breach):
    lead = arrive(client, integration, arrives)

    assert lead.tier == 1
    assert first_touch(lead, 1) == (target, breach)


def test_tier_2_after_hours_is_due_by_10_next_business_day(client, org, integration):
    arrive(client, integration, ny(2026, 3, 6, 19, 0), action="webinar_live")
    lead = arrive(client, integration, ny(2026, 3, 6, 19, 30), action="case_study")
    third = arrive(client, integration, ny(2026, 3, 6, 20, 0), action="roi_calculator")

    assert lead.pk == third.pk
    assert third.tier == 2
    target, breach = first_touch(third, 2)
    assert target == ny(2026, 3, 9, 10, 0)
    assert breach == ny(2026, 3, 9, 12, 0)  # four business hours from Monday's opening
