"""Every bad input the first review found, on every endpoint it reached: a JSON 4xx naming the
field (or the body), never a 5xx, and nothing written or half-written."""

import json

import pytest

from leads.models import (
    Account,
    AccountSignal,
    Activity,
    IntentAction,
    Lead,
    LeadTransition,
    Meeting,
)
from pipeline.models import (
    CloseDateChange,
    NextStep,
    Opportunity,
    OpportunityActivity,
    OpportunityMeeting,
)
from slaportal.events.models import EventRecord
from tests.leads.conftest import lead_payload, qualified_body
from tests.pipeline.conftest import *  # noqa: F403  (org, now, mql, sql, opportunity…)

pytestmark = pytest.mark.django_db

BIG = 2**63
NUL = "Da\x00na"
MEGABYTE = "x" * 1_000_000
DAWN_OF_TIME = "0001-01-01T00:00:00+05:00"
END_OF_TIME = "9999-12-31T23:59:59-05:00"


def snapshot():
    """What a refused request must leave exactly as it was."""
    counted = (
        Lead,
        Account,
        IntentAction,
        Activity,
        Meeting,
        LeadTransition,
        AccountSignal,
        Opportunity,
        CloseDateChange,
        NextStep,
        OpportunityActivity,
        OpportunityMeeting,
        EventRecord,
    )
    return {
        "counts": [model.objects.count() for model in counted],
        "leads": list(Lead.objects.order_by("pk").values()),
        "accounts": list(Account.objects.order_by("pk").values()),
        "opportunities": list(Opportunity.objects.order_by("pk").values()),
    }


def intake(**changes):
    return ("post", "/api/v1/leads", lead_payload(**changes))


def company(**changes):
    return intake(company={**lead_payload()["company"], **changes})


def on_lead(path, body):
    return ("post", "/api/v1/leads/{lead}" + path, body)


def on_opportunity(method, path, body):
    return (method, "/api/v1/opportunities/{opportunity}" + path, body)


def signal(**changes):
    return ("post", "/api/v1/accounts/{account}/signals", {"kind": "intent_spike", **changes})


MEETING = {"starts_at": "2026-03-05T10:00:00-05:00", "meeting_url": "https://meet.example/a"}

