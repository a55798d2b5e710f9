"""Demo leads: a realistic inbound mix posted through the real intake and worked through the
real services, each at an instant of the company's last business days.

The demo is a history, not a snapshot: each lead is posted, touched, accepted, qualified and
handed to an AE at its own instant (time-machine moves the process clock), so the round-robin
shows at any hour `make run` is started, the stages carry the timestamps they would have had,
and every role has something to look at. Nothing here is a rule: it only calls the services.
"""

import random
from collections import Counter
from datetime import datetime, time, timedelta
from decimal import Decimal
from enum import IntEnum

import time_machine
from django.utils import timezone

from leads.models import Activity, Lead
from leads.services import intake, lifecycle, touches
from pipeline import services as pipeline
from slaportal import company
from slaportal.charter.models import BusinessCalendar

COMPANIES = [
    ("Acme Analytics", "software", 800, "US", "NY"),
    ("Globex Payments", "fintech", 2400, "US", "CA"),
    ("Initech", "saas", 350, "US", "TX"),
    ("Umbrella Health", "healthcare technology", 1200, "US", "MA"),
    ("Northwind Traders", "ecommerce", 600, "CA", "08"),
    ("Stark Manufacturing", "manufacturing", 4500, "US", "MI"),
    ("Wayne Logistics", "logistics", 9000, "US", "IL"),
    ("Tyrell Retail", "retail", 150, "GB", ""),
    ("Soylent Foods", "food", 60, "US", "OR"),
    ("Hooli", "software", 3000, "US", "CA"),
]
FIRST = ["Dana", "Sam", "Alex", "Jordan", "Riley", "Casey", "Morgan", "Avery", "Quinn", "Taylor"]
LAST = ["Reyes", "Okafor", "Lindqvist", "Chen", "Novak", "Moreau", "Haddad", "Baptiste"]
TITLES = [
    "VP Sales",
    "Director of Marketing",
    "CFO",
    "Head of RevOps",
    "Sales Manager",
    "Marketing Manager",
    "Senior Analyst",
    "Intern",
    "Founder",
    "",
]
ACTIONS = [
    "demo_request",
    "demo_request",
    "contact_sales",
    "pricing_form",
    "free_trial",
    "webinar_live",
    "case_study",
    "email_clicks_3",
    "roi_calculator",
    "product_pages",
    "blog_visit",
    "newsletter_open",
    "whitepaper",
]
# 11:00–17:00 in New York is inside 08:00–18:00 local time in every US zone of the demo's
# territories (08:00–14:00 on the Pacific coast), so the round-robin, not on-call, routes them.
POSTED_BETWEEN = (time(11), time(17))
HISTORY_BUSINESS_DAYS = 3


class Step(IntEnum):
    """How far a demo MQL gets after it is routed."""

    ROUTED = 0
    TOUCHED = 1
    ACCEPTED = 2
    QUALIFIED = 3
    HANDED_TO_AE = 4


# The MQLs' stories in turn, so that every stage has leads with as few as eight MQLs: some
# untouched (the SLA clocks' breaches), some touched, accepted, qualified, and opportunities.
STORIES = (
    Step.ROUTED,
    Step.TOUCHED,
    Step.ACCEPTED,
    Step.HANDED_TO_AE,
    Step.TOUCHED,
    Step.QUALIFIED,
    Step.ACCEPTED,
    Step.HANDED_TO_AE,
)


def history_days(days: int = HISTORY_BUSINESS_DAYS) -> list[datetime]:
    """Midnight (company time) of the last `days` business days before today, oldest first."""
    zone = company.time_zone()
    engine = BusinessCalendar.objects.order_by("pk").first().engine(zone.key)
    day, found = company.today(), []
    while len(found) < days:
        day -= timedelta(days=1)
        midnight = datetime.combine(day, time(), tzinfo=zone)
        if engine.is_open(datetime.combine(day, time(12), tzinfo=zone)):
            found.append(midnight)
    return found[::-1]


def history_start() -> datetime:
    """When the demo's history begins: 08:00 on its first business day (the charter in force
    must already be published then)."""
    return history_days()[0].replace(hour=8)


def _posting_instants(count: int, rng: random.Random) -> list[datetime]:
    opens, closes = (t.hour * 60 + t.minute for t in POSTED_BETWEEN)
    days = history_days()
    return sorted(
        rng.choice(days) + timedelta(minutes=rng.randrange(opens, closes), seconds=rng.random())
        for _ in range(count)
    )


