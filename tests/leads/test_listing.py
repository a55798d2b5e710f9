"""GET /api/v1/leads: newest first, filtered, paginated, and only what the caller may see."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def leads(post, now):
    return [
        post(email=f"buyer{n}@acme.example", external_id=f"map-{n}").json() for n in range(4)
    ] + [post(email="cold@acme.example", external_id="cold", title="Student").json()]


def get(client, org, username, query=""):
    client.force_login(org[username])
    return client.get(f"/api/v1/leads{query}").json()


def test_newest_first_with_filters(client, org, leads):
    everything = get(client, org, "revops")
    mqls_of_sdr1 = get(client, org, "revops", "?state=mql&owner=sdr1")
    tier_1 = get(client, org, "revops", "?tier=1&limit=2")

    assert everything["count"] == 5
    assert [lead["id"] for lead in everything["items"]] == sorted(
        (lead["id"] for lead in leads), reverse=True
    )
    assert {lead["owner"] for lead in mqls_of_sdr1["items"]} == {"sdr1"}
    assert mqls_of_sdr1["count"] == 2
    assert len(tier_1["items"]) == 2


def test_an_sdr_sees_only_their_own_and_the_manager_the_team(client, org, leads):
    own = get(client, org, "sdr1")
    team = get(client, org, "sdrmgr")
    ae = get(client, org, "ae1")

    assert {lead["owner"] for lead in own["items"]} == {"sdr1"}
    assert team["count"] == 4  # the cold lead has no owner yet
    assert ae["count"] == 0


def test_a_bad_filter_is_refused_naming_it(client, org, leads):
    client.force_login(org["revops"])

    response = client.get("/api/v1/leads?tier=7")

    assert response.status_code == 422
    assert "tier" in response.json()["detail"][0]["loc"]


def test_list_query_count_does_not_grow_with_leads(
    client, org, leads, django_assert_max_num_queries
):
    client.force_login(org["revops"])

    with django_assert_max_num_queries(8):
        client.get("/api/v1/leads")
