"""Intake of 10,000 leads through POST /api/v1/leads on PostgreSQL (`make bench`).

Runs the real settings against a fresh database `slaportal_bench` (created and dropped here),
with the demo org and charter, and posts a realistic mix: 2,000 accounts in staffed and
unstaffed countries, buyers, influencers and others, every intake action. Each request runs
in-process through Django's full stack (middleware, token auth, validation, the intake service
with the SLA clocks it starts and stops, PostgreSQL); its wall time and query count are recorded.

Two runs, one after the other: live intake (each action posted within two minutes of
happening, as the marketing platform syncs), then a backfill of 2,000 actions up to 30 days
old, past Marketing's scoring deadline, so that every such post also records a breach, its
escalation and notifications in its transaction.
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
BACKFILL = int(os.environ.get("BENCH_BACKFILL", "2000"))
DATABASE = "slaportal_bench"
NEW_YORK = ZoneInfo("America/New_York")


def payloads(rng: random.Random, count: int, first: int) -> list[dict]:
    # Most inbound comes from the staffed territory and the ICP; a third are hand-raises.
    countries = ["US"] * 7 + ["CA"] * 2 + ["GB"]
    industries = ["software"] * 3 + ["saas", "fintech", "manufacturing", "retail", "mining"]
    titles = ["VP Sales", "Director of Marketing", "CFO", "Sales Manager", "Head of RevOps"]
    titles += ["Senior Engineer", "Marketing Manager", "Intern", "Student", ""]
    actions = ["demo_request"] * 3 + ["contact_sales", "pricing_form", "free_trial"]
    actions += ["roi_calculator", "competitor_page", "webinar_live", "case_study"]
    actions += ["email_clicks_3", "product_pages", "blog_visit", "newsletter_open"]
    actions += ["whitepaper", "social_follow", "unsubscribe"]
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
            "external_id": f"bench-{n}",
            "company": company,
        }
        for n in range(first, first + count)
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
    rng = random.Random(20261123)
    live = payloads(rng, LEADS, first=0)
    post_all(client, live, lambda: timedelta(seconds=rng.randrange(120)), "live intake")
    backfill = payloads(rng, BACKFILL, first=LEADS)
    post_all(
        client,
        backfill,
        lambda: timedelta(minutes=rng.randrange(8 * 60, 30 * 24 * 60)),
        "backfill, actions 8 hours to 30 days old",
    )
    connection.close()


def post_all(client, bodies: list[dict], age, title: str) -> None:
    from django.db import connection
    from django.utils import timezone

    from escalations.models import Breach, Clock
    from leads.models import Lead

    counted = [0]

    def count(execute, sql, params, many, context):
        counted[0] += 1
        return execute(sql, params, many, context)

    last_clock = Clock.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    breaches_before = Breach.objects.count()
    timings, queries, statuses = [], [], []
    began = time.perf_counter()
    with connection.execute_wrapper(count):
        for body in bodies:
            body["occurred_at"] = (timezone.now() - age()).isoformat()
            counted[0] = 0
            start = time.perf_counter()
            response = client.post("/api/v1/leads", body, content_type="application/json")
            timings.append((time.perf_counter() - start) * 1000)
            queries.append(counted[0])
            statuses.append(response.status_code)
    total = time.perf_counter() - began

    posted = Lead.objects.filter(external_id__in=[body["external_id"] for body in bodies])
    states = dict(Counter(posted.values_list("state", flat=True)))
    clocks = dict(Counter(Clock.objects.filter(pk__gt=last_clock).values_list("code", flat=True)))
    print(f"-- {title}")
    rate = len(bodies) / total
    print(f"leads posted: {len(bodies):,} in {total:.1f} s ({rate:,.0f}/s, one process)")
    print(f"statuses: {dict(Counter(statuses))}; lead states: {states}")
    print(f"SLA clocks started in the intake's transactions: {sum(clocks.values()):,} {clocks}")
    print(f"breaches recorded in them: {Breach.objects.count() - breaches_before:,}")
    p50, p95, p99 = (percentile(timings, share) for share in (0.50, 0.95, 0.99))
    print(
        f"server time ms: p50 {p50:.1f}  p95 {p95:.1f}  p99 {p99:.1f}  max {max(timings):.1f}"
        f"  mean {statistics.mean(timings):.1f}"
    )
    print(
        f"queries per request: min {min(queries)}  median {statistics.median(queries):.0f}  "
        f"max {max(queries)}"
    )
    tenth = max(1, len(bodies) // 10)
    print(
        f"p95 of the first tenth: {percentile(timings[:tenth], 0.95):.1f} ms; "
        f"of the last tenth: {percentile(timings[-tenth:], 0.95):.1f} ms"
    )


if __name__ == "__main__":
    from collections import Counter

    main()
