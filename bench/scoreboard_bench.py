"""The scoreboard for one quarter over 1,000,000 leads on PostgreSQL (`make bench`, issue 12):
`GET /api/v1/scoreboard` for the last full quarter (every metric of charter v1; past days from
the daily rollups, refreshed once after loading as beat would), narrowed to one SDR, to one
tier, to a tier and a source (everyone's rollups are split by both), and to one SDR's Tier 1
leads (which the rollups do not hold: counted live), the scoreboard page (with its 8 weekly
trends and 4 charts) for everyone and for one tier, and the rows behind one number;
p50/p95/max server time against a target of 1 s, the queries per request and the slowest
query's plan.

Builds a fresh database `slaportal_bench_scoreboard` (created and dropped here) with the demo
org and charter v1 (`seed_demo --leads 0`), 50 SDRs and 5 AEs, then, in bulk (INSERT … SELECT),
a year of the funnel as the portal would have recorded it:

- 20,000 accounts (2,000 on the target list, 500 of them Tier A); 1,000,000 leads, one MQL
  every ~32 s over the last 365 days, spread over the SDRs, 3 tiers and 15 sources;
- their funnel rows: 75 % accepted an hour on, 12.5 % rejected, a third reached live, a first
  touch within the hour for 90 %, a fifth of all promoted to SQL five days after the SAL and
  nine in ten of those converted three hours on; half enriched;
- 3 clocks per lead (scoring latency, routing, first touch of its tier; a tenth of the first
  touches missed, a twentieth breached) and one AE acceptance clock per SQL: ~3.2 M clocks;
- a touch per lead (the activity, its `lead.activity_logged` event logged 0–39 minutes after
  it and the account's `account.engaged`), an intent action per lead, a breach on every
  twentieth lead, an opportunity per converted lead, an intent spike on each Tier A account
  each month.

Then VACUUM ANALYZE and each request through Django's full stack in process (test Client,
force_login as RevOps): 2 warm-up requests, one with its queries captured, then REPEATS timed
ones. BENCH_SCOREBOARD_KEEP=1 keeps the database, BENCH_SCOREBOARD_REUSE=1 measures a kept one.
"""

import os
import statistics
import time
from datetime import date

import _portal_db
from _portal_db import clock_values, explain, insert_select, people, percentile, policies

DATABASE = os.environ.get("BENCH_SCOREBOARD_DATABASE", "slaportal_bench_scoreboard")
LEADS = int(os.environ.get("BENCH_SCOREBOARD_LEADS", "1000000"))
REPEATS = int(os.environ.get("BENCH_SCOREBOARD_REPEATS", "10"))
KEEP = os.environ.get("BENCH_SCOREBOARD_KEEP") == "1"
REUSE = os.environ.get("BENCH_SCOREBOARD_REUSE") == "1"
SDRS, AES, ACCOUNTS = 50, 5, 20_000
TARGET_MS = 1000
SOURCES = [
    "demo_request",
    "free_trial",
    "contact_sales",
    "pricing_form",
    "roi_calculator",
    "competitor_page",
    "webinar_live",
    "case_study",
    "email_clicks_3",
    "product_pages",
    "blog_visit",
    "newsletter_open",
    "whitepaper",
    "social_follow",
    "demo_request",
]
# One lead's funnel, from its number n (SQL over the generated series).
MQL_AT = "now() - interval '365 days' + n * (interval '365 days' / %(leads)s)"
ACCEPTED = "mod(n, 4) <> 0"
REJECTED = "mod(n, 8) = 0"
QUALIFIED = f"{ACCEPTED} AND mod(n, 5) = 1"
CONVERTED = f"{QUALIFIED} AND mod(n, 10) <> 1"


