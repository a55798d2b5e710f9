"""Bad input to POST /api/v1/leads: 4xx naming the field, and nothing written."""

from datetime import timedelta

import pytest
from django.utils import timezone

from leads.models import Account, IntentAction, Lead
from tests.leads.conftest import lead_payload

pytestmark = pytest.mark.django_db

TOMORROW = "2026-03-04T10:00:00-05:00"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"action": "telepathy"}, "action"),
        ({"email": "not-an-email"}, "email"),
        ({"occurred_at": TOMORROW}, "occurred_at"),
        ({"occurred_at": "2026-03-03T09:00:00"}, "occurred_at"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"email": None}, "email"),
        ({"email": 42}, "email"),
        ({"action": None}, "action"),
        ({"icp_fit": 150}, "icp_fit"),
        ({"icp_fit": "high"}, "icp_fit"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"company": {"employees": "many"}}, "employees"),
        ({"company": {"employees": -5}}, "employees"),
        ({"company": "Acme"}, "company"),
        ({"first_name": "x" * 101}, "first_name"),
    ],
)
def test_bad_input_is_refused_naming_the_field(client, integration, now, changes, field):
    payload = {key: value for key, value in lead_payload(**changes).items() if value is not None}

    response = client.post("/api/v1/leads", payload, content_type="application/json", **integration)

    assert response.status_code == 422, response.content
    named = [error["loc"] for error in response.json()["detail"]]
    assert any(field in loc for loc in named), named
    assert (Lead.objects.count(), Account.objects.count(), IntentAction.objects.count()) == (
        0,
        0,
        0,
    )


def test_a_body_that_is_not_json_is_refused(client, integration, now):
    response = client.post(
        "/api/v1/leads", "email=dana@acme.example", content_type="application/json", **integration
    )

    assert response.status_code in (400, 422)
    assert Lead.objects.count() == 0


def test_small_clock_skew_is_tolerated(client, integration, now):
    ahead = (timezone.now() + timedelta(minutes=2)).isoformat()

    response = client.post(
        "/api/v1/leads",
        lead_payload(occurred_at=ahead),
        content_type="application/json",
        **integration,
    )

    assert response.status_code == 201


def test_posting_needs_the_intake_right(client, org, now):
    from slaportal.api.models import ApiToken, Scope

    _, key = ApiToken.issue(
        name="Dialer", scopes=[Scope.LEADS_READ, Scope.LEADS_WRITE], created_by=org["revops"]
    )

    response = client.post(
        "/api/v1/leads",
        lead_payload(),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )

    assert response.status_code == 403
    assert Lead.objects.count() == 0
