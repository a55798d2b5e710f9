"""Routing: territories, a fair round-robin, the on-call SDR after hours, REJ-07 holds."""

from collections import Counter
from datetime import UTC, datetime

import pytest
import time_machine

from leads.models import Lead, Territory, TerritoryMember
from tests.leads.conftest import TUESDAY_10AM_NY

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_sdrs(org, make_user):
    from slaportal.org.roles import Role

    territory = Territory.objects.get(name="North America")
    sdr3 = make_user(Role.SDR, username="sdr3")
    TerritoryMember.objects.create(territory=territory, sdr=sdr3)
    return territory


def post_many(post, count, **overrides):
    return [
        post(email=f"buyer{n}@acme.example", external_id=f"map-{n}", **overrides).json()
        for n in range(count)
    ]


def test_round_robin_gives_each_active_sdr_an_equal_share_in_turn(post, now, three_sdrs):
    owners = [lead["owner"] for lead in post_many(post, 30)]

    assert Counter(owners) == {"sdr1": 10, "sdr2": 10, "sdr3": 10}
    # In turn: every run of three consecutive leads goes to three different SDRs.
    assert all(len(set(owners[i : i + 3])) == 3 for i in range(0, 30, 3))


def test_an_sdr_marked_away_gets_no_leads(post, now, three_sdrs):
    TerritoryMember.objects.filter(sdr__username="sdr3").update(is_active=False)

    owners = Counter(lead["owner"] for lead in post_many(post, 6))

    assert owners == {"sdr1": 3, "sdr2": 3}


def test_after_hours_the_on_call_sdr_takes_the_lead(post, org):
    saturday = datetime(2026, 3, 7, 15, tzinfo=UTC)
    with time_machine.travel(saturday, tick=False):
        owners = {lead["owner"] for lead in post_many(post, 3, occurred_at=None)}

    assert owners == {"sdr2"}  # the demo's on-call SDR for North America


def test_after_hours_without_an_on_call_sdr_the_round_robin_continues(post, org):
    Territory.objects.update(on_call_sdr=None)
    with time_machine.travel(datetime(2026, 3, 7, 15, tzinfo=UTC), tick=False):
        owners = Counter(lead["owner"] for lead in post_many(post, 4, occurred_at=None))

    assert owners == {"sdr1": 2, "sdr2": 2}


@pytest.mark.parametrize("country", ["GB", "BR"])  # EMEA has no SDRs; Brazil no territory
def test_an_unstaffed_territory_holds_the_lead_with_rej_07(post, now, country):
    body = post(
        company={
            "domain": "acme.example",
            "name": "Acme",
            "industry": "software",
            "employees": 800,
            "country": country,
        }
    ).json()

    assert (body["state"], body["owner"], body["hold_reason"]) == ("inquiry", None, "REJ-07")
    assert body["mql_criteria"]["territory"] == {
        "met": False,
        "detail": "an actively staffed territory (REJ-07: outside current coverage)",
    }


def test_a_region_can_have_its_own_territory(post, now, org):
    from leads.models import TerritoryRegion

    west = Territory.objects.create(name="US West")
    TerritoryRegion.objects.create(territory=west, country="US", region="CA")
    TerritoryMember.objects.create(territory=west, sdr=org["sdr1"])

    body = post(
        company={
            "domain": "acme.example",
            "name": "Acme",
            "industry": "software",
            "employees": 800,
            "country": "US",
            "region": "CA",
        }
    ).json()

    assert body["owner"] == "sdr1"
    assert Lead.objects.get().territory == west
    assert body["timezone"] == "America/New_York"  # explicit zone in the post wins


def test_routed_at_is_the_server_time(post, now):
    post()

    assert Lead.objects.get().routed_at == TUESDAY_10AM_NY


def test_an_inactive_territory_holds_its_leads(post, now):
    Territory.objects.filter(name="North America").update(is_active=False)

    body = post().json()

    assert (body["state"], body["owner"], body["hold_reason"]) == ("inquiry", None, "REJ-07")


def test_a_domain_suppressed_for_a_while_is_mql_again_afterwards(post, org):
    from datetime import timedelta

    from leads.models import SuppressedDomain

    SuppressedDomain.objects.create(
        domain="acme.example", reason_code="REJ-05", until=TUESDAY_10AM_NY + timedelta(days=30)
    )
    with time_machine.travel(TUESDAY_10AM_NY, tick=False):
        inside = post(occurred_at=None).json()
    with time_machine.travel(TUESDAY_10AM_NY + timedelta(days=31), tick=False):
        after = post(action="contact_sales", occurred_at=None, external_id=None).json()

    assert inside["state"] == "inquiry"
    assert inside["suppressed_until"] is not None
    assert after["state"] == "mql"
