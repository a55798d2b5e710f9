"""Intake of 10,000 leads through POST /api/v1/leads on PostgreSQL (`make bench`).

Runs the real settings against a fresh database `slaportal_bench` (created and dropped here),
with the demo org and charter, and posts a realistic mix: 2,000 accounts in staffed and
unstaffed countries, buyers, influencers and others, every intake action, timestamps over the
last 30 days. Each request runs in-process through Django's full stack (middleware, token auth,
validation, the intake service, PostgreSQL); its wall time and its query count are recorded.
"""

import os
import random
import statistics
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import _portal_db
import time_machine

LEADS = int(os.environ.get("BENCH_LEADS", "10000"))
DATABASE = "slaportal_bench"
NEW_YORK = ZoneInfo("America/New_York")


def payloads(rng: random.Random) -> list[dict]:
    from django.utils import timezone

    # Most inbound comes from the staffed territory and the ICP; a third are hand-raises.
    countries = ["US"] * 7 + ["CA"] * 2 + ["GB"]
    industries = ["software"] * 3 + ["saas", "fintech", "manufacturing", "retail", "mining"]
    titles = ["VP Sales", "Director of Marketing", "CFO", "Sales Manager", "Head of RevOps"]
    titles += ["Senior Engineer", "Marketing Manager", "Intern", "Student", ""]
    actions = ["demo_request"] * 3 + ["contact_sales", "pricing_form", "free_trial"]
    actions += ["roi_calculator", "competitor_page", "webinar_live", "case_study"]
    actions += ["email_clicks_3", "product_pages", "blog_visit", "newsletter_open"]
    actions += ["whitepaper", "social_follow", "unsubscribe"]
    now = timezone.now()
    accounts = [
        {
            "name": f"Company {n}",
            "domain": f"company{n}.example",
            "industry": rng.choice(industries),
            "employees": rng.choice([20, 150, 800, 800, 4000]),
            "country": rng.choice(countries),
        }
        for n in range(2000)
    ]
    return [
        {
            "email": f"person{n}@{(company := rng.choice(accounts))['domain']}",
            "first_name": "Pat",
            "last_name": f"Lee{n}",
            "phone": "+1 212 555 0100" if rng.random() < 0.9 else "",
            "title": rng.choice(titles),
            "action": rng.choice(actions),
            "occurred_at": (now - timedelta(minutes=rng.randrange(30 * 24 * 60))).isoformat(),
            "external_id": f"bench-{n}",
            "company": company,
        }
        for n in range(LEADS)
    ]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def business_morning() -> datetime:
    """The next Tuesday 10:00 in New York the demo calendar has open: the bench's clock starts
    there and runs on, so its mix of MQLs, round-robin and on-call routing is the same at
    whatever hour it runs (and after the charter it seeds took effect)."""
    from slaportal.charter.models import BusinessCalendar

    hours = BusinessCalendar.objects.order_by("pk").first().engine("America/New_York")
    day = datetime.now(NEW_YORK).date()
    while True:
        day += timedelta(days=1)
        morning = datetime(day.year, day.month, day.day, 10, tzinfo=NEW_YORK)
        if day.weekday() == 1 and hours.is_open(morning):
            return morning


def main() -> None:
    _portal_db.recreate(DATABASE)
    import django

    django.setup()
    with time_machine.travel(business_morning(), tick=True):
        measure()
    _portal_db.drop(DATABASE)


def measure() -> None:
    from django.db import connection
    from django.test import Client

    from slaportal.api.models import ApiToken, Scope
    from slaportal.org.models import User

    _, key = ApiToken.issue(
        name="Bench", scopes=[Scope.LEADS_INTAKE], created_by=User.objects.get(username="revops")
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    counted = [0]

    def count(execute, sql, params, many, context):
        counted[0] += 1
        return execute(sql, params, many, context)

    timings, queries, statuses = [], [], []
    bodies = payloads(random.Random(20261123))
    began = time.perf_counter()
    with connection.execute_wrapper(count):
        for body in bodies:
            counted[0] = 0
            start = time.perf_counter()
            response = client.post("/api/v1/leads", body, content_type="application/json")
            timings.append((time.perf_counter() - start) * 1000)
            queries.append(counted[0])
            statuses.append(response.status_code)
    total = time.perf_counter() - began

    from escalations.models import Clock
    from leads.models import Lead

    states = dict(Counter(Lead.objects.values_list("state", flat=True)))
    clocks = dict(Counter(Clock.objects.values_list("code", flat=True)))
    rate = len(bodies) / total
    print(f"leads posted: {len(bodies):,} in {total:.1f} s ({rate:,.0f}/s, one process)")
    print(f"statuses: {dict(Counter(statuses))}; lead states: {states}")
    print(f"SLA clocks started in the intake's transactions: {sum(clocks.values()):,} {clocks}")
    p50, p95, p99 = (percentile(timings, share) for share in (0.50, 0.95, 0.99))
    print(
        f"server time ms: p50 {p50:.1f}  p95 {p95:.1f}  p99 {p99:.1f}  max {max(timings):.1f}"
        f"  mean {statistics.mean(timings):.1f}"
    )
    first, last = queries[:1000], queries[-1000:]
    print(
        f"queries per request: min {min(queries)}  median {statistics.median(queries):.0f}  "
        f"max {max(queries)}; median of the first 1,000 {statistics.median(first):.0f}, "
        f"of the last 1,000 {statistics.median(last):.0f}"
    )
    print(
        f"p95 of the first 1,000: {percentile(timings[:1000], 0.95):.1f} ms; "
        f"of the last 1,000: {percentile(timings[-1000:], 0.95):.1f} ms"
    )
    connection.close()


if __name__ == "__main__":
    from collections import Counter

    main()
