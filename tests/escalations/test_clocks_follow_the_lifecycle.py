"""Which clocks run: an SDR's clock starts only when Marketing's half is met (the lead routed),
a subject that leaves the flow cancels its open clocks, the SAL-after-first-attempt clock
starts on the first attempt on an MQL only, and Marketing's own clocks measure its half."""

from datetime import timedelta

import pytest

from escalations.models import Breach, Clock
from leads.models import Lead, Territory
from leads.services import lifecycle, touches
from tests.escalations.conftest import sweep

pytestmark = pytest.mark.django_db


def codes(lead, **filters) -> set[str]:
    return set(
        Clock.objects.filter(subject_type="lead", subject_id=lead.pk, **filters).values_list(
            "code", flat=True
        )
    )


def test_marketings_half_is_measured_and_the_sdrs_clocks_start_on_routing(mql):
    assert {"scoring_latency", "crm_routing"} <= codes(mql, status="met")
    assert {"sdr_first_touch_t1", "sal_accept_reject", "sequence_enrollment"} <= codes(
        mql, status="running"
    )
    scoring = Clock.objects.get(subject_id=mql.pk, code="scoring_latency")
    assert scoring.started_at < scoring.stopped_at  # from the action (09:58) to the score


def test_a_lead_held_for_an_unstaffed_territory_starts_no_sdr_clock(post, now, org):
    Territory.objects.update(is_active=False)

    post()

    lead = Lead.objects.get()
    assert lead.hold_reason == "REJ-07"
    assert not codes(lead) & {"sdr_first_touch_t1", "sal_accept_reject", "sequence_enrollment"}


def test_leaving_the_flow_cancels_the_open_clocks(mql, org, now):
    now.shift(timedelta(minutes=1))
    lifecycle.transition(mql, "disqualify", org["sdr1"], reason_code="DQ-04")
    now.shift(timedelta(days=30))
    sweep()

    assert "running" not in set(Clock.objects.values_list("status", flat=True))
    assert not Breach.objects.exists()
    first_touch = Clock.objects.get(subject_id=mql.pk, code="sdr_first_touch_t1")
    assert first_touch.status == "met"  # disqualifying is a resolution: it stops that clock
    assert Clock.objects.get(subject_id=mql.pk, code="sal_accept_reject").status == "cancelled"


def test_sal_acceptance_counts_from_the_first_attempt_on_an_mql_only(mql, org, now):
    now.shift(timedelta(minutes=2))
    touches.log_activity(mql, org["sdr1"], channel="call", outcome="no_answer", occurred_at=None)
    lead = lifecycle.transition(mql, "accept", org["sdr1"])
    touches.log_activity(lead, org["sdr1"], channel="email", outcome="sent", occurred_at=None)

    (clock,) = Clock.objects.filter(subject_id=mql.pk, code="sal_acceptance_after_first_attempt")
    assert clock.status == "met"  # the later touch of the SAL started no second clock


def test_a_start_event_that_also_stops_a_clock_restarts_it(opportunity, org, now):
    from pipeline import services

    now.shift(timedelta(days=3))
    services.log_activity(
        opportunity, org["ae1"], channel="call", outcome="no_answer", occurred_at=None
    )

    minimum = Clock.objects.filter(
        subject_type="opportunity", subject_id=opportunity.pk, code="opportunity_activity_minimum"
    ).order_by("started_at")
    assert [c.status for c in minimum] == ["met", "running"]
    assert minimum[1].target_at == minimum[1].started_at + timedelta(days=10)
