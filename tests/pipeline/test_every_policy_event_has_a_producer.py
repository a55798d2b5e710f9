"""Every event an active policy of charter v1 starts or stops a clock on is published by some
path of the API: the journeys below drive it as the integrations and the people do (tokens and
sessions, through HTTP only), and the event log must hold every such event afterwards.

A policy whose event nothing publishes would start no clock, or breach on every lead."""

from datetime import timedelta

import pytest
from django.utils import timezone

from slaportal import company
from slaportal.api.models import ApiToken, Scope
from slaportal.charter.models import CharterVersion, Policy
from slaportal.events.models import EventRecord
from tests.leads.conftest import lead_payload, qualified_body

pytestmark = pytest.mark.django_db

# What the systems of record say happened a minute before the (frozen) server clock.
A_MINUTE_AGO = "2026-03-03T09:59:00-05:00"


@pytest.fixture
def api(client, org, now):
    """Call the API as an integration (`as_="<scope>"`: a token with it) or a person
    (`as_="<username>"`: their session); the JSON answer. Every call must succeed."""
    tokens = {}

    def send(method, path, as_, body=None):
        headers = {}
        client.logout()
        if as_ in Scope.values:
            if as_ not in tokens:
                tokens[as_] = ApiToken.issue(name=as_, scopes=[as_], created_by=org["revops"])[1]
            headers["HTTP_AUTHORIZATION"] = f"Bearer {tokens[as_]}"
        else:
            client.force_login(org[as_])
        response = getattr(client, method)(
            f"/api/v1{path}", body or {}, content_type="application/json", **headers
        )
        assert response.status_code in (200, 201), (method, path, response.content)
        return response.json()

    return send


def _new_lead(api, name: str) -> dict:
    """A Tier 1 MQL at Acme from the marketing platform, routed to an SDR."""
    lead = api(
        "post",
        "/leads",
        "leads:intake",
        lead_payload(email=f"{name}@acme.example", external_id=f"map-{name}", first_name=name),
    )
    assert lead["state"] == "mql", lead
    assert lead["owner"], lead
    return lead


def _to_sql(api, lead: dict) -> str:
    """The SDR accepts, the calendar books the meeting, the SDR qualifies: the SQL's AE."""
    path, sdr = f"/leads/{lead['id']}", lead["owner"]
    api("post", f"{path}/transitions/accept", sdr)
    starts = (timezone.now() + timedelta(days=1)).isoformat()
    meeting = {"starts_at": starts, "meeting_url": "https://meet.example/acme"}
    api("post", f"{path}/meetings", "meetings:write", meeting)
    return api("post", f"{path}/transitions/qualify", sdr, qualified_body())["ae"]


def _worked_to_a_loss(api, lead: dict, ae: str) -> None:
    """The AE accepts and works the opportunity through every stage, then loses it."""
    accepted = api(
        "post", f"/leads/{lead['id']}/transitions/ae_accept", ae, {"briefing_read": True}
    )
    path = f"/opportunities/{accepted['opportunity_id']}"
    today = company.today()
    soon = (timezone.now() + timedelta(days=1)).isoformat()

    api("post", f"{path}/activities", ae, {"channel": "call", "outcome": "connected"})
    discovery = api("post", f"{path}/meetings", "meetings:write", {"starts_at": soon})
    api("post", f"{path}/meetings/{discovery['id']}/held", "meetings:write")
    step = {"action": "Send the security questionnaire to IT", "due_date": str(today)}
    api("patch", path, ae, {"next_step": step})
    api("post", f"{path}/meetings", ae, {"kind": "economic_buyer", "starts_at": soon})
    meddpic = {
        "economic_buyer": "Lee Park, CFO, signs over $20k",
        "decision_criteria": "Time to value, Salesforce fit",
        "champion": "Dana Reyes, VP Sales Ops",
    }
    assert api("post", f"{path}/transitions/advance", ae, meddpic)["stage"] == "stage_2"
    evaluation = {"evaluation": "Two-week POC with the SDR team"}
    assert api("post", f"{path}/transitions/advance", ae, evaluation)["stage"] == "stage_3"
    api("patch", path, ae, {"success_plan": "POC success: 5-minute first touch on 90% of MQLs"})
    api("patch", path, ae, {"close_date": str(today + timedelta(days=20)), "amount": 40000})
    proposal = {"proposal_sent": True}
    assert api("post", f"{path}/transitions/advance", ae, proposal)["stage"] == "stage_4"
    api("post", f"{path}/activities", "activities:write", {"channel": "email", "outcome": "sent"})
    api("patch", path, ae, {"close_date": str(today + timedelta(days=10))})
    verbal = {"verbal_agreement": True}
    assert api("post", f"{path}/transitions/advance", ae, verbal)["stage"] == "stage_5"
    lost = {"reason_code": "WL-BUDGET", "feedback": "Budget moved to next fiscal year"}
    assert api("post", f"{path}/transitions/lose", ae, lost)["stage"] == "lost"


