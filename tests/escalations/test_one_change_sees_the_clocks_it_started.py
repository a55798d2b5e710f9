"""The engine reads a subject's clocks once per change and keeps them in step: a clock that
recording starts half-way through the change (a hygiene review deadline) is one its later
events can stop."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction

from escalations.models import Clock
from slaportal.events import DomainEvent, Event, publish, together

pytestmark = pytest.mark.django_db

STAGE_1_LIMIT = datetime(2026, 3, 3, 15, 0, tzinfo=UTC) + timedelta(days=21)


def stage_left(opportunity, at) -> DomainEvent:
    return DomainEvent(
        name=Event.OPPORTUNITY_STAGE_LEFT,
        subject_type="opportunity",
        subject_id=opportunity.pk,
        occurred_at=at,
        data=opportunity.event_context(),
    )


def test_a_review_deadline_started_by_an_earlier_event_of_the_change_is_stopped_by_a_later_one(
    opportunity, now
):
    """The first event finds the stage limit passed (the sweep has not run): it records the
    breach, which starts the review deadline; the second event of the same change meets it."""
    now.move_to(STAGE_1_LIMIT + timedelta(hours=5))

    with transaction.atomic(), together():
        publish(stage_left(opportunity, STAGE_1_LIMIT + timedelta(hours=1)))
        publish(stage_left(opportunity, STAGE_1_LIMIT + timedelta(hours=2)))

    action = Clock.objects.get(code="stage_age_exceeded.action")
    assert (action.status, action.stopped_at) == ("met", STAGE_1_LIMIT + timedelta(hours=2))
