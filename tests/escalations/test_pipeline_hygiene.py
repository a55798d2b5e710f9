"""Pipeline hygiene (seed 002's escalation matrix): a deal past its stage's age limit, a close
date pushed twice in a quarter, an amount moved more than 30 %. Each opens an escalation with
its own deadline for the required action; where a hygiene trigger and a policy watch the same
thing, people are told once."""

from datetime import UTC, date, datetime, timedelta

import pytest

from escalations.models import Breach, Clock, Escalation, Notification
from pipeline import services
from tests.escalations.conftest import deliver_all, sweep

pytestmark = pytest.mark.django_db

OPENED = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)  # Tuesday 10:00 New York
STAGE_1_LIMIT = OPENED + timedelta(days=21)


def told(breach) -> list[str]:
    return sorted(breach.escalated_to.values_list("username", flat=True))


def notices_to(username, breach) -> int:
    return Notification.objects.filter(
        escalation__breach=breach,
        recipient__username=username,
        channel=Notification.Channel.IN_APP,
    ).count()


def test_stage_age_over_its_limit_is_one_notice_with_a_review_deadline(opportunity, org, now):
    now.move_to(STAGE_1_LIMIT)
    sweep()
    sweep()

    (breach,) = Breach.objects.filter(subject_type="opportunity", concern="stage_age_exceeded")
    assert breach.code == "stage_age_stage_1"  # the policy broke first, the trigger joined it
    assert told(breach) == ["aemgr"]
    assert notices_to("aemgr", breach) == 1
    assert breach.required_action == "Scheduled deal review meeting with AE"
    assert breach.action_due_at == STAGE_1_LIMIT + timedelta(hours=48)
    assert set(breach.clocks.values_list("code", flat=True)) == {
        "stage_age_stage_1",
        "stage_age_exceeded",
        "stage_age_exceeded.action",
    }


def test_the_review_deadline_is_met_by_leaving_the_stage(opportunity, org, now):
    now.move_to(STAGE_1_LIMIT)
    sweep()
    now.move_to(STAGE_1_LIMIT + timedelta(hours=5))
    services.book_meeting(
        opportunity, org["ae1"], kind="economic_buyer", starts_at=now_at(), meeting_url=""
    )
    services.advance(
        opportunity,
        org["ae1"],
        metrics="m",
        economic_buyer="CFO",
        decision_criteria="c",
        decision_process="p",
        implicate_pain="i",
        champion="Dana",
    )

    action = Clock.objects.get(code="stage_age_exceeded.action")
    assert (action.status, action.stopped_at) == ("met", STAGE_1_LIMIT + timedelta(hours=5))
    assert Breach.objects.get(concern="stage_age_exceeded").status == "open"  # still on record


def test_a_missed_review_deadline_is_recorded(opportunity, org, now):
    now.move_to(STAGE_1_LIMIT + timedelta(hours=48, seconds=1))
    sweep()
    sweep()

    action = Clock.objects.get(code="stage_age_exceeded.action")
    assert action.status == "missed"
    assert action.milestones.get().kind == "target"


def now_at():
    from django.utils import timezone

    return timezone.now()


def push(opportunity, owner, day: date):
    services.update(opportunity, owner, close_date=day)


def test_a_close_date_pushed_twice_in_a_quarter_alerts_the_ae_and_vp_sales(opportunity, org, now):
    push(opportunity, org["ae1"], date(2026, 6, 15))
    assert not Breach.objects.filter(code="close_date_pushed_twice").exists()

    now.shift(timedelta(days=2))
    push(opportunity, org["ae1"], date(2026, 6, 29))
    push(opportunity, org["ae1"], date(2026, 7, 10))  # a third: no second notice
    deliver_all()

    (breach,) = Breach.objects.filter(code="close_date_pushed_twice")
    assert told(breach) == ["ae1", "vpsales"]
    assert breach.breached_at == OPENED + timedelta(days=2)
    assert breach.action_due_at == breach.breached_at + timedelta(hours=72)
    assert Escalation.objects.filter(breach=breach).count() == 1
    assert notices_to("vpsales", breach) == 1
    notice = Notification.objects.filter(escalation__breach=breach).first()
    assert "Required: Deal strategy review; reassess probability" in notice.body
    assert f"By {breach.action_due_at:%Y-%m-%d %H:%M}" in notice.body


def test_resolving_the_breach_meets_its_deadline(opportunity, org, client, now):
    push(opportunity, org["ae1"], date(2026, 6, 15))
    push(opportunity, org["ae1"], date(2026, 6, 29))
    breach = Breach.objects.get(code="close_date_pushed_twice")
    client.force_login(org["vpsales"])

    response = client.post(
        f"/api/v1/breaches/{breach.pk}/resolve",
        {"root_cause": "Procurement moved to next quarter; probability cut to 40 %"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert Clock.objects.get(code="close_date_pushed_twice.action").status == "met"


def test_an_amount_moved_over_30_percent_alerts_vp_sales_and_revops(opportunity, org, now):
    services.update(opportunity, org["ae1"], amount=12_000)  # +20 %
    assert not Breach.objects.filter(code="acv_change").exists()

    services.update(opportunity, org["ae1"], amount=6_500)  # −35 %

    breach = Breach.objects.get(code="acv_change")
    assert told(breach) == ["revops", "vpsales"]
    assert breach.required_action.startswith("Scope and risk review")


def test_no_activity_is_one_notice_for_the_policy_and_the_trigger(opportunity, org, now):
    """The activity minimum (10 days) breaches first and tells the AE manager; the zero
    activity trigger (10 business days) joins it and tells only the AE, who was not told."""
    now.move_to(OPENED + timedelta(days=10))
    sweep()
    now.move_to(OPENED + timedelta(days=14))  # 10 business days
    sweep()

    (breach,) = Breach.objects.filter(concern="zero_activity")
    assert breach.code == "opportunity_activity_minimum"
    assert told(breach) == ["ae1", "aemgr"]
    assert notices_to("aemgr", breach) == 1
    assert notices_to("ae1", breach) == 1
