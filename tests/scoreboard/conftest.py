"""A hand-counted day of the funnel: six Tier 1 MQLs on Tuesday 3 March 2026 (New York), each
worked differently, and the accounts behind them. The expected figures are in
`test_metrics_on_a_hand_counted_day.py`, worked out from this story."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from leads.models import Account, Lead
from leads.services import lifecycle, signals, touches
from pipeline import services as pipeline
from slaportal.api.models import ApiToken, Scope
from tests.leads.conftest import *  # noqa: F403  (org, integration, post…)
from tests.leads.conftest import qualified_body

DAY = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)  # Tuesday 10:00 New York
MEASURED_AT = DAY + timedelta(hours=4, minutes=50)  # 14:50
WEEK_1 = date(2026, 3, 2)
MONDAY_6AM_NY = datetime(2026, 3, 9, 10, 0, tzinfo=UTC)  # beat's review of the week


def at(minutes: int):
    return time_machine.travel(DAY + timedelta(minutes=minutes), tick=False)


@pytest.fixture
def day(org, post):
    """Leads a–f by name; the round-robin alternates sdr1, sdr2 from a."""
    for domain, tier in [("acme", "A"), ("globex", "A"), ("initech", "B"), ("umbrella", "A")]:
        Account.objects.create(
            name=domain.title(), domain=f"{domain}.example", abx_tier=tier, on_target_list=True
        )
    companies = ["acme", "globex", "initech", "hooli", "vandelay", "wonka"]
    leads = {}
    with at(0):
        for name, company in zip("abcdef", companies, strict=True):
            extra = {"icp_fit": 80} if name in "ab" else {}
            response = post(
                email=f"{name}@{company}.example",
                external_id=f"map-{name}",
                occurred_at=DAY.isoformat(),
                company={
                    "name": company.title(),
                    "domain": f"{company}.example",
                    "industry": "software",
                    "employees": 800,
                    "country": "US",
                    "region": "NY",
                },
                **extra,
            )
            assert response.status_code == 201, response.json()
            leads[name] = Lead.objects.get(pk=response.json()["id"])
    a, b, c, d, e = (leads[name] for name in "abcde")  # f: left alone
    dialer, _ = ApiToken.issue(
        name="Dialer", scopes=[Scope.ACTIVITIES_WRITE], created_by=org["revops"]
    )

    def touch(lead, channel="call", outcome="connected", **options):
        touches.log_activity(
            lead, lead.owner, channel=channel, outcome=outcome, occurred_at=None, **options
        )

    def qualify(lead, minutes):
        with at(minutes):
            touches.book_meeting(
                lead,
                lead.owner,
                starts_at=DAY + timedelta(days=1),
                meeting_url="https://meet.example/discovery",
            )
            lifecycle.transition(lead, "qualify", lead.owner, **qualified_body())
            lead.refresh_from_db()
            touch(lead, "email", "sent", purpose="intro")

    with at(1):
        lifecycle.transition(e, "reject", e.owner, reason_code="REJ-01")
    with at(2):
        touch(a)  # connected: a live conversation
    with at(3):
        lifecycle.transition(a, "accept", a.owner)
        touch(b, outcome="no_answer")
    with at(4):
        lifecycle.transition(b, "accept", b.owner)
    with at(5):
        lifecycle.transition(c, "accept", c.owner)
    with at(10):
        touch(a, "email", "sent")  # acme's second SDR touch of the day
    with at(20):
        touch(d)  # connected, but 20 minutes in: Tier 1's 5 minutes missed
    with at(21):
        lifecycle.transition(d, "accept", d.owner)
    with at(30):
        signals.record_signal(
            Account.objects.get(domain="umbrella.example"),
            org["mops"],
            kind="intent_spike",
            occurred_at=None,
        )
    qualify(a, 30)
    qualify(b, 40)
    with at(50):
        # The dialer reports c's e-mail of 10:04, 46 minutes late.
        touches.log_activity(
            c,
            dialer,
            channel="email",
            outcome="sent",
            occurred_at=DAY + timedelta(minutes=4),
            rep=c.owner,
        )
    with at(60):
        a.refresh_from_db()
        pipeline.accept_sql(a, a.ae, briefing_read=True, amount=Decimal("10000"))
    with at(150):  # 12:30: f, never touched, breached Tier 1's 2 business hours at 12:00
        call_command("sla_sweep", stdout=StringIO())
    with at(285):  # 14:45: five minutes past b's 4 business hours for the AE
        b.refresh_from_db()
        pipeline.accept_sql(b, b.ae, briefing_read=True, amount=Decimal("10000"))
    for lead in leads.values():
        lead.refresh_from_db()
    return leads


@pytest.fixture
def measured(day):
    with time_machine.travel(MEASURED_AT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def week_1(day):
    """Beat's Monday review of the day's week: its misses by metric code."""
    from scoreboard import tasks
    from scoreboard.models import CommitmentMiss

    with time_machine.travel(MONDAY_6AM_NY, tick=False):
        assert tasks.review_commitments() > 0
    return {miss.code: miss for miss in CommitmentMiss.objects.filter(week=WEEK_1)}