def fill(ids: dict) -> dict:
    from escalations.models import Breach, Clock
    from leads.models import Account, AccountSignal, Activity, IntentAction, Lead
    from pipeline.models import Opportunity
    from scoreboard.models import LeadFunnel
    from slaportal.charter.models import CharterVersion
    from slaportal.events import Event
    from slaportal.events.models import EventRecord

    params = {
        "leads": LEADS,
        "accounts": ACCOUNTS,
        "sdrs": ids["sdrs"],
        "aes": ids["aes"],
        "sources": SOURCES,
    }
    counts = {}
    started = time.perf_counter()
    counts["accounts"] = insert_select(
        Account,
        {
            "name": "'Company ' || n",
            "domain": "'company' || n || '.example'",
            "country": "'US'",
            "region": "'NY'",
            "on_target_list": "mod(n, 10) = 0",
            "abx_tier": "CASE WHEN mod(n, 40) = 0 THEN 'A' WHEN mod(n, 10) = 0 THEN 'B' "
            "ELSE '' END",
            "owner_ae_id": "(%(aes)s::bigint[])[1 + mod(n, 5)]",
        },
        "FROM generate_series(1, %(accounts)s) AS n",
        params,
    )
    first_account = Account.objects.order_by("pk").values_list("pk", flat=True).first()
    params["first_account"] = first_account
    version = CharterVersion.objects.active().pk
    series = f"FROM (SELECT n, {MQL_AT} AS mql FROM generate_series(1, %(leads)s) AS n) AS s"
    counts["leads"] = insert_select(
        Lead,
        {
            "email": "'lead' || n || '@company' || (1 + mod(n, %(accounts)s)) || '.example'",
            "first_name": "'Pat'",
            "last_name": "'Lee ' || n",
            "phone": "'+1 212 555 0100'",
            "title": "'VP Sales'",
            "persona": "'buyer'",
            "timezone": "'America/New_York'",
            "account_id": "%(first_account)s + mod(n, %(accounts)s)",
            "state": f"CASE WHEN {CONVERTED} THEN 'converted' WHEN {QUALIFIED} THEN 'sql' "
            f"WHEN {ACCEPTED} THEN 'recycled' WHEN {REJECTED} THEN 'rejected' ELSE 'mql' END",
            "tier": "1 + mod(n, 3)",
            "score": "70",
            "icp_fit": "70",
            "charter_version_id": str(version),
            "owner_id": "(%(sdrs)s::bigint[])[1 + mod(n, 50)]",
            "ae_id": f"CASE WHEN {QUALIFIED} THEN (%(aes)s::bigint[])[1 + mod(n, 5)] END",
            "qualifying_action": "(%(sources)s::text[])[1 + mod(n, 15)]",
            "created_at": "mql",
            "mql_at": "mql",
            "routed_at": "mql + interval '1 minute'",
        },
        series,
        params,
    )
    print(f"  {counts['leads']:,} leads in {time.perf_counter() - started:.0f} s")

    started = time.perf_counter()
    lead_rows = "FROM leads_lead l CROSS JOIN LATERAL (SELECT l.id AS n) AS k"
    counts["funnel rows"] = insert_select(
        LeadFunnel,
        {
            "lead_id": "l.id",
            "account_id": "l.account_id",
            "sdr_id": "l.owner_id",
            "ae_id": "l.ae_id",
            "tier": "l.tier",
            "source": "l.qualifying_action",
            "account_tier": "(SELECT a.abx_tier FROM leads_account a WHERE a.id = l.account_id)",
            "quality": "l.tier = 1",
            "enriched": "mod(n, 2) = 0",
            "mql_at": "l.mql_at",
            "routed_at": "l.routed_at",
            "notified_in_time": "mod(n, 50) <> 0",
            "first_touch_at": "CASE WHEN mod(n, 10) <> 9 "
            "THEN l.routed_at + mod(n, 60) * interval '1 minute' END",
            "connected_at": "CASE WHEN mod(n, 3) = 0 THEN l.routed_at + interval '1 hour' END",
            "accepted_at": f"CASE WHEN {ACCEPTED} THEN l.mql_at + interval '1 hour' END",
            "rejected_at": f"CASE WHEN {REJECTED} THEN l.mql_at + interval '2 hours' END",
            "rejection_code": f"CASE WHEN {REJECTED} THEN 'REJ-0' || (1 + mod(n, 7)) ELSE '' END",
            "qualified_at": f"CASE WHEN {QUALIFIED} THEN l.mql_at + interval '5 days 1 hour' END",
            "converted_at": f"CASE WHEN {CONVERTED} THEN l.mql_at + interval '5 days 4 hours' END",
            "ae_rejection_code": "''",
        },
        lead_rows,
        params,
    )
    print(f"  {counts['funnel rows']:,} funnel rows in {time.perf_counter() - started:.0f} s")

    started = time.perf_counter()
    by_code, snapshot = policies()
    params.update(snapshot=snapshot, **{f"name_{code}": p.name for code, p in by_code.items()})
    stopped = "'[]'::jsonb"
    counts["clocks"] = 0
    for code, start, status in (
        ("scoring_latency", "l.mql_at - interval '1 minute'", "'met'"),
        ("crm_routing", "l.mql_at", "CASE WHEN mod(l.id, 50) = 0 THEN 'missed' ELSE 'met' END"),
    ):
        counts["clocks"] += insert_select(
            Clock,
            {
                **clock_values(
                    by_code[code],
                    "met",
                    started=start,
                    target=f"{start} + interval '15 minutes'",
                    warn="NULL",
                    breach=f"{start} + interval '1 hour'",
                    stopped=f"{start} + interval '1 minute'",
                    done=stopped,
                    due="NULL",
                ),
                "status": status,
            },
            "FROM leads_lead l",
            params,
        )
    for tier in (1, 2, 3):
        counts["clocks"] += insert_select(
            Clock,
            {
                **clock_values(
                    by_code[f"sdr_first_touch_t{tier}"],
                    "met",
                    started="l.routed_at",
                    target="l.routed_at + interval '5 minutes'",
                    warn="NULL",
                    breach="l.routed_at + interval '2 hours'",
                    stopped="l.routed_at + interval '3 minutes'",
                    done=stopped,
                    due="NULL",
                ),
                "status": "CASE WHEN mod(l.id, 20) = 7 THEN 'breached' "
                "WHEN mod(l.id, 10) = 3 THEN 'missed' ELSE 'met' END",
            },
            f"FROM leads_lead l WHERE l.tier = {tier}",
            params,
        )
    counts["clocks"] += insert_select(
        Clock,
        {
            **clock_values(
                by_code["ae_sql_acceptance"],
                "met",
                started="l.mql_at + interval '5 days 1 hour'",
                target="l.mql_at + interval '5 days 5 hours'",
                warn="NULL",
                breach="l.mql_at + interval '5 days 9 hours'",
                stopped="l.mql_at + interval '5 days 4 hours'",
                done=stopped,
                due="NULL",
            ),
            "owner_id": "l.ae_id",
            "status": "CASE WHEN mod(l.id, 10) = 1 THEN 'missed' ELSE 'met' END",
        },
        "FROM leads_lead l WHERE l.ae_id IS NOT NULL",
        params,
    )
    print(f"  {counts['clocks']:,} clocks in {time.perf_counter() - started:.0f} s")

    started = time.perf_counter()
    counts["activities"] = insert_select(
        Activity,
        {
            "channel": "'call'",
            "outcome": "CASE WHEN mod(l.id, 3) = 0 THEN 'connected' ELSE 'no_answer' END",
            "purpose": "'touch'",
            "occurred_at": "l.routed_at + mod(l.id, 60) * interval '1 minute'",
            "received_at": "l.routed_at + mod(l.id, 60) * interval '1 minute'",
            "actor_id": "l.owner_id",
            "lead_id": "l.id",
        },
        "FROM leads_lead l WHERE mod(l.id, 10) <> 9",
        params,
    )
    counts["events"] = insert_select(
        EventRecord,
        {
            "uuid": "gen_random_uuid()",
            "name": f"'{Event.LEAD_ACTIVITY_LOGGED.value}'",
            "subject_type": "'lead'",
            "subject_id": "l.id",
            "occurred_at": "l.routed_at + mod(l.id, 60) * interval '1 minute'",
            "received_at": "l.routed_at + mod(l.id, 60) * interval '1 minute' "
            "+ mod(l.id, 40) * interval '1 minute'",
            "actor_id": "l.owner_id",
            "data": "jsonb_build_object('tier', l.tier, 'purpose', 'touch')",
            "charter_version_id": str(version),
        },
        "FROM leads_lead l WHERE mod(l.id, 10) <> 9",
        params,
    )
    counts["events"] += insert_select(
        EventRecord,
        {
            "uuid": "gen_random_uuid()",
            "name": f"'{Event.ACCOUNT_ENGAGED.value}'",
            "subject_type": "'account'",
            "subject_id": "l.account_id",
            "occurred_at": "l.routed_at + mod(l.id, 60) * interval '1 minute'",
            "received_at": "l.routed_at + mod(l.id, 60) * interval '1 minute'",
            "actor_id": "l.owner_id",
            "data": "jsonb_build_object('lead', l.id, 'channel', 'call')",
            "charter_version_id": str(version),
        },
        "FROM leads_lead l WHERE mod(l.id, 10) <> 9",
        params,
    )
    counts["intent actions"] = insert_select(
        IntentAction,
        {
            "lead_id": "l.id",
            "account_id": "l.account_id",
            "code": "l.qualifying_action",
            "occurred_at": "l.mql_at - interval '1 minute'",
            "received_at": "l.mql_at",
            "points": "40",
            "tier": "l.tier",
        },
        "FROM leads_lead l",
        params,
    )
    counts["account signals"] = insert_select(
        AccountSignal,
        {
            "account_id": "a.id",
            "kind": "'intent_spike'",
            "occurred_at": "now() - m * interval '1 month'",
            "received_at": "now() - m * interval '1 month'",
        },
        "FROM leads_account a CROSS JOIN generate_series(0, 11) AS m WHERE a.abx_tier = 'A'",
        params,
    )
    counts["breaches"] = insert_select(
        Breach,
        {
            "code": "'sdr_first_touch_t1'",
            "name": "%(name_sdr_first_touch_t1)s",
            "concern": "'sdr_first_touch_t1'",
            "subject_type": "'lead'",
            "subject_id": "l.id",
            "owner_id": "l.owner_id",
            "breached_at": "l.routed_at + interval '2 hours'",
            "detected_at": "l.routed_at + interval '2 hours 2 seconds'",
            "status": "'resolved'",
            "level": "1",
            "required_action": "''",
            "root_cause": "'Queue uncovered at lunch.'",
        },
        "FROM leads_lead l WHERE mod(l.id, 20) = 7",
        params,
    )
    counts["opportunities"] = insert_select(
        Opportunity,
        {
            "lead_id": "l.id",
            "account_id": "l.account_id",
            "owner_id": "l.ae_id",
            "name": "'Deal ' || l.id",
            "stage": "CASE WHEN mod(l.id, 7) = 0 THEN 'lost' ELSE 'stage_2' END",
            "stage_entered_at": "l.mql_at + interval '6 days'",
            "amount": "24000",
            "original_amount": "24000",
            "close_date": "(l.mql_at + interval '60 days')::date",
            "closed_at": "CASE WHEN mod(l.id, 7) = 0 THEN l.mql_at + interval '30 days' END",
            "loss_reason_code": "CASE WHEN mod(l.id, 7) = 0 THEN 'WL-0' || (1 + mod(l.id, 5)) "
            "ELSE '' END",
            "created_at": "l.mql_at + interval '5 days 4 hours'",
        },
        "FROM leads_lead l WHERE l.state = 'converted'",
        params,
    )
    print(f"  touches, events, actions, breaches, deals in {time.perf_counter() - started:.0f} s")
    return counts


