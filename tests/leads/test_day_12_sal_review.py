"""The SDR manager's day-12 review: the SALs still open 12 business days (the charter's SAL
resolution check-in) after their acceptance, counted in each prospect's zone, oldest first."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leads.models import Lead
from leads.services import lifecycle, review
from slaportal.charter.models import Policy

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
# Twelve business days after Tuesday 3 March 2026 (no US holiday between; DST starts on the 8th).
DAY_12 = datetime(2026, 3, 19, 10, 0, tzinfo=NEW_YORK)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=NEW_YORK)


@pytest.fixture
def sals(now, org, post):
    """SALs accepted at different times and in different zones, and leads that are not open
    SALs: one never accepted, one the SDR accepted and then recycled."""
    names = ("early", "west", "late", "recycled", "unaccepted")
    for name in names:
        zone = "America/Los_Angeles" if name == "west" else "America/New_York"
        post(email=f"{name}@acme.example", external_id=f"map-{name}", timezone=zone)
    leads = {name: Lead.objects.get(email=f"{name}@acme.example") for name in names}

    def accept(name, when):
        now.move_to(when)
        lifecycle.transition(leads[name], "accept", leads[name].owner)

    accept("early", at(3, 10))
    accept("recycled", at(3, 10))
    lifecycle.transition(leads["recycled"], "recycle", org["revops"], reason_code="RCY-01")
    # 07:05 in Los Angeles: its business days count from its opening at 08:00 (11:00 here).
    accept("west", at(3, 10, 5))
    accept("late", at(4, 10))
    return leads


def due(now_at: datetime, leads=None) -> list[str]:
    return [
        lead.email.split("@")[0] for lead in review.open_sals_for_review(leads, now=now_at).leads
    ]


def test_an_sal_is_due_on_its_twelfth_business_day(sals):
    assert due(at(19, 9, 59)) == []
    assert due(DAY_12) == ["early"]


def test_each_prospects_business_days_count_in_its_own_zone(sals):
    assert due(at(19, 10, 59)) == ["early"]
    assert due(at(19, 11)) == ["early", "west"]


def test_oldest_acceptance_first_with_its_dates(sals):
    listing = review.open_sals_for_review(now=at(20, 12))

    assert listing.business_days == 12
    assert [(lead.email, lead.accepted_at, lead.check_in_at) for lead in listing.leads] == [
        ("early@acme.example", at(3, 10), DAY_12),
        ("west@acme.example", at(3, 10, 5), at(19, 11)),
        ("late@acme.example", at(4, 10), at(20, 10)),
    ]


def test_the_check_in_day_is_the_charters_sal_resolution_warning(sals):
    policy = Policy.objects.get(
        version=Lead.objects.get(email="early@acme.example").charter_version, code="sal_resolution"
    )

    assert (policy.warn_amount, policy.warn_unit) == (12, "business_days")
    assert review.open_sals_for_review(now=DAY_12).business_days == policy.warn_amount


def test_resolved_and_unaccepted_leads_are_not_listed(sals):
    listed = due(at(31, 12))

    assert "recycled" not in listed
    assert "unaccepted" not in listed


def test_a_narrower_list_for_one_person(sals):
    owner = sals["early"].owner

    mine = due(at(20, 12), Lead.objects.visible_to(owner))

    assert mine == [name for name in ("early", "west", "late") if sals[name].owner == owner]


def test_the_queries_do_not_grow_with_the_list(sals):
    review.open_sals_for_review(now=at(20, 12))  # the calendar, remembered from now on

    with CaptureQueriesContext(connection) as queries:
        listed = review.open_sals_for_review(now=at(20, 12)).leads
        shown = [(lead.owner.username, lead.account.domain) for lead in listed]

    assert len(shown) == 3
    assert len(queries) == 2  # the charter's check-in row and the SALs