def test_every_start_and_stop_event_of_v1s_active_policies_is_published(api, org):
    leads = {name: _new_lead(api, name) for name in ("won", "rejected", "recycled", "bounced")}
    account = leads["won"]["account_id"]

    # The SLA's lead, from MQL to a lost opportunity, worked by the SDR's tools and the AE.
    won = leads["won"]
    path, sdr = f"/leads/{won['id']}", won["owner"]
    api("post", f"{path}/sequence", "activities:write", {"sequence": "Tier 1 — inbound demo"})
    touch = {"channel": "call", "outcome": "connected", "occurred_at": A_MINUTE_AGO, "rep": sdr}
    api("post", f"{path}/activities", "activities:write", touch)
    disposition = {"code": "DISP-CONNECTED", "notes": "Pilot interest; call back Thursday"}
    api("post", f"{path}/disposition", "activities:write", disposition)
    ae = _to_sql(api, won)
    intro = {"channel": "email", "outcome": "sent", "purpose": "intro"}
    api("post", f"{path}/activities", sdr, intro)
    _worked_to_a_loss(api, won, ae)

    # An SQL the AE hands back, after a meeting the prospect missed.
    bounced = leads["bounced"]
    bounced_ae = _to_sql(api, bounced)
    soon = (timezone.now() + timedelta(days=2)).isoformat()
    meeting = api(
        "post",
        f"/leads/{bounced['id']}/meetings",
        "meetings:write",
        {"starts_at": soon, "meeting_url": "https://meet.example/demo"},
    )
    api("post", f"/leads/{bounced['id']}/meetings/{meeting['id']}/no_show", "meetings:write")
    reject = {"reason_code": "AE-REJ-01"}
    api("post", f"/leads/{bounced['id']}/transitions/ae_reject", bounced_ae, reject)

    # The SDR's exits.
    for name, transition, code in (
        ("rejected", "reject", "REJ-01"),
        ("recycled", "recycle", "RCY-01"),
    ):
        lead = leads[name]
        body = {"reason_code": code}
        api("post", f"/leads/{lead['id']}/transitions/{transition}", lead["owner"], body)
    # Disqualifying (DQ-01) suppresses Acme's domain: the last lead taken in.
    disqualified = _new_lead(api, "disqualified")
    body = {"reason_code": "DQ-01"}
    api("post", f"/leads/{disqualified['id']}/transitions/disqualify", disqualified["owner"], body)

    # What Marketing's systems see the account do.
    for kind in ("intent_spike", "event_attended", "gift_accepted", "usage_surge"):
        signal = {"kind": kind, "occurred_at": A_MINUTE_AGO, "external_id": f"signal-{kind}"}
        api("post", f"/accounts/{account}/signals", "signals:write", signal)

    v1 = CharterVersion.objects.get(number=1)
    needed = {
        (policy.code, event)
        for policy in Policy.objects.filter(version=v1, is_active=True)
        for event in (*policy.start_events, *policy.stop_events)
    }
    published = set(EventRecord.objects.values_list("name", flat=True))
    assert {(code, event) for code, event in needed if event not in published} == set()
