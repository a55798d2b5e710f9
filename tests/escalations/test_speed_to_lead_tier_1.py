"""Speed to lead for a Tier 1 demo request (seed 002), through the API and `sla_sweep` as the
marketing platform, the dialer and a manager would: a first attempt within 5 business minutes
is met; within 40 minutes, missed but no breach; never, a breach at 2 business hours,
escalated to the SDR manager once however many sweeps run."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from escalations.models import Breach, Escalation, Notification
from slaportal.api.models import ApiToken, Scope
from tests.escalations.conftest import deliver_all, sweep

pytestmark = pytest.mark.django_db

ROUTED = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)  # Tuesday 10:00 New York
TARGET = ROUTED + timedelta(minutes=5)
BREACH = datetime(2026, 3, 3, 17, 0, tzinfo=UTC)  # 12:00 New York: 2 business hours on


@pytest.fixture
def dialer(org):
    _, key = ApiToken.issue(
        name="Dialer", scopes=[Scope.ACTIVITIES_WRITE, Scope.LEADS_READ], created_by=org["revops"]
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def first_touch(client, lead, dialer) -> dict:
    body = client.get(f"/api/v1/leads/{lead.pk}", **dialer).json()
    return next(clock for clock in body["clocks"] if clock["policy"] == "sdr_first_touch_t1")


def call(client, lead, dialer, at: datetime):
    response = client.post(
        f"/api/v1/leads/{lead.pk}/activities",
        {"channel": "call", "outcome": "voicemail", "occurred_at": at.isoformat(), "rep": "sdr1"},
        content_type="application/json",
        **dialer,
    )
    assert response.status_code == 201, response.content


def test_the_clock_starts_when_the_lead_is_routed(client, mql, dialer):
    clock = first_touch(client, mql, dialer)

    assert clock["status"] == "running"
    assert (clock["started_at"], clock["target_at"], clock["breach_at"]) == (
        "2026-03-03T15:00:00Z",
        "2026-03-03T15:05:00Z",
        "2026-03-03T17:00:00Z",
    )


def test_answered_in_3_minutes_is_met(client, mql, dialer, now):
    now.shift(timedelta(minutes=4))  # the dialer posts a minute after the call
    call(client, mql, dialer, ROUTED + timedelta(minutes=3))

    clock = first_touch(client, mql, dialer)
    assert (clock["status"], clock["stopped_at"]) == ("met", "2026-03-03T15:03:00Z")


def test_answered_in_40_minutes_is_missed_without_a_breach(client, mql, dialer, now):
    now.shift(timedelta(minutes=40))
    sweep()
    call(client, mql, dialer, ROUTED + timedelta(minutes=40))

    assert first_touch(client, mql, dialer)["status"] == "missed"
    assert not Breach.objects.filter(code="sdr_first_touch_t1").exists()


def test_never_answered_breaches_at_2_business_hours_and_tells_the_manager_once(
    client, mql, org, dialer, now
):
    now.move_to(BREACH - timedelta(seconds=1))
    sweep()
    assert not Breach.objects.filter(code="sdr_first_touch_t1").exists()

    now.move_to(BREACH)
    for _ in range(4):
        sweep()
    deliver_all()
    deliver_all()
    client.force_login(org["sdrmgr"])
    (breach,) = client.get("/api/v1/breaches?policy=sdr_first_touch_t1").json()

    assert breach["subject"] == {"type": "lead", "id": mql.pk}
    assert (breach["owner"], breach["escalated_to"], breach["level"]) == ("sdr1", ["sdrmgr"], 1)
    assert (breach["breached_at"], breach["status"]) == ("2026-03-03T17:00:00Z", "open")
    (escalation,) = Escalation.objects.filter(clock__code="sdr_first_touch_t1")
    assert sorted(escalation.notifications.values_list("channel", "status")) == [
        ("email", "sent"),
        ("in_app", "sent"),
    ]
    (message,) = [m for m in mail.outbox if "SDR first touch" in m.subject]
    assert message.to == [org["sdrmgr"].email]
    assert first_touch(client, mql, dialer)["status"] == "breached"


def test_a_touch_after_the_breach_stops_the_clock_and_keeps_the_breach(client, mql, dialer, now):
    now.move_to(BREACH + timedelta(minutes=10))
    sweep()
    call(client, mql, dialer, BREACH + timedelta(minutes=10))

    clock = first_touch(client, mql, dialer)
    assert (clock["status"], clock["stopped_at"]) == ("breached", "2026-03-03T17:10:00Z")
    assert Breach.objects.get(code="sdr_first_touch_t1").status == "open"
    assert Notification.objects.filter(escalation__clock__code="sdr_first_touch_t1").count() == 2


def test_a_late_posted_touch_is_judged_by_the_dialers_time(client, mql, dialer, now):
    """The dialer's record says 10:03; it reaches the portal at 12:30, after the sweep saw the
    target pass: the clock is met, and no breach is recorded."""
    now.move_to(BREACH - timedelta(minutes=30))
    sweep()
    now.move_to(BREACH + timedelta(minutes=30))
    call(client, mql, dialer, ROUTED + timedelta(minutes=3))

    assert first_touch(client, mql, dialer)["status"] == "met"
    assert not Breach.objects.filter(code="sdr_first_touch_t1").exists()
