"""The AE's acceptance of an SQL and the opening of the opportunity are one step."""

from decimal import Decimal

import pytest

from leads.models import Account, Lead
from pipeline.models import Opportunity, StageEntry

pytestmark = pytest.mark.django_db


def test_ae_accept_opens_the_opportunity_and_returns_its_id(sql, as_user):
    response = as_user(sql.ae.username).post(
        f"/api/v1/leads/{sql.pk}/transitions/ae_accept",
        {"briefing_read": True, "amount": "24000"},
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    opportunity = Opportunity.objects.get()
    assert (body["state"], body["opportunity_id"]) == ("converted", opportunity.pk)
    assert (opportunity.stage, opportunity.owner, opportunity.lead) == ("stage_1", sql.ae, sql)
    assert opportunity.original_amount == opportunity.amount == Decimal("24000")
    assert opportunity.metrics == sql.metrics  # the SDR's qualification comes along
    assert StageEntry.objects.get().stage == "stage_1"


def test_without_briefing_read_nothing_opens(sql, as_user):
    response = as_user(sql.ae.username).post(
        f"/api/v1/leads/{sql.pk}/transitions/ae_accept", content_type="application/json"
    )

    assert response.status_code == 409
    assert response.json()["unmet"] == ["confirmation that the AE read the briefing"]
    assert not Opportunity.objects.exists()


def test_a_refused_opening_leaves_the_lead_an_sql(sql, as_user):
    response = as_user(sql.ae.username).post(
        f"/api/v1/leads/{sql.pk}/transitions/ae_accept",
        {"briefing_read": True, "close_date": "2026-12-31"},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert response.json()["unmet"] == ["a forecast close date within 90 days (is 2026-12-31)"]
    assert Lead.objects.get().state == "sql"
    assert not Opportunity.objects.exists()


def test_an_ae_opens_an_opportunity_directly_for_an_account_they_own(as_user, mql, org):
    Account.objects.filter(pk=mql.account_id).update(owner_ae=org["ae1"])

    response = as_user("ae1").post(
        "/api/v1/opportunities",
        {"account_id": mql.account_id, "name": "Acme expansion", "amount": "5000"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert (response.json()["owner"], response.json()["stage"]) == ("ae1", "stage_1")
    assert response.json()["lead_id"] is None


def test_an_sdr_cannot_open_opportunities(as_user, mql):
    response = as_user("sdr1").post(
        "/api/v1/opportunities", {"account_id": mql.account_id}, content_type="application/json"
    )

    assert response.status_code == 403


def test_an_ae_cannot_open_one_on_an_account_they_do_not_own(as_user, mql, org):
    Account.objects.filter(pk=mql.account_id).update(owner_ae=org["ae1"])

    response = as_user("ae2").post(
        "/api/v1/opportunities", {"account_id": mql.account_id}, content_type="application/json"
    )

    assert response.status_code == 404
    assert not Opportunity.objects.exists()
