"""Touches and meetings carry system timestamps; the history is append-only; events fire."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leads.models import Activity, Lead, LeadTransition, Meeting
from leads.services import lifecycle, touches
from slaportal.api.models import ApiToken, Scope
from slaportal.events import Event, subscribe, unsubscribe
from tests.leads.conftest import TUESDAY_10AM_NY

pytestmark = pytest.mark.django_db


@pytest.fixture
def dialer(org):
    _, key = ApiToken.issue(
        name="Dialer",
        scopes=[Scope.ACTIVITIES_WRITE, Scope.MEETINGS_WRITE],
        created_by=org["revops"],
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def events():
    seen = []

    def record(event):
        seen.append(event.name)

    subscribe(record)
    yield seen
    unsubscribe(record)


def test_the_dialers_timestamp_is_kept_beside_the_servers(client, mql, dialer):
    response = client.post(
        f"/api/v1/leads/{mql.pk}/activities",
        {"channel": "call", "outcome": "connected", "occurred_at": "2026-03-03T09:59:30-05:00"},
        content_type="application/json",
        **dialer,
    )

    assert response.status_code == 201
    activity = Activity.objects.get()
    assert activity.occurred_at.isoformat() == "2026-03-03T14:59:30+00:00"
    assert activity.received_at == TUESDAY_10AM_NY


def test_a_person_cannot_backdate_a_touch(client, mql, org):
    client.force_login(org["sdr1"])

    client.post(
        f"/api/v1/leads/{mql.pk}/activities",
        {"channel": "email", "outcome": "sent", "occurred_at": "2026-03-01T09:00:00-05:00"},
        content_type="application/json",
    )

    assert Activity.objects.get().occurred_at == TUESDAY_10AM_NY


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"channel": "fax", "outcome": "sent"}, "channel"),
        ({"channel": "call", "outcome": "maybe"}, "outcome"),
        (
            {"channel": "call", "outcome": "connected", "occurred_at": "2026-03-05T10:00:00Z"},
            "occurred_at",
        ),
        ({"outcome": "sent"}, "channel"),
    ],
)
def test_bad_touches_are_refused_naming_the_field(client, mql, dialer, body, field):
    response = client.post(
        f"/api/v1/leads/{mql.pk}/activities", body, content_type="application/json", **dialer
    )

    assert response.status_code == 422
    assert any(field in error["loc"] for error in response.json()["detail"])
    assert not Activity.objects.exists()


def test_touches_and_the_history_cannot_be_edited_or_deleted(mql, org):
    activity = touches.log_activity(
        mql, org["sdr1"], channel="call", outcome="voicemail", occurred_at=None
    )
    history = LeadTransition.objects.get()

    activity.occurred_at = timezone.now() - timedelta(days=1)
    with pytest.raises(ValidationError, match="cannot be changed"):
        activity.save()
    with pytest.raises(ValidationError, match="cannot be deleted"):
        history.delete()
    history.to_state = "sql"
    with pytest.raises(ValidationError, match="cannot be changed"):
        history.save()


def test_meetings_are_booked_then_held_once(client, mql, dialer):
    booked = client.post(
        f"/api/v1/leads/{mql.pk}/meetings",
        {
            "starts_at": "2026-03-05T15:00:00Z",
            "meeting_url": "https://meet.example/acme",
            "kind": "discovery",
        },
        content_type="application/json",
        **dialer,
    )
    meeting_id = booked.json()["id"]
    held = client.post(f"/api/v1/leads/{mql.pk}/meetings/{meeting_id}/held", **dialer)
    again = client.post(f"/api/v1/leads/{mql.pk}/meetings/{meeting_id}/no_show", **dialer)

    assert booked.status_code == 201
    assert held.json()["status"] == "held"
    assert again.status_code == 409
    assert Meeting.objects.get().status == "held"


def test_a_meeting_link_must_be_a_link(client, mql, dialer):
    response = client.post(
        f"/api/v1/leads/{mql.pk}/meetings",
        {"starts_at": "2026-03-05T15:00:00Z", "meeting_url": "call me"},
        content_type="application/json",
        **dialer,
    )

    assert response.status_code == 422
    assert not Meeting.objects.exists()


def test_domain_events_follow_each_change(post, now, org, events):
    post()
    lead = Lead.objects.get()
    lifecycle.transition(lead, "accept", org["sdr1"])
    touches.log_activity(lead, org["sdr1"], channel="call", outcome="connected", occurred_at=None)

    assert events == [
        Event.LEAD_CREATED,
        Event.LEAD_ACTION_RECORDED,
        Event.LEAD_SCORED,
        Event.LEAD_STATE_CHANGED,
        Event.LEAD_BECAME_MQL,
        Event.LEAD_ROUTED,
        Event.LEAD_STATE_CHANGED,
        Event.LEAD_ACCEPTED,
        Event.LEAD_ACTIVITY_LOGGED,
        Event.LEAD_CALL_CONNECTED,
        Event.ACCOUNT_ENGAGED,
    ]


def test_cadence_progress_is_shown_on_the_lead(mql, org):
    for _ in range(3):
        touches.log_activity(mql, org["sdr1"], channel="email", outcome="sent", occurred_at=None)

    progress = touches.cadence_progress(Lead.objects.get())

    assert progress["touches"] == 3
    assert (progress["planned_touches"], progress["over_business_days"]) == (8, 7)
    assert progress["ends_at"].date().isoformat() == "2026-03-12"
    assert (progress["complete"], progress["behind"]) == (False, False)
