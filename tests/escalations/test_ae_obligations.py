"""The AE's half (seed 002): accept or reject an SQL within 4 business hours (breach over 8,
to the AE manager); make personal contact within 24 business hours of accepting (breach over
48: the AE manager, then VP Sales a day later); open the opportunity in the same session."""

from datetime import UTC, datetime, timedelta

import pytest

from escalations.models import Breach, Clock, Escalation
from leads.services import touches
from pipeline import services
from tests.escalations.conftest import sweep

pytestmark = pytest.mark.django_db

QUALIFIED = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)  # Tuesday 10:00 New York
ACCEPTANCE_BREACH = datetime(2026, 3, 3, 23, 0, tzinfo=UTC)  # 8 business hours: Tue 18:00


def clock(subject_id, code) -> Clock:
    return Clock.objects.get(subject_type="lead", subject_id=subject_id, code=code)


def escalated(code) -> list[tuple[int, list[str]]]:
    return [
        (e.step, sorted(e.recipients.values_list("username", flat=True)))
        for e in Escalation.objects.filter(clock__code=code).order_by("step")
    ]


def test_an_sql_left_unaccepted_breaches_at_8_business_hours_to_the_ae_manager(sql, org, now):
    assert clock(sql.pk, "ae_sql_acceptance").breach_at == ACCEPTANCE_BREACH

    now.move_to(ACCEPTANCE_BREACH)
    sweep()

    breach = Breach.objects.get(code="ae_sql_acceptance")
    assert (breach.owner, breach.breached_at) == (sql.ae, ACCEPTANCE_BREACH)
    assert escalated("ae_sql_acceptance") == [(1, ["aemgr"])]


def test_accepting_opens_the_opportunity_in_the_same_step(opportunity):
    creation = clock(opportunity.lead_id, "opportunity_creation")

    assert (creation.status, creation.stopped_at) == ("met", creation.started_at)
    assert clock(opportunity.lead_id, "ae_sql_acceptance").status == "met"


def test_no_personal_touch_escalates_to_the_ae_manager_then_vp_sales(opportunity, org, now):
    first_touch = clock(opportunity.lead_id, "ae_first_touch")
    # 48 business hours from Tuesday 10:00 (10 a day) is Monday 18:00 (EDT by then).
    breach_at = datetime(2026, 3, 9, 22, 0, tzinfo=UTC)
    assert first_touch.breach_at == breach_at

    now.move_to(breach_at)
    sweep()
    assert escalated("ae_first_touch") == [(1, ["aemgr"])]

    now.move_to(breach_at + timedelta(days=1))  # Tuesday 18:00: 10 of the 24 hours
    sweep()
    assert escalated("ae_first_touch") == [(1, ["aemgr"])]

    now.move_to(datetime(2026, 3, 12, 16, 0, tzinfo=UTC))  # Thursday 12:00: 24 business hours
    sweep()
    assert escalated("ae_first_touch") == [(1, ["aemgr"]), (2, ["vpsales"])]
    breach = Breach.objects.get(code="ae_first_touch")
    assert breach.level == 2
    assert sorted(breach.escalated_to.values_list("username", flat=True)) == ["aemgr", "vpsales"]


def test_a_touch_before_the_breach_stops_the_ladder(opportunity, org, now):
    now.move_to(datetime(2026, 3, 4, 16, 0, tzinfo=UTC))  # Wednesday 11:00
    services.log_activity(
        opportunity, org["ae1"], channel="call", outcome="connected", occurred_at=None
    )
    now.move_to(datetime(2026, 3, 12, 14, 0, tzinfo=UTC))
    sweep()

    assert clock(opportunity.lead_id, "ae_first_touch").status == "met"
    assert not Escalation.objects.filter(clock__code="ae_first_touch").exists()


def test_the_sdrs_touch_is_not_the_aes(opportunity, org, now):
    now.move_to(datetime(2026, 3, 4, 16, 0, tzinfo=UTC))
    touches.log_activity(
        opportunity.lead, org["sdr1"], channel="email", outcome="sent", occurred_at=None
    )

    assert clock(opportunity.lead_id, "ae_first_touch").status == "running"