BAD_INPUTS = {
    # GET /leads paging past what a database integer holds
    "limit of 2^63": (("get", f"/api/v1/leads?limit={BIG}", None), "limit"),
    "cursor of 2^63": (("get", f"/api/v1/leads?cursor={BIG}", None), "cursor"),
    "lead id of 2^63": (("get", f"/api/v1/leads/{BIG}", None), "lead_id"),
    # numbers that are not what they say
    "employees of 2^63": (company(employees=BIG), "employees"),
    "employees as a boolean": (company(employees=True), "employees"),
    "icp_fit as a boolean": (intake(icp_fit=True), "icp_fit"),
    "icp_fit of infinity": (intake(icp_fit=float("inf")), "icp_fit"),
    # instants outside any calendar, or not strings
    "occurred_at in year 1": (intake(occurred_at=DAWN_OF_TIME), "occurred_at"),
    "occurred_at in year 9999": (intake(occurred_at=END_OF_TIME), "occurred_at"),
    "occurred_at as a Unix number": (intake(occurred_at=1772550000), "occurred_at"),
    "activity at the dawn of time": (
        on_lead(
            "/activities", {"channel": "call", "outcome": "connected", "occurred_at": DAWN_OF_TIME}
        ),
        "occurred_at",
    ),
    "meeting at the end of time": (
        on_lead("/meetings", {**MEETING, "starts_at": END_OF_TIME}),
        "starts_at",
    ),
    "meeting at Unix 0": (on_lead("/meetings", {**MEETING, "starts_at": 0}), "starts_at"),
    "meeting in 1900": (
        on_lead("/meetings", {**MEETING, "starts_at": "1900-03-05T10:00:00-05:00"}),
        "starts_at",
    ),
    "meeting in 2423": (
        on_lead("/meetings", {**MEETING, "starts_at": "2423-03-05T10:00:00-05:00"}),
        "starts_at",
    ),
    "meeting without a link": (on_lead("/meetings", {**MEETING, "meeting_url": ""}), "meeting_url"),
    "meeting link that is no link": (
        on_lead("/meetings", {**MEETING, "meeting_url": "https://"}),
        "meeting_url",
    ),
    # texts with no bound, or with NUL bytes
    "a megabyte of pain": (
        on_lead("/transitions/qualify", qualified_body(pain=MEGABYTE)),
        "pain",
    ),
    "a megabyte of metrics": (
        on_lead("/transitions/qualify", qualified_body(metrics=MEGABYTE)),
        "metrics",
    ),
    "NUL in a first name": (intake(first_name=NUL), "first_name"),
    "NUL in a company name": (company(name=NUL), "name"),
    "NUL in activity notes": (
        on_lead("/activities", {"channel": "email", "outcome": "sent", "notes": NUL}),
        "notes",
    ),
    "NUL in a next step": (
        on_opportunity(
            "patch", "", {"next_step": {"action": f"Send {NUL} the plan", "due_date": "2026-03-10"}}
        ),
        "action",
    ),
    # dates no deal closes on
    "close date of 9999-12-31": (
        on_opportunity("patch", "", {"close_date": "9999-12-31"}),
        "close_date",
    ),
    "close date as a number": (on_opportunity("patch", "", {"close_date": 20260401}), "close_date"),
    "amount of a trillion": (on_opportunity("patch", "", {"amount": 10**12}), "amount"),
    "amount as a boolean": (on_opportunity("patch", "", {"amount": True}), "amount"),
    "briefing_read as a string": (
        on_lead("/transitions/ae_accept", {"briefing_read": "yes"}),
        "briefing_read",
    ),
    # touches: what they are for, and who made them
    "an intro by phone": (
        on_lead("/activities", {"channel": "call", "outcome": "connected", "purpose": "intro"}),
        "purpose",
    ),
    "a purpose of its own": (
        on_lead("/activities", {"channel": "email", "outcome": "sent", "purpose": "nudge"}),
        "purpose",
    ),
    "a person naming the rep": (
        on_lead("/activities", {"channel": "email", "outcome": "sent", "rep": "sdr1"}),
        "rep",
    ),
    "a person naming the rep of an opportunity's touch": (
        on_opportunity(
            "post", "/activities", {"channel": "call", "outcome": "connected", "rep": "ae1"}
        ),
        "rep",
    ),
    "an empty rep": (
        on_lead("/activities", {"channel": "call", "outcome": "connected", "rep": ""}),
        "rep",
    ),
    # sequences and dispositions
    "no sequence": (on_lead("/sequence", {}), "sequence"),
    "an empty sequence": (on_lead("/sequence", {"sequence": ""}), "sequence"),
    "a sequence of 101 characters": (on_lead("/sequence", {"sequence": "s" * 101}), "sequence"),
    "NUL in a sequence": (on_lead("/sequence", {"sequence": NUL}), "sequence"),
    "a sequence enrolled in year 9999": (
        on_lead("/sequence", {"sequence": "Tier 1", "occurred_at": END_OF_TIME}),
        "occurred_at",
    ),
    "a disposition the charter does not know": (
        on_lead("/disposition", {"code": "DISP-MAYBE"}),
        "code",
    ),
    "a disposition code as a number": (on_lead("/disposition", {"code": 7}), "code"),
    "a megabyte of disposition notes": (
        on_lead("/disposition", {"code": "DISP-CALLBACK", "notes": MEGABYTE}),
        "notes",
    ),
    # account signals
    "a signal of no known kind": (signal(kind="press_release"), "kind"),
    "a signal from the future": (signal(occurred_at=END_OF_TIME), "occurred_at"),
    "an empty external id": (signal(external_id=""), "external_id"),
    "a signal detail of 2001 characters": (signal(detail="d" * 2001), "detail"),
    "a signal of an account id of 2^63": (
        ("post", f"/api/v1/accounts/{BIG}/signals", {"kind": "intent_spike"}),
        "account_id",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_is_refused_naming_the_field(client, org, opportunity, case):
    (method, path, body), field = case
    client.force_login(org["revops"])
    path = path.format(
        lead=opportunity.lead_id, opportunity=opportunity.pk, account=opportunity.account_id
    )
    before = snapshot()

    response = getattr(client, method)(path, body, content_type="application/json")

    assert response.status_code == 422, response.content
    named = [error["loc"] for error in response.json()["detail"]]
    assert any(field in loc for loc in named), named
    assert snapshot() == before


def test_a_body_over_the_size_limit_is_a_json_413(client, org, mql):
    client.force_login(org["revops"])
    before = snapshot()

    response = client.post(
        f"/api/v1/leads/{mql.pk}/activities",
        {"channel": "email", "outcome": "sent", "notes": "x" * 3_000_000},
        content_type="application/json",
    )

    assert response.status_code == 413
    assert response.json()["detail"].startswith("body: larger than the 2,621,440 bytes")
    assert snapshot() == before


@pytest.mark.parametrize(
    "body",
    ["{", "[" * 100_000 + "]" * 100_000, "email=dana@acme.example"],
    ids=["truncated", "nested too deep", "form-encoded"],
)
def test_a_body_that_is_not_json_is_a_400(client, org, now, body):
    client.force_login(org["revops"])

    response = client.post("/api/v1/leads", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}
    assert not Lead.objects.exists()


def test_json_numbers_beyond_any_float_are_refused(client, org, now):
    client.force_login(org["revops"])
    body = json.dumps(lead_payload()).replace('"employees": 800', '"employees": 1e999')

    response = client.post("/api/v1/leads", body, content_type="application/json")

    assert response.status_code == 422
    assert not Lead.objects.exists()


def test_the_longest_values_each_field_allows_are_stored(client, org, now):
    """The bounds are the database's too: at its limit, every field still fits."""
    client.force_login(org["revops"])
    longest = lead_payload(
        email="d@" + ".".join(["a" * 63] * 3 + ["a" * 60]),  # 254 characters, a 252-long domain
        first_name="F" * 100,
        last_name="L" * 100,
        phone="5" * 40,
        title="T" * 200,
        external_id="x" * 100,
        company={"name": "N" * 200, "domain": "", "industry": "I" * 100, "region": "R" * 10},
    )

    response = client.post("/api/v1/leads", longest, content_type="application/json")

    assert response.status_code == 201, response.content
    assert Account.objects.get().domain == longest["email"].split("@")[1]
