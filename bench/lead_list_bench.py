"""GET /api/v1/leads at 1,000,000 leads on PostgreSQL (`make bench`): page 1, a deep page, the
filters, and an SDR's own list, against the offset-and-count paging it replaced.

Builds a fresh database `slaportal_bench_list` (created and dropped here) with the demo org
and charter, then 1,000,000 leads in one INSERT … SELECT (2,000 accounts; states, owners, tiers
and the review flag in realistic proportions; created over the last year). Each request runs
in-process through Django's full stack as RevOps or sdr1; the figure is the median wall time of
repeated requests, and the query count of one.
"""

import os
import statistics
import time

import _portal_db

LEADS = int(os.environ.get("BENCH_LIST_LEADS", "1000000"))
REPEATS = 25
DATABASE = "slaportal_bench_list"


# One million leads in one statement: states by share (most inquiries, a tail through the
# funnel), SQL and SAL leads owned by the two SDRs, a review flag on a few percent.
ACCOUNTS = """
INSERT INTO leads_account (name, domain, industry, country, region, abx_tier, on_target_list,
                           is_customer, created_at)
SELECT 'Company ' || n, 'company' || n || '.example', 'software', 'US', 'NY', '', false, false,
       now()
FROM generate_series(1, 2000) AS n
"""
LEADS_SQL = """
INSERT INTO leads_lead (email, first_name, last_name, phone, title, persona, timezone,
    account_id, do_not_route, suppression, suppression_reason, state, tier, score, icp_fit,
    icp_fit_given, mql_criteria, needs_review, owner_id, hold_reason, pain, timeline,
    meeting_url, metrics, economic_buyer, decision_criteria, decision_process, paper_process,
    implicate_pain, champion, briefing, ae_flags, qualifying_action, sequence, disposition,
    disposition_notes, created_at)
SELECT 'person' || n || '@company' || (n %% 2000 + 1) || '.example', 'Pat', 'Lee' || n,
    '+1 212 555 0100', 'VP Sales', 'buyer', 'America/New_York',
    (SELECT min(id) FROM leads_account) + n %% 2000, false, '', '',
    state, CASE WHEN state = 'inquiry' THEN NULL ELSE 1 + n %% 3 END, 30 + n %% 80, 60,
    false, '{}'::jsonb, state = 'inquiry' AND n %% 25 = 0,
    CASE WHEN state = 'inquiry' THEN NULL WHEN n %% 2 = 0 THEN %(sdr1)s ELSE %(sdr2)s END,
    '', '', '', '', '', '', '', '', '', '', '', '', '[]'::jsonb, '', '', '', '',
    now() - (%(leads)s - n) * interval '30 seconds'
FROM (
    SELECT n, CASE WHEN n %% 100 < 80 THEN 'inquiry' WHEN n %% 100 < 90 THEN 'mql'
                   WHEN n %% 100 < 95 THEN 'sal' WHEN n %% 100 < 97 THEN 'sql'
                   WHEN n %% 100 < 98 THEN 'converted' ELSE 'recycled' END AS state
    FROM generate_series(1, %(leads)s) AS n
) AS funnel
"""


def fill() -> None:
    from django.db import connection

    from slaportal.org.models import User

    ids = dict(User.objects.filter(username__in=["sdr1", "sdr2"]).values_list("username", "pk"))
    with connection.cursor() as cursor:
        cursor.execute(ACCOUNTS)
        cursor.execute(LEADS_SQL, {"sdr1": ids["sdr1"], "sdr2": ids["sdr2"], "leads": LEADS})
        cursor.execute("ANALYZE leads_account")
        cursor.execute("ANALYZE leads_lead")


def timed(client, url: str) -> tuple[float, int]:
    from django.db import connection

    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content
    return statistics.median(times) * 1000, len(queries)


def offset_paging(offset: int) -> float:
    """What the list did before: LIMIT/OFFSET paging with a COUNT(*) of the whole set."""
    from leads.models import Lead

    times = []
    for _ in range(5):
        started = time.perf_counter()
        leads = Lead.objects.select_related("owner").order_by("-created_at", "-id")
        leads.count()
        list(leads[offset : offset + 100])
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    started = time.perf_counter()
    _portal_db.recreate(DATABASE)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from leads.models import Lead
    from slaportal.org.models import User

    fill()
    print(f"{LEADS:,} leads in {time.perf_counter() - started:.0f} s")
    deep = Lead.objects.order_by("id").values_list("id", flat=True)[1000]
    revops, sdr1 = Client(), Client()
    revops.force_login(User.objects.get(username="revops"))
    sdr1.force_login(User.objects.get(username="sdr1"))
    cases = [
        ("page 1, 100 leads (RevOps)", revops, "/api/v1/leads?limit=100"),
        (
            "a deep page: the 100 before the 1,001st lead",
            revops,
            f"/api/v1/leads?limit=100&cursor={deep}",
        ),
        ("state=sal, page 1", revops, "/api/v1/leads?limit=100&state=sal"),
        (
            "state=sal, a deep page",
            revops,
            f"/api/v1/leads?limit=100&state=sal&cursor={deep + 5000}",
        ),
        (
            "the review list (needs_review=true)",
            revops,
            "/api/v1/leads?limit=100&needs_review=true",
        ),
        ("sdr1's own leads, page 1", sdr1, "/api/v1/leads?limit=100"),
        ("sdr1's own leads, a deep page", sdr1, f"/api/v1/leads?limit=100&cursor={deep + 5000}"),
    ]
    print(f"{'GET /api/v1/leads':<48} {'median ms':>10} {'queries':>8}")
    for name, client, url in cases:
        milliseconds, queries = timed(client, url)
        print(f"{name:<48} {milliseconds:>10.1f} {queries:>8}")
    for offset in (0, LEADS - 1100):
        print(f"before: offset {offset:,} + COUNT(*), 100 rows {offset_paging(offset):>19.1f}")
    connection.close()
    _portal_db.drop(DATABASE)


if __name__ == "__main__":
    main()
