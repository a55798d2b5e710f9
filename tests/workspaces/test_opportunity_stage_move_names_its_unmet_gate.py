"""A stage move its gate blocks says, in words, what the gate still needs; once met, it moves."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pipeline import services
from pipeline.models import Opportunity, OpportunityMeeting

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_unmet_gate_beside_the_disabled_move(opportunity, as_user):
    page = as_user(opportunity.owner.username).get(f"/opportunities/{opportunity.pk}/")

    unmet = page.content.decode().split('data-testid="unmet-advance"')[1].split("</span>")[0]
    assert "Economic Buyer validated" in unmet
    assert "An economic-buyer meeting on the calendar" in unmet


def test_a_blocked_move_is_refused_with_the_unmet_gate_and_changes_nothing(opportunity, as_user):
    client = as_user(opportunity.owner.username)

    page = client.post(
        f"/opportunities/{opportunity.pk}/advance/",
        {"economic_buyer": "Sam Ortiz, CFO", "champion": "Dana Reyes"},
        follow=True,
    ).content.decode()

    assert "The opportunity cannot enter Stage 2 — Qualification yet." in page
    assert (
        "Missing: Decision Criteria validated; an economic-buyer meeting on the calendar." in page
    )
    opportunity.refresh_from_db()
    assert opportunity.stage == Opportunity.Stage.STAGE_1
    assert opportunity.economic_buyer == ""  # the facts sent with a refused move are not kept


def test_the_move_goes_through_once_its_gate_is_met(opportunity, as_user):
    services.book_meeting(
        opportunity,
        opportunity.owner,
        kind=OpportunityMeeting.Kind.ECONOMIC_BUYER,
        starts_at=timezone.now() + timedelta(days=2),
    )
    client = as_user(opportunity.owner.username)

    page = client.post(
        f"/opportunities/{opportunity.pk}/advance/",
        {
            "economic_buyer": "Sam Ortiz, CFO",
            "decision_criteria": "SOC 2, Salesforce sync",
            "champion": "Dana Reyes",
        },
        follow=True,
    ).content.decode()

    assert "Moved to Stage 2 — Qualification." in page
    opportunity.refresh_from_db()
    assert opportunity.stage == Opportunity.Stage.STAGE_2
