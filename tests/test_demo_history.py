"""`make run` at any hour shows a working org: the demo leads are dated in the company's last
business days, so the round-robin (not the on-call SDR) routes them, and some are already
qualified and handed to an AE."""

from datetime import UTC, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count

from leads.models import Lead
from pipeline.models import Opportunity
from slaportal.charter.models import CharterVersion

pytestmark = pytest.mark.django_db

SATURDAY_3AM_NY = datetime(2026, 11, 28, 8, tzinfo=UTC)


@pytest.fixture
def summary():
    out = StringIO()
    with time_machine.travel(SATURDAY_3AM_NY, tick=False):
        call_command("seed_demo", leads=150, stdout=out)
    return next(line for line in out.getvalue().splitlines() if line.startswith("Demo leads"))


def test_the_round_robin_routes_the_demo_leads_at_night(summary):
    routed = dict(
        Lead.objects.exclude(owner=None).values_list("owner__username").annotate(n=Count("id"))
    )

    assert set(routed) == {"sdr1", "sdr2"}
    assert abs(routed["sdr1"] - routed["sdr2"]) <= 1
    posted = Lead.objects.values_list("created_at", flat=True)
    assert all(at.weekday() < 5 and at < SATURDAY_3AM_NY for at in posted)


def test_every_role_has_something_to_see(summary):
    states = set(Lead.objects.values_list("state", flat=True))

    assert {"inquiry", "mql", "sal", "sql", "converted"} <= states
    assert Opportunity.objects.filter(owner__username__in=["ae1", "ae2"]).exists()
    assert Lead.objects.filter(state="sql", ae__isnull=False).exists()


def test_the_charter_is_in_force_before_the_first_demo_lead(summary):
    first = Lead.objects.order_by("created_at").first()

    assert CharterVersion.objects.active(at=first.created_at).number == 1


def test_the_overdue_history_is_already_on_the_breach_lists(summary):
    from escalations.models import Breach

    assert Breach.objects.filter(code="sdr_first_touch_t1").exists()
    assert set(Breach.objects.values_list("owner__username", flat=True)) >= {"sdr1", "sdr2"}


def test_the_summary_counts_the_leads_by_state(summary):
    counts = dict(Lead.objects.values_list("state").annotate(n=Count("id")))
    opportunities = Opportunity.objects.count()

    assert summary.startswith("Demo leads: 150: ")
    assert f"{counts['inquiry']} Inquiry" in summary
    assert f"{counts['sql']} SQL" in summary
    assert f"{counts['converted']} Converted" in summary
    assert summary.endswith(f"; {opportunities} opportunities")
