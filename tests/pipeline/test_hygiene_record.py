"""Next steps, close-date pushes per fiscal quarter, and amount change against the original."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine

from pipeline import services
from pipeline.models import AmountChange, CloseDateChange, NextStep, Opportunity, fiscal_quarter
from tests.pipeline.conftest import call

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("vague", ["follow up", "Follow-up.", "check in", "TBD", "call him"])
def test_a_vague_next_step_is_refused(owner_client, opportunity, vague):
    response = call(
        owner_client, opportunity, "patch", next_step={"action": vague, "due_date": "2026-03-06"}
    )

    assert response.status_code == 409
    assert response.json()["unmet"] == ["a specific action (who does what), not “follow up”"]
    assert not NextStep.objects.exists()


def test_next_steps_keep_their_history_and_the_latest_shows(owner_client, opportunity):
    for action in ("Send the security questionnaire to Lee", "Run pricing review with the CFO"):
        call(
            owner_client,
            opportunity,
            "patch",
            next_step={"action": action, "due_date": "2026-03-10"},
        )

    body = call(owner_client, opportunity, "get").json()

    assert body["next_step"]["action"] == "Run pricing review with the CFO"
    assert NextStep.objects.count() == 2


def test_pushes_are_counted_per_quarter_across_the_boundary(owner_client, opportunity):
    def move_close_to(day, at):
        with time_machine.travel(at, tick=False):
            owner_client.force_login(opportunity.owner)  # weeks later: a new session
            response = call(owner_client, opportunity, "patch", close_date=day)
            assert response.status_code == 200, response.content
            return response.json()

    march = datetime(2026, 3, 20, 15, tzinfo=UTC)
    move_close_to("2026-06-15", march)  # opened with 2026-06-01: a push
    first_quarter = move_close_to("2026-06-29", march)
    pulled_in = move_close_to("2026-06-20", march)
    april = datetime(2026, 4, 2, 15, tzinfo=UTC)
    with time_machine.travel(april, tick=False):
        owner_client.force_login(opportunity.owner)
        new_quarter = call(owner_client, opportunity, "get").json()
    pushed_again = move_close_to("2026-06-25", april)

    assert first_quarter["close_date_pushes_this_quarter"] == 2
    assert pulled_in["close_date_pushes_this_quarter"] == 2  # pulling in is not a push
    assert new_quarter["close_date_pushes_this_quarter"] == 0
    assert pushed_again["close_date_pushes_this_quarter"] == 1
    changes = CloseDateChange.objects.order_by("id")
    assert [c.quarter for c in changes] == ["2026-Q1", "2026-Q1", "2026-Q1", "2026-Q2"]
    assert (changes[0].changed_by, str(changes[0].old)) == (opportunity.owner, "2026-06-01")


def test_fiscal_quarters_follow_the_fiscal_year(settings):
    settings.FISCAL_YEAR_START_MONTH = 2

    assert fiscal_quarter(date(2026, 1, 31)) == "2026-Q4"
    assert fiscal_quarter(date(2026, 2, 1)) == "2027-Q1"
    assert fiscal_quarter(date(2026, 11, 23)) == "2027-Q4"


def test_amount_change_is_measured_against_the_original_estimate(owner_client, opportunity):
    call(owner_client, opportunity, "patch", amount="12000")
    body = call(owner_client, opportunity, "patch", amount="13500").json()

    assert Decimal(body["original_amount"]) == Decimal("10000")
    assert Decimal(body["amount_change_percent"]) == Decimal("35.0")
    assert [c.percent_of_original for c in AmountChange.objects.order_by("id")] == [
        Decimal("20.0"),
        Decimal("35.0"),
    ]


def test_the_largest_change_the_api_allows_is_recorded(owner_client, opportunity):
    """From the original 10,000 to the largest amount there is: a percent of 13 digits."""
    response = call(owner_client, opportunity, "patch", amount="9999999999.99")

    assert response.status_code == 200
    assert AmountChange.objects.get().percent_of_original == Decimal("99999900.0")


def test_success_plan_and_activities_are_recorded(owner_client, opportunity):
    call(
        owner_client,
        opportunity,
        "patch",
        success_plan="Pilot with 5 reps, success = 5-min response",
    )
    logged = call(
        owner_client,
        opportunity,
        "post",
        "/activities",
        channel="call",
        outcome="connected",
        occurred_at="2026-03-01T10:00:00Z",
    )

    refreshed = Opportunity.objects.get()
    assert refreshed.success_plan_agreed_at is not None
    assert logged.status_code == 201
    # A person's touch is dated by the server, never backdated.
    assert refreshed.last_activity_at == refreshed.activities.get().received_at


def test_histories_cannot_be_rewritten(opportunity, org):
    services.update(opportunity, opportunity.owner, close_date=date(2026, 4, 30))
    change = CloseDateChange.objects.get()
    change.new = date(2026, 12, 31)

    with pytest.raises(Exception, match="cannot be changed"):
        change.save()


def test_the_sla_engine_is_told_what_happened(owner_client, opportunity):
    from slaportal.events import Event, subscribe, unsubscribe

    seen = []

    def record(event):
        seen.append((event.name, event.data))

    subscribe(record)
    try:
        call(
            owner_client,
            opportunity,
            "patch",
            close_date="2026-06-10",
            amount="14000",
            next_step={"action": "Send the pilot plan to Dana", "due_date": "2026-03-06"},
        )
        call(
            owner_client,
            opportunity,
            "post",
            "/transitions/lose",
            reason_code="WL-BUDGET",
            feedback="Budget frozen until Q3",
        )
    finally:
        unsubscribe(record)

    names = [name for name, _ in seen]
    assert names == [
        Event.OPPORTUNITY_CLOSE_DATE_CHANGED,
        Event.OPPORTUNITY_AMOUNT_CHANGED,
        Event.OPPORTUNITY_NEXT_STEP_LOGGED,
        Event.OPPORTUNITY_STAGE_LEFT,
        Event.OPPORTUNITY_CLOSED,
        Event.OPPORTUNITY_LOST,
        Event.OPPORTUNITY_WIN_LOSS_RECORDED,
    ]
    assert seen[0][1]["pushes_this_quarter"] == 1
    assert seen[1][1]["percent_of_original"] == "40.0"


def test_an_opportunity_meeting_is_held_once(owner_client, opportunity):
    booked = call(
        owner_client,
        opportunity,
        "post",
        "/meetings",
        kind="economic_buyer",
        starts_at="2026-03-05T15:00:00Z",
    )
    path = f"/meetings/{booked.json()['id']}"

    held = call(owner_client, opportunity, "post", f"{path}/held")
    again = call(owner_client, opportunity, "post", f"{path}/cancelled")

    assert (booked.status_code, held.json()["status"]) == (201, "held")
    assert again.status_code == 409
    assert again.json()["detail"] == "The meeting is already held."
