"""A running clock keeps the rules it started under: publishing a new charter or editing the
business calendar never moves a deadline already set; the next lead gets the new rules."""

from datetime import UTC, date, datetime, timedelta

import pytest

from escalations.models import Clock
from leads.models import Lead
from slaportal.charter import services as charter
from slaportal.charter.in_force import forget
from slaportal.charter.models import (
    BusinessCalendar,
    CharterVersion,
    ClosedDate,
    Policy,
    editing_as,
)
from tests.escalations.conftest import sweep

pytestmark = pytest.mark.django_db

ROUTED = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)


def first_touch(lead) -> Clock:
    return Clock.objects.get(subject_id=lead.pk, code="sdr_first_touch_t1")


def publish_v2_with_a_10_minute_target(org):
    v1 = CharterVersion.objects.active()
    v2 = charter.start_draft(org["revops"], based_on=v1, change_notes="Tier 1 in 10 minutes")
    with editing_as(org["revops"]):
        policy = Policy.objects.get(version=v2, code="sdr_first_touch_t1")
        policy.target_amount = 10
        policy.save()
    charter.submit_for_review(v2, org["revops"])
    for leader in ("vpmarketing", "sdrmgr", "vpsales"):
        charter.sign_off(v2, org[leader])
    charter.publish(v2, org["revops"])
    forget()
    return v2


def test_a_new_charter_leaves_running_clocks_alone(mql, org, post, now):
    now.shift(timedelta(minutes=1))
    v2 = publish_v2_with_a_10_minute_target(org)
    post(email="sam@globex.example", external_id="map-2", occurred_at=ROUTED.isoformat())
    second = Lead.objects.get(email="sam@globex.example")

    running, new = first_touch(mql), first_touch(second)
    assert (running.version.number, running.target_at) == (1, ROUTED + timedelta(minutes=5))
    assert (new.version, new.target_at) == (v2, ROUTED + timedelta(minutes=11))

    now.move_to(ROUTED + timedelta(minutes=7))
    sweep()
    assert first_touch(mql).done == ["target"]  # v1's 5 minutes, not v2's 10
    assert first_touch(second).done == []


def test_a_calendar_edit_leaves_running_clocks_alone(mql, org, post, now):
    """Closing the rest of today moves no deadline already set; a lead routed after does."""
    calendar = BusinessCalendar.objects.get()
    breach_before = first_touch(mql).breach_at
    ClosedDate.objects.create(calendar=calendar, date=date(2026, 3, 3), reason="Offsite")
    now.shift(timedelta(minutes=1))

    post(email="sam@globex.example", external_id="map-2", occurred_at=ROUTED.isoformat())
    second = first_touch(Lead.objects.get(email="sam@globex.example"))

    assert first_touch(mql).breach_at == breach_before
    assert first_touch(mql).calendar != second.calendar
    # Closed today: 30 minutes after Wednesday's opening (after hours), not 5 business minutes.
    assert second.target_at == datetime(2026, 3, 4, 13, 30, tzinfo=UTC)
