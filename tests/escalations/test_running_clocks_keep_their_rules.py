"""A running clock keeps the rules it started under: publishing a new charter or editing the
business calendar never moves a deadline already set; the next lead gets the new rules."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from escalations.models import Clock
from leads.models import Lead
from slaportal.api.models import ApiToken, Scope
from slaportal.charter import services as charter
from slaportal.charter.in_force import forget
from slaportal.charter.models import (
    BusinessCalendar,
    CharterVersion,
    ClosedDate,
    Policy,
    editing_as,
)
from slaportal.events import DomainEvent, Event, publish
from tests.escalations.conftest import sweep

pytestmark = pytest.mark.django_db

ROUTED = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)


def first_touch(lead) -> Clock:
    return Clock.objects.get(subject_id=lead.pk, code="sdr_first_touch_t1")


def publish_v2(org, code: str, **changes):
    v1 = CharterVersion.objects.active()
    v2 = charter.start_draft(org["revops"], based_on=v1, change_notes=f"{code}: {changes}")
    with editing_as(org["revops"]):
        policy = Policy.objects.get(version=v2, code=code)
        for field, value in changes.items():
            setattr(policy, field, value)
        policy.save()
    charter.submit_for_review(v2, org["revops"])
    for leader in ("vpmarketing", "sdrmgr", "vpsales"):
        charter.sign_off(v2, org[leader])
    charter.publish(v2, org["revops"])
    forget()
    return v2


def test_a_new_charter_leaves_running_clocks_alone(mql, org, post, now):
    now.shift(timedelta(minutes=1))
    v2 = publish_v2(org, "sdr_first_touch_t1", target_amount=10)
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


@pytest.fixture
def sequencer(org):
    _, key = ApiToken.issue(
        name="Sequencer", scopes=[Scope.ACTIVITIES_WRITE], created_by=org["revops"]
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_running_clock_stops_on_its_own_rules_event_the_new_charter_no_longer_names(
    mql, org, sequencer, client, now
):
    """v2 stops the enrolment clock on a first touch instead; a clock started under v1 is
    still stopped by the enrolment, an event no policy of v2 is stopped by."""
    now.shift(timedelta(minutes=1))
    publish_v2(org, "sequence_enrollment", stop_events=["lead.activity_logged"])

    response = client.post(
        f"/api/v1/leads/{mql.pk}/sequence",
        {"sequence": "Tier 1 — inbound demo"},
        content_type="application/json",
        **sequencer,
    )

    assert response.status_code == 201
    clock = Clock.objects.get(subject_id=mql.pk, code="sequence_enrollment")
    assert (clock.version.number, clock.status) == (1, Clock.Status.MET)


def test_a_clock_of_a_version_just_published_elsewhere_stops_on_its_new_event(mql, org, post, now):
    """v2 stops the enrolment clock on a connected call, an event v1 stops nothing on. An
    event published by a process that still sees v1 in force (it remembers for a moment)
    stops the clock of a lead routed under v2 all the same."""
    v1 = CharterVersion.objects.active()
    now.shift(timedelta(minutes=1))
    publish_v2(org, "sequence_enrollment", stop_events=["lead.call_connected"])
    post(email="sam@globex.example", external_id="map-2", occurred_at=ROUTED.isoformat())
    second = Lead.objects.get(email="sam@globex.example")

    with transaction.atomic():
        publish(
            DomainEvent(
                name=Event.LEAD_CALL_CONNECTED,
                subject_type="lead",
                subject_id=second.pk,
                occurred_at=timezone.now(),
                data=second.event_context(),
                charter_version_id=v1.pk,
            )
        )

    clock = Clock.objects.get(subject_id=second.pk, code="sequence_enrollment")
    assert (clock.version.number, clock.status) == (2, Clock.Status.MET)
