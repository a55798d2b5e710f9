"""Demo leads: a realistic inbound mix posted through the real intake, some already accepted."""

import random
from datetime import timedelta

from django.utils import timezone

from leads.models import Lead
from leads.services import intake, lifecycle

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


def seed_leads(count: int) -> int:
    """Post `count` demo leads (once: leads already there are left alone); returns how many
    were new. About a third of the MQLs are already accepted by their SDR."""
    rng = random.Random(20261123)
    now = timezone.now()
    existing = set(
        Lead.objects.filter(external_id__startswith="demo-").values_list("external_id", flat=True)
    )
    created = 0
    for n in range(count):
        company, industry, employees, country, region = rng.choice(COMPANIES)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        data = intake.LeadData(
            email=f"{first}.{last}.{n}@{company.split()[0].lower()}.example".lower(),
            action=rng.choice(ACTIONS),
            first_name=first,
            last_name=last,
            phone="+1 212 555 0100" if rng.random() < 0.85 else "",
            title=rng.choice(TITLES),
            occurred_at=now - timedelta(minutes=rng.randrange(3 * 24 * 60)),
            external_id=f"demo-{n}",
            company=intake.CompanyData(
                name=company,
                industry=industry,
                employees=employees,
                country=country,
                region=region,
            ),
        )
        accept = rng.random() < 0.33
        if data.external_id in existing:
            continue
        lead, _ = intake.intake(data)
        created += 1
        if accept and lead.state == Lead.State.MQL and lead.owner:
            lifecycle.transition(lead, "accept", lead.owner)
    return created
