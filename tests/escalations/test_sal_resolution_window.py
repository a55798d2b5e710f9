"""Every SAL is promoted, recycled or disqualified within 14 business days (seed 002); at day
12 the SDR manager reviews the open SALs, at day 14 it is a breach escalated to them."""

from datetime import UTC, datetime, timedelta

import pytest

from escalations.models import Breach, Clock, Escalation
from leads.services import lifecycle
from tests.escalations.conftest import deliver_all, sweep

pytestmark = pytest.mark.django_db

# Accepted Tuesday 3 March 2026 10:00 New York; 12 and 14 business days on, no holidays between.
DAY_12 = datetime(2026, 3, 19, 14, 0, tzinfo=UTC)  # Thursday 19 March 10:00 (EDT from 8 March)
DAY_14 = datetime(2026, 3, 23, 14, 0, tzinfo=UTC)  # Monday 23 March 10:00


@pytest.fixture
def sal(mql, org):
    return lifecycle.transition(mql, "accept", org["sdr1"])


def resolution_clock(lead):
    return Clock.objects.get(subject_id=lead.pk, code="sal_resolution")


def test_the_window_is_14_business_days_with_a_day_12_review(sal):
    clock = resolution_clock(sal)

    assert (clock.warn_at, clock.target_at, clock.breach_at) == (DAY_12, DAY_14, DAY_14)


def test_day_12_asks_the_sdr_manager_to_review_and_day_14_breaches(sal, org, now):
    now.move_to(DAY_12 - timedelta(minutes=1))
    sweep()
    assert not Escalation.objects.filter(clock__code="sal_resolution").exists()

    now.move_to(DAY_12)
    sweep()
    (review,) = Escalation.objects.filter(clock__code="sal_resolution")
    assert (review.step, review.breach, review.action) == (1, None, "Day-12 review of open SALs")
    assert list(review.recipients.values_list("username", flat=True)) == ["sdrmgr"]

    now.move_to(DAY_14)
    sweep()
    sweep()
    deliver_all()
    breach = Breach.objects.get(code="sal_resolution")
    assert (breach.breached_at, breach.level) == (DAY_14, 2)
    assert Escalation.objects.filter(clock__code="sal_resolution").count() == 2
    assert list(breach.escalated_to.values_list("username", flat=True)) == ["sdrmgr"]
    assert resolution_clock(sal).status == "breached"


def test_qualifying_before_day_12_meets_it_without_a_review(sal, org, now):
    from leads.services import touches
    from tests.leads.conftest import qualified_body

    now.move_to(DAY_12 - timedelta(days=2))
    touches.book_meeting(
        sal, org["sdr1"], starts_at=DAY_12, meeting_url="https://meet.example/acme"
    )
    lifecycle.transition(sal, "qualify", org["sdr1"], **qualified_body())
    now.move_to(DAY_14)
    sweep()

    assert resolution_clock(sal).status == "met"
    assert not Escalation.objects.filter(clock__code="sal_resolution").exists()
