"""Every stage's entry gate refuses with what is missing, and passes when satisfied."""

from datetime import timedelta

import pytest
from django.utils import timezone

from leads.models import Account
from pipeline.models import Opportunity, StageEntry
from tests.pipeline.conftest import call

pytestmark = pytest.mark.django_db

QUALIFIED = {
    "economic_buyer": "Dana's CFO, Lee Park, signs anything over $20k",
    "decision_criteria": "Time to first value, Salesforce fit, price per seat",
    "champion": "Dana Reyes, VP Sales Ops",
}


def advance(client, opportunity, **facts):
    return call(client, opportunity, "post", "/transitions/advance", **facts)


def book_eb(client, opportunity):
    starts = (timezone.now() + timedelta(days=5)).isoformat()
    return call(
        client,
        opportunity,
        "post",
        "/meetings",
        kind="economic_buyer",
        starts_at=starts,
        meeting_url="https://meet.example/eb",
    )


def to_stage(client, opportunity, stage):
    if stage >= 2:
        book_eb(client, opportunity)
        advance(client, opportunity, **QUALIFIED)
    if stage >= 3:
        advance(client, opportunity, evaluation="Two-week POC with the SDR team")
    if stage >= 4:
        call(
            client, opportunity, "patch", close_date=str(timezone.localdate() + timedelta(days=20))
        )
        advance(client, opportunity, proposal_sent=True)
    return Opportunity.objects.get()


def test_qualification_needs_meddpic_the_economic_buyer_and_an_eb_meeting(
    owner_client, opportunity
):
    refused = advance(owner_client, opportunity)

    assert refused.status_code == 409
    assert refused.json()["detail"] == "The opportunity cannot enter Stage 2 — Qualification yet."
    assert refused.json()["unmet"] == [
        "Economic Buyer validated",
        "Decision Criteria validated",
        "Champion validated",
        "an economic-buyer meeting on the calendar",
    ]
    book_eb(owner_client, opportunity)
    passed = advance(owner_client, opportunity, **QUALIFIED)
    assert passed.status_code == 200
    assert passed.json()["stage"] == "stage_2"
    assert [e.stage for e in StageEntry.objects.all()] == ["stage_1", "stage_2"]


def test_evaluation_needs_an_active_evaluation(owner_client, opportunity):
    to_stage(owner_client, opportunity, 2)

    refused = advance(owner_client, opportunity)
    passed = advance(owner_client, opportunity, evaluation="Deep demo with IT, then a POC")

    assert refused.json()["unmet"] == [
        "an active evaluation recorded (POC, deep demo or technical review)"
    ]
    assert passed.json()["stage"] == "stage_3"


def test_proposal_needs_a_proposal_sent_and_a_close_date_within_30_days(owner_client, opportunity):
    to_stage(owner_client, opportunity, 3)
    far = timezone.localdate() + timedelta(days=45)
    call(owner_client, opportunity, "patch", close_date=str(far))

    refused = advance(owner_client, opportunity)
    call(
        owner_client,
        opportunity,
        "patch",
        close_date=str(timezone.localdate() + timedelta(days=25)),
    )
    passed = advance(owner_client, opportunity, proposal_sent=True)

    assert refused.json()["unmet"] == [
        "a proposal sent",
        f"a close date within 30 days (is {far:%Y-%m-%d})",
    ]
    assert passed.json()["stage"] == "stage_4"


def test_commit_needs_verbal_agreement_and_a_close_date_within_14_days(owner_client, opportunity):
    to_stage(owner_client, opportunity, 4)

    refused = advance(owner_client, opportunity)
    call(
        owner_client,
        opportunity,
        "patch",
        close_date=str(timezone.localdate() + timedelta(days=10)),
    )
    passed = advance(owner_client, opportunity, verbal_agreement=True)

    assert "a verbal agreement recorded" in refused.json()["unmet"]
    assert any("within 14 days" in reason for reason in refused.json()["unmet"])
    assert passed.json()["stage"] == "stage_5"
    assert call(owner_client, opportunity, "post", "/transitions/advance").status_code == 409


def test_losing_needs_a_win_loss_code_and_feedback(owner_client, opportunity):
    bare = call(owner_client, opportunity, "post", "/transitions/lose")
    wrong = call(
        owner_client, opportunity, "post", "/transitions/lose", reason_code="REJ-01", feedback="x"
    )
    lost = call(
        owner_client,
        opportunity,
        "post",
        "/transitions/lose",
        reason_code="WL-COMPETITOR",
        feedback="Chose a cheaper tool; price per seat.",
    )

    assert bare.json()["unmet"] == ["a win-loss reason code", "win-loss feedback for Marketing"]
    assert "Win-loss taxonomy" in wrong.json()["detail"]
    assert lost.json()["stage"] == "lost"
    closed = Opportunity.objects.get()
    assert (closed.closed_by, closed.loss_reason_code) == (opportunity.owner, "WL-COMPETITOR")


def test_winning_records_who_and_when(owner_client, opportunity, now):
    won = call(owner_client, opportunity, "post", "/transitions/win")

    closed = Opportunity.objects.get()
    assert won.json()["stage"] == "won"
    assert (closed.closed_by, closed.closed_at) == (opportunity.owner, timezone.now())
    assert call(owner_client, opportunity, "patch", amount="1").status_code == 409


def test_stage_1_forecast_date_must_be_within_90_days(as_user, mql, org):
    Account.objects.filter(pk=mql.account_id).update(owner_ae=org["ae1"])

    response = as_user("ae1").post(
        "/api/v1/opportunities",
        {
            "account_id": mql.account_id,
            "close_date": str(timezone.localdate() + timedelta(days=91)),
        },
        content_type="application/json",
    )

    assert response.status_code == 409
    assert response.json()["unmet"][0].startswith("a forecast close date within 90 days")
