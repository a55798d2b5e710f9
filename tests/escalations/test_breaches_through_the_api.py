"""Managers work their breaches through the API (contract: breaches): the list with its
filters and the people each was escalated to, acknowledge, resolve with a root cause; a lead's
and an opportunity's clocks in their representations; the portal's own notifications."""

from datetime import UTC, datetime

import pytest

from escalations.models import Breach, Notification
from tests.escalations.conftest import sweep

pytestmark = pytest.mark.django_db

A_DAY_LATER = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)


@pytest.fixture
def breached(opportunity, org, post):
    """sdr1's lead went all the way to an opportunity; sdr2's MQL, routed at the same time,
    was never touched. A day later the ladders of the day have run."""
    post(email="sam@globex.example", external_id="map-sam")
    sweep(A_DAY_LATER)
    return Breach.objects.all()


def as_person(client, org, username):
    client.force_login(org[username])
    return client


def test_the_list_names_each_breach_its_owner_and_whom_it_reached(client, org, breached):
    body = as_person(client, org, "revops").get("/api/v1/breaches").json()

    assert len(body) == breached.count()
    first_touch = next(b for b in body if b["policy"] == "sdr_first_touch_t1")
    assert first_touch["subject"]["type"] == "lead"
    assert (first_touch["owner"], first_touch["escalated_to"]) == ("sdr2", ["sdrmgr"])
    assert (first_touch["level"], first_touch["status"]) == (1, "open")
    assert first_touch["breached_at"] == "2026-03-03T17:00:00Z"


@pytest.mark.parametrize(
    ("query", "policies"),
    [
        ("owner=sdr2", {"sdr_first_touch_t1", "sequence_enrollment"}),
        ("policy=sdr_first_touch_t1", {"sdr_first_touch_t1"}),
        ("status=resolved", set()),
    ],
)
def test_the_list_filters(client, org, breached, query, policies):
    body = as_person(client, org, "revops").get(f"/api/v1/breaches?{query}").json()

    assert {b["policy"] for b in body} >= policies
    assert policies or body == []
    if query.startswith("owner"):
        assert {b["owner"] for b in body} == {"sdr2"}


def test_pages_follow_the_cursor_in_a_constant_number_of_queries(
    client, org, breached, django_assert_max_num_queries
):
    client = as_person(client, org, "revops")
    with django_assert_max_num_queries(8):
        first = client.get("/api/v1/breaches?limit=2").json()
    rest = client.get(f"/api/v1/breaches?limit=100&cursor={first[-1]['id']}").json()

    assert [b["id"] for b in first + rest] == sorted(breached.values_list("pk", flat=True))[::-1]


def test_an_sdr_sees_their_own_breaches_only(client, org, breached):
    mine = as_person(client, org, "sdr2").get("/api/v1/breaches").json()
    theirs = as_person(client, org, "sdr1").get("/api/v1/breaches").json()

    assert mine
    assert {b["owner"] for b in mine} == {"sdr2"}
    assert {b["owner"] for b in theirs} <= {"sdr1"}


def test_acknowledge_then_resolve_with_a_root_cause(client, org, breached):
    breach = breached.get(code="sdr_first_touch_t1")
    manager = as_person(client, org, "sdrmgr")
    url = f"/api/v1/breaches/{breach.pk}"

    acknowledged = manager.post(f"{url}/acknowledge")
    again = manager.post(f"{url}/acknowledge")
    blank = manager.post(f"{url}/resolve", {"root_cause": "   "}, content_type="application/json")
    resolved = manager.post(
        f"{url}/resolve",
        {"root_cause": "Tier 1 demo requests were not paged to the SDR on duty"},
        content_type="application/json",
    )

    assert acknowledged.status_code == 200
    assert (acknowledged.json()["status"], acknowledged.json()["acknowledged_by"]) == (
        "acknowledged",
        "sdrmgr",
    )
    assert again.status_code == 409
    assert blank.status_code == 422
    assert blank.json()["detail"][0]["loc"][-1] == "root_cause"
    assert resolved.status_code == 200
    assert resolved.json()["resolved_by"] == "sdrmgr"
    breach.refresh_from_db()
    assert (breach.status, breach.root_cause) == (
        "resolved",
        "Tier 1 demo requests were not paged to the SDR on duty",
    )


def test_the_owner_does_not_close_their_own_breach(client, org, breached):
    breach = breached.get(code="sdr_first_touch_t1")

    response = as_person(client, org, "sdr2").post(f"/api/v1/breaches/{breach.pk}/acknowledge")

    assert response.status_code == 403
    assert Breach.objects.get(pk=breach.pk).status == "open"


def test_a_lead_shows_its_clocks(client, org, breached, opportunity):
    body = as_person(client, org, "revops").get(f"/api/v1/leads/{opportunity.lead_id}").json()

    clocks = {clock["policy"]: clock for clock in body["clocks"]}
    assert clocks["sdr_first_touch_t1"]["status"] == "met"
    assert clocks["three_way_intro"]["status"] == "breached"
    assert clocks["opportunity_creation"]["status"] == "met"
    assert set(clocks["ae_first_touch"]) == {
        "id",
        "policy",
        "name",
        "status",
        "started_at",
        "target_at",
        "warn_at",
        "breach_at",
        "stopped_at",
    }


def test_an_opportunity_shows_its_clocks(client, org, breached, opportunity):
    body = as_person(client, org, "ae1").get(f"/api/v1/opportunities/{opportunity.pk}").json()

    assert {"stage_age_stage_1", "opportunity_activity_minimum"} <= {
        clock["policy"] for clock in body["clocks"]
    }


def test_notifications_in_the_portal_are_read_once_opened(client, org, breached):
    manager = as_person(client, org, "sdrmgr")
    unread = manager.get("/api/v1/notifications?unread=true").json()
    assert unread
    assert all(n["read_at"] is None for n in unread)

    opened = manager.post(f"/api/v1/notifications/{unread[0]['id']}/read")

    assert opened.status_code == 200
    assert opened.json()["read_at"] is not None
    assert len(manager.get("/api/v1/notifications?unread=true").json()) == len(unread) - 1
    other = as_person(client, org, "aemgr")
    assert other.post(f"/api/v1/notifications/{unread[1]['id']}/read").status_code == 404
    assert Notification.objects.get(pk=unread[1]["id"]).read_at is None
