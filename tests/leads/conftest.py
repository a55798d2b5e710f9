from datetime import UTC, datetime

import pytest
import time_machine

from slaportal.api.models import ApiToken, Scope
from slaportal.org.models import User
from tests.demo_org import seed_demo_org

# A Tuesday, 10:00 in New York: business hours for the demo calendar.
TUESDAY_10AM_NY = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)


@pytest.fixture
def org(db):
    seed_demo_org()
    return {user.username: user for user in User.objects.all()}


@pytest.fixture
def now():
    with time_machine.travel(TUESDAY_10AM_NY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def integration(org):
    _, key = ApiToken.issue(
        name="Marketing automation",
        scopes=[Scope.LEADS_INTAKE, Scope.LEADS_WRITE, Scope.LEADS_READ],
        created_by=org["revops"],
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def lead_payload(**overrides):
    payload = {
        "email": "dana@acme.example",
        "first_name": "Dana",
        "last_name": "Reyes",
        "phone": "+1 212 555 0100",
        "title": "VP Sales Operations",
        "action": "demo_request",
        "occurred_at": "2026-03-03T09:58:00-05:00",
        "timezone": "America/New_York",
        "external_id": "map-8812",
        "company": {
            "name": "Acme",
            "domain": "acme.example",
            "industry": "software",
            "employees": 800,
            "country": "US",
            "region": "NY",
        },
    }
    return {**payload, **overrides}


@pytest.fixture
def post(client, integration):
    def post(**overrides):
        return client.post(
            "/api/v1/leads",
            lead_payload(**overrides),
            content_type="application/json",
            **integration,
        )

    return post


@pytest.fixture
def mql(post, now, org):
    """A Tier 1 MQL routed to an SDR (the round-robin's first: sdr1)."""
    from leads.models import Lead

    post()
    return Lead.objects.get()


def qualified_body(**overrides):
    body = {
        "pain": "Reps lose 30% of inbound demos to slow follow-up",
        "timeline": "Decision this quarter",
        "meeting_url": "https://meet.example/acme-discovery",
        "metrics": "Speed to lead from 18 h to 5 min",
        "decision_process": "VP Sales and CFO sign; security review",
        "implicate_pain": "Missed pipeline target two quarters running",
        "briefing": "Dana leads RevOps; evaluating two vendors; wants a pilot in April.",
    }
    return {**body, **overrides}


@pytest.fixture
def act(client, org):
    """POST a lead transition as a named person; returns the response."""

    def act(lead, name, username, **body):
        client.force_login(org[username])
        return client.post(
            f"/api/v1/leads/{lead.pk}/transitions/{name}", body, content_type="application/json"
        )

    return act
