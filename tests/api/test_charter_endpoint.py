"""GET /api/v1/charter returns the version in force, with everything the clocks need."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from slaportal.api.models import Scope
from slaportal.charter.models import CharterVersion, Policy, editing_as
from slaportal.charter.services import publish, sign_off, start_draft, submit_for_review
from slaportal.org.models import User
from tests.demo_org import seed_demo_org

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture
def v1():
    seed_demo_org(T0)
    return CharterVersion.objects.get(number=1)


def test_the_charter_in_force(client, v1, issue_token):
    body = client.get("/api/v1/charter", **issue_token(Scope.CHARTER_READ)).json()

    assert body["version"] == 1
    # 08:00 New York on the first day of the demo history, three business days before T0.
    assert body["published_at"] == "2026-02-25T13:00:00Z"
    policies = {policy["code"]: policy for policy in body["policies"]}
    tier1 = policies["sdr_first_touch_t1"]
    assert (tier1["target_amount"], tier1["target_unit"]) == (5, "business_minutes")
    assert tier1["calendar"] == "Business hours 08:00–18:00 prospect-local"
    assert tier1["escalation_steps"][0]["notify_roles"] == ["sdr_manager"]
    assert [code["code"] for code in body["reason_codes"]["sdr_rejection"]] == [
        f"REJ-0{n}" for n in range(1, 8)
    ]
    assert {code["code"] for code in body["reason_codes"]["ae_rejection"]} == {
        f"AE-REJ-0{n}" for n in range(1, 6)
    }
    scoring = {signal["code"]: signal["points"] for signal in body["scoring"]}
    assert (scoring["demo_request"], scoring["unsubscribe"]) == (40, -50)
    assert body["scoring_model"]["mql_threshold"] == 60
    assert {metric["code"] for metric in body["scoreboard"]} >= {
        "mql_response_t1",
        "sla_breach_rate",
    }
    assert [stage["max_age_days"] for stage in body["stages"]] == [21, 30, 30, 21, 21]


def test_a_scheduled_version_is_served_from_its_instant(client, v1, issue_token):
    headers = issue_token(Scope.CHARTER_READ)
    revops = User.objects.get(username="revops")
    handover = T0 + timedelta(days=30)
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        v2 = start_draft(revops, based_on=v1, change_notes="Tier 1 in 10 minutes")
        with editing_as(revops):
            Policy.objects.filter(version=v2, code="sdr_first_touch_t1").update(target_amount=10)
        submit_for_review(v2, revops)
        for leader in ("vpmarketing", "sdrmgr", "vpsales"):
            sign_off(v2, User.objects.get(username=leader))
        publish(v2, revops, effective_from=handover)

    def served_target():
        body = client.get("/api/v1/charter", **headers).json()
        tier1 = next(p for p in body["policies"] if p["code"] == "sdr_first_touch_t1")
        return body["version"], tier1["target_amount"]

    with time_machine.travel(handover - timedelta(seconds=1), tick=False):
        assert served_target() == (1, 5)
    with time_machine.travel(handover, tick=False):
        assert served_target() == (2, 10)


def test_no_charter_yet_is_404(client, issue_token):
    response = client.get("/api/v1/charter", **issue_token(Scope.CHARTER_READ))

    assert response.status_code == 404
    assert response.json() == {"detail": "No charter version is in force yet."}


def test_query_count_is_constant(client, v1, issue_token, django_assert_max_num_queries):
    headers = issue_token(Scope.CHARTER_READ)

    with django_assert_max_num_queries(16):
        assert client.get("/api/v1/charter", **headers).status_code == 200
