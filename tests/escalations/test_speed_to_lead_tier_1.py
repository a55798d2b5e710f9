"""Speed to lead for a Tier 1 demo request (seed 002): a first attempt within 5 business
minutes is met; within 40 minutes, missed but no breach; never, a breach at 2 business hours,
escalated to the SDR manager once however many sweeps run."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from escalations.models import Breach, Clock, Escalation, Milestone, Notification
from leads.services import touches
from tests.escalations.conftest import deliver_all, sweep

pytestmark = pytest.mark.django_db

ROUTED = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)  # Tuesday 10:00 New York
TARGET = ROUTED + timedelta(minutes=5)
BREACH = datetime(2026, 3, 3, 17, 0, tzinfo=UTC)  # 12:00 New York: 2 business hours on


def first_touch_clock(lead) -> Clock:
    return Clock.objects.get(subject_type="lead", subject_id=lead.pk, code="sdr_first_touch_t1")


def call(lead, sdr):
    touches.log_activity(lead, sdr, channel="call", outcome="voicemail", occurred_at=None)


def test_the_clock_starts_when_the_lead_is_routed(mql):
    clock = first_touch_clock(mql)

    assert (clock.status, clock.started_at, clock.target_at, clock.breach_at) == (
        "running",
        ROUTED,
        TARGET,
        BREACH,
    )
    assert clock.owner.username == "sdr1"
    assert clock.timezone == "America/New_York"


def test_answered_in_3_minutes_is_met(mql, org, now):
    now.shift(timedelta(minutes=3))
    call(mql, org["sdr1"])

    clock = first_touch_clock(mql)
    assert (clock.status, clock.stopped_at, clock.next_due_at) == (
        "met",
        TARGET - timedelta(minutes=2),
        None,
    )
    assert not Milestone.objects.filter(clock=clock).exists()


def test_answered_in_40_minutes_is_missed_without_a_breach(mql, org, now):
    now.shift(timedelta(minutes=40))
    sweep()
    call(mql, org["sdr1"])

    clock = first_touch_clock(mql)
    assert clock.status == "missed"
    assert list(Milestone.objects.filter(clock=clock).values_list("kind", "due_at")) == [
        ("target", TARGET)
    ]
    assert not Breach.objects.filter(code="sdr_first_touch_t1").exists()


def test_never_answered_breaches_at_2_business_hours_and_tells_the_manager_once(mql, org, now):
    now.move_to(BREACH - timedelta(seconds=1))
    sweep()
    assert not Breach.objects.filter(code="sdr_first_touch_t1").exists()

    now.move_to(BREACH)
    for _ in range(4):
        sweep()
    deliver_all()
    deliver_all()

    breach = Breach.objects.get(code="sdr_first_touch_t1")
    assert (breach.breached_at, breach.owner, breach.level, breach.status) == (
        BREACH,
        org["sdr1"],
        1,
        "open",
    )
    assert list(breach.escalated_to.values_list("username", flat=True)) == ["sdrmgr"]
    (escalation,) = Escalation.objects.filter(clock__code="sdr_first_touch_t1")
    assert sorted(escalation.notifications.values_list("channel", "status")) == [
        ("email", "sent"),
        ("in_app", "sent"),
    ]
    (message,) = [m for m in mail.outbox if "SDR first touch" in m.subject]
    assert message.to == [org["sdrmgr"].email]
    assert first_touch_clock(mql).status == "breached"


def test_a_touch_after_the_breach_stops_the_clock_and_keeps_the_breach(mql, org, now):
    now.move_to(BREACH + timedelta(minutes=10))
    sweep()
    call(mql, org["sdr1"])

    clock = first_touch_clock(mql)
    assert (clock.status, clock.stopped_at) == ("breached", BREACH + timedelta(minutes=10))
    assert Breach.objects.get(code="sdr_first_touch_t1").status == "open"
    assert Notification.objects.filter(escalation__clock=clock).count() == 2
