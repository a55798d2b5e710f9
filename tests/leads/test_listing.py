"""GET /api/v1/leads: newest first, filtered, paged by cursor, only what the caller may see."""

from itertools import chain

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def leads(post, now):
    return [
        post(email=f"buyer{n}@acme.example", external_id=f"map-{n}").json() for n in range(4)
    ] + [post(email="cold@acme.example", external_id="cold", title="Student").json()]


def get(client, org, username, query=""):
    client.force_login(org[username])
    return client.get(f"/api/v1/leads{query}").json()


def ids(page):
    return [lead["id"] for lead in page["items"]]


def test_newest_first_with_filters(client, org, leads):
    everything = get(client, org, "revops")
    mqls_of_sdr1 = get(client, org, "revops", "?state=mql&owner=sdr1")
    tier_1 = get(client, org, "revops", "?tier=1&limit=2")

    assert ids(everything) == sorted((lead["id"] for lead in leads), reverse=True)
    assert everything["next_cursor"] is None
    assert {lead["owner"] for lead in mqls_of_sdr1["items"]} == {"sdr1"}
    assert len(mqls_of_sdr1["items"]) == 2
    assert len(tier_1["items"]) == 2


def test_pages_follow_each_other_without_gaps_or_repeats(client, org, leads):
    pages, cursor = [], ""
    while True:
        page = get(client, org, "revops", f"?limit=2{cursor}")
        pages.append(ids(page))
        if page["next_cursor"] is None:
            break
        cursor = f"&cursor={page['next_cursor']}"

    assert [len(page) for page in pages] == [2, 2, 1]
    assert list(chain(*pages)) == sorted((lead["id"] for lead in leads), reverse=True)


def test_an_sdr_sees_only_their_own_and_the_manager_the_team(client, org, leads):
    own = get(client, org, "sdr1")
    team = get(client, org, "sdrmgr")
    ae = get(client, org, "ae1")

    assert {lead["owner"] for lead in own["items"]} == {"sdr1"}
    assert len(team["items"]) == 4  # the cold lead has no owner yet
    assert ae["items"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?tier=7", "tier"),
        ("?limit=101", "limit"),
        ("?limit=0", "limit"),
        ("?cursor=9223372036854775808", "cursor"),
        ("?cursor=-1", "cursor"),
        ("?state=won", "state"),
        ("?needs_review=perhaps", "needs_review"),
    ],
)
def test_a_bad_filter_is_refused_naming_it(client, org, leads, query, field):
    client.force_login(org["revops"])

    response = client.get(f"/api/v1/leads{query}")

    assert response.status_code == 422
    assert field in response.json()["detail"][0]["loc"]


def test_list_query_count_does_not_grow_with_leads(client, org, leads, post):
    client.force_login(org["revops"])

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries("/api/v1/leads")
    for n in range(10):
        post(email=f"more{n}@acme.example", external_id=f"more-{n}")

    assert few <= 4
    assert queries("/api/v1/leads") == few
    assert queries("/api/v1/leads?limit=3&cursor=12") == few