def last_full_quarter(today: date) -> tuple[date, date]:
    first_month = 3 * ((today.month - 1) // 3) + 1
    this_quarter = today.replace(month=first_month, day=1)
    end = date.fromordinal(this_quarter.toordinal() - 1)
    return end.replace(month=3 * ((end.month - 1) // 3) + 1, day=1), end


def measure(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    queries = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    return {
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
        "max": max(times),
        "queries": len(queries),
        "sql_ms": sum(ms for ms, _ in queries),
        "slowest": max(queries),
        "response": response,
    }


def main() -> None:
    _portal_db.use(DATABASE)
    if not REUSE:
        _portal_db.recreate(DATABASE)
    with _portal_db.static_files():
        run()


def run() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from slaportal import company
    from slaportal.org.models import User

    if not REUSE:
        started = time.perf_counter()
        counts = fill(people(SDRS, AES))
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"Loaded in {time.perf_counter() - started:.0f} s:")
        for name, count in counts.items():
            print(f"  {name}: {count:,}")
    from scoreboard import rollups
    from scoreboard.models import DailyCount

    span = rollups.refresh()  # what beat does every SCOREBOARD_ROLLUP_INTERVAL
    print(
        f"Daily rollups {span.first_day} – {span.last_day}: {DailyCount.objects.count():,} rows, "
        f"refreshed in {span.seconds:.1f} s"
    )
    first, last = last_full_quarter(company.today())
    client = Client()
    client.force_login(User.objects.get(username="revops"))
    quarter = f"from={first}&to={last}"
    pages = [
        ("API, every metric, the quarter", f"/api/v1/scoreboard?{quarter}"),
        ("API, one SDR", f"/api/v1/scoreboard?{quarter}&owner=sdr7"),
        ("API, Tier 1", f"/api/v1/scoreboard?{quarter}&tier=1"),
        ("API, Tier 1 demo requests", f"/api/v1/scoreboard?{quarter}&tier=1&source=demo_request"),
        ("API, one SDR's Tier 1 (counted live)", f"/api/v1/scoreboard?{quarter}&owner=sdr7&tier=1"),
        ("Scoreboard page (8 weekly trends, 4 charts)", f"/scoreboard/?{quarter}"),
        ("Scoreboard page, Tier 1", f"/scoreboard/?{quarter}&tier=1"),
        ("Rows behind MQL→SAL", f"/scoreboard/metrics/mql_to_sal_rate/?{quarter}&part=numerator"),
    ]
    print(f"\nThe quarter {first} – {last}; {REPEATS} timed requests each, after warm-up")
    print(f"{'request':<46}{'p50':>9}{'p95':>9}{'max':>9}{'queries':>9}{'SQL':>9}")
    slowest = []
    for label, url in pages:
        result = measure(client, url)
        print(
            f"{label:<46}{result['p50']:>7.0f}ms{result['p95']:>7.0f}ms{result['max']:>7.0f}ms"
            f"{result['queries']:>9}{result['sql_ms']:>7.0f}ms"
        )
        slowest.append((label, result["slowest"]))
        if url.startswith("/api/"):
            body = result["response"].json()
            if label.endswith("quarter"):
                mql_to_sal = next(m for m in body["metrics"] if m["code"] == "mql_to_sal_rate")
                print(
                    f"    e.g. MQL→SAL {mql_to_sal['value']} % "
                    f"({mql_to_sal['numerator']:,} of {mql_to_sal['denominator']:,})"
                )
        verdict = "within" if result["p95"] <= TARGET_MS else "OVER"
        print(f"    p95 {verdict} the {TARGET_MS} ms target")
    for label, (ms, sql) in slowest[:1]:
        print(f"\nSlowest query of “{label}” ({ms:.0f} ms):\n  {sql[:300]}…")
        for line in explain(sql)[:25]:
            print(f"    {line}")
    if not KEEP:
        connection.close()
        _portal_db.drop(DATABASE)


if __name__ == "__main__":
    main()