def _lead_data(n: int, rng: random.Random) -> intake.LeadData:
    company_name, industry, employees, country, region = rng.choice(COMPANIES)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return intake.LeadData(
        email=f"{first}.{last}.{n}@{company_name.split()[0].lower()}.example".lower(),
        action=rng.choice(ACTIONS),
        first_name=first,
        last_name=last,
        phone="+1 212 555 0100" if rng.random() < 0.85 else "",
        title=rng.choice(TITLES),
        external_id=f"demo-{n}",
        company=intake.CompanyData(
            name=company_name,
            industry=industry,
            employees=employees,
            country=country,
            region=region,
        ),
    )


def travel_to(instant: datetime):
    return time_machine.travel(instant, tick=False)


def _work(lead: Lead, story: Step, posted: datetime, rng: random.Random) -> None:
    """The SDR's and the AE's steps on one MQL, each a few minutes after the one before."""
    sdr, at = lead.owner, posted
    steps = {
        Step.TOUCHED: lambda: _first_touch(lead, sdr, rng),
        Step.ACCEPTED: lambda: _accept(lead, sdr),
        Step.QUALIFIED: lambda: _qualify(lead, sdr),
        Step.HANDED_TO_AE: lambda: _hand_over(lead, Decimal(rng.randrange(12, 180) * 1000)),
    }
    for step in Step:
        if Step.ROUTED < step <= story:
            at += timedelta(minutes=rng.randrange(2, 40))
            with travel_to(at):
                lead = steps[step]() or lead


def _first_touch(lead: Lead, sdr, rng: random.Random) -> None:
    outcome = rng.choice([Activity.Outcome.CONNECTED, Activity.Outcome.VOICEMAIL])
    touches.log_activity(
        lead,
        sdr,
        channel=Activity.Channel.CALL,
        outcome=outcome,
        occurred_at=None,
        notes="First call from the demo history.",
    )
    code = "DISP-CONNECTED" if outcome == Activity.Outcome.CONNECTED else "DISP-VOICEMAIL"
    touches.set_disposition(lead, sdr, code=code, occurred_at=None)


def _accept(lead: Lead, sdr) -> Lead:
    lead = lifecycle.transition(lead, "accept", sdr)
    return touches.enroll_in_sequence(
        lead, sdr, sequence=f"Tier {lead.tier} inbound", occurred_at=None
    )


def _qualify(lead: Lead, sdr) -> Lead:
    touches.book_meeting(
        lead,
        sdr,
        starts_at=timezone.now() + timedelta(days=2),
        meeting_url=f"https://meet.example/demo-{lead.pk}",
    )
    lead = lifecycle.transition(
        lead,
        "qualify",
        sdr,
        pain="Inbound demo requests wait a day for a first call",
        timeline="Decision this quarter",
        meeting_url=f"https://meet.example/demo-{lead.pk}",
        metrics="Speed to lead from 18 hours to 5 minutes",
        decision_process="VP Sales and the CFO sign after a security review",
        implicate_pain="Pipeline target missed two quarters running",
        briefing=f"{lead.full_name or lead.email} runs the evaluation; wants a pilot next month.",
    )
    touches.log_activity(
        lead,
        sdr,
        channel=Activity.Channel.EMAIL,
        outcome=Activity.Outcome.SENT,
        occurred_at=None,
        purpose=Activity.Purpose.INTRO,
        notes="Introducing your account executive.",
    )
    return lead


def _hand_over(lead: Lead, amount: Decimal) -> Lead:
    """The AE accepts (the opportunity opens) and calls the prospect, in the same sitting."""
    lead, opportunity = pipeline.accept_sql(lead, lead.ae, briefing_read=True, amount=amount)
    pipeline.log_activity(
        opportunity,
        lead.ae,
        channel=Activity.Channel.CALL,
        outcome=Activity.Outcome.CONNECTED,
        occurred_at=None,
        notes="First call after accepting the SQL.",
    )
    return lead


def seed_leads(count: int) -> Counter:
    """Post `count` demo leads once (leads already there are left alone) and work the MQLs as
    their story says; returns how many leads of the demo are in each state."""
    rng = random.Random(20261123)
    existing = set(
        Lead.objects.filter(external_id__startswith="demo-").values_list("external_id", flat=True)
    )
    mqls = 0
    for n, posted in enumerate(_posting_instants(count, rng)):
        data = _lead_data(n, rng)
        if data.external_id in existing:
            continue
        with travel_to(posted):
            lead, _ = intake.intake(data)
        if lead.state == Lead.State.MQL and lead.owner:
            _work(lead, STORIES[mqls % len(STORIES)], posted, random.Random(n))
            mqls += 1
    return Counter(
        Lead.objects.filter(external_id__startswith="demo-").values_list("state", flat=True)
    )
