"""The workspace pages at 1,000,000 leads on PostgreSQL (`make bench`, issue 11): an SDR's
queue, the lead page and the SDR manager's breach list; p50/p95/max server time over repeated
requests against a target p95 of 150 ms, the queries per request, and the plan of each page's
main query (and of its slowest, when that is another).

Builds a fresh database `slaportal_bench_pages` (created and dropped here) with the demo org
and charter v1 (`seed_demo --leads 0`), then, in bulk (INSERT … SELECT):

- 48 more SDRs (sdr1 … sdr50), all in the demo SDR team managed by `sdrmgr`, and 3 more AEs;
- 20,000 accounts and 1,000,000 leads over the 50 SDRs: 100,000 open (60 % MQL, 40 % SAL,
  2,000 per SDR, routed in the last 14 days), 900,000 closed (converted, rejected, recycled,
  disqualified, over the last year);
- clocks: every MQL runs `sal_accept_reject` and `sequence_enrollment`, every SAL
  `sal_resolution` (targets from 16 hours overdue to 6 days ahead, about 10 % overdue); every
  lead has a stopped clock besides (1.16 M clocks in all);
- 1 to 5 touches per open lead and one per closed lead (1.2 M activities), an intent action
  and its transitions per open lead;
- 20,000 breaches, each escalated to `sdrmgr`: 17,000 resolved (on closed leads), 3,000
  unresolved (2,000 open, 1,000 acknowledged) on overdue clocks of open leads, over all owners;
- the lead page's lead (an SAL of sdr1) with a history: intent actions, touches, a meeting,
  transitions of two cycles, clocks of both, a resolved breach.

Then VACUUM ANALYZE (the state autovacuum keeps), and each page through Django's full stack
in process (test Client, force_login): 3 warm-up requests, one with its queries captured, then
REPEATS timed ones. p95 is the nearest rank (the 29th of 30). The database is dropped at the
end; BENCH_PAGES_KEEP=1 keeps it, and BENCH_PAGES_REUSE=1 measures a kept one again without
reloading it.
"""

import os
import statistics
import time

import _portal_db
from _portal_db import clock_values, explain, insert_select, people, percentile, policies

DATABASE = os.environ.get("BENCH_PAGES_DATABASE", "slaportal_bench_pages")
LEADS = int(os.environ.get("BENCH_PAGES_LEADS", "1000000"))
REPEATS = int(os.environ.get("BENCH_PAGES_REPEATS", "30"))
KEEP = os.environ.get("BENCH_PAGES_KEEP") == "1"
REUSE = os.environ.get("BENCH_PAGES_REUSE") == "1"
SDRS, ACCOUNTS = 50, 20_000
# Breaches scale with the leads: 17,000 resolved and 3,000 unresolved at 1,000,000.
RESOLVED_BREACHES, UNRESOLVED_BREACHES = LEADS * 17 // 1000, LEADS * 3 // 1000
TARGET_P95_MS = 150
PAGE_ROWS = 25  # workspaces.tables.PER_PAGE
# Each page's main query, recognised in the captured SQL: the queue and the lead page read
# leads annotated with their next running clock (workspaces.deadlines), the breach list reads
# breaches oldest first.
NEXT_DEADLINE = 'AS "next_deadline"'
BREACH_LIST = 'ORDER BY "escalations_breach"."breached_at" ASC'

OPEN = "l.state IN ('mql', 'sal')"
CLOSED = "l.state IN ('converted', 'rejected', 'recycled', 'disqualified')"


# --- bulk loading ------------------------------------------------------------------------


def fill(ids: dict) -> dict:
    from django.db import connection

    from escalations.models import Breach, Clock
    from leads.models import Account, Activity, IntentAction, Lead, LeadTransition, Territory
    from slaportal.charter.models import CharterVersion

    counts = {}
    params = {
        "leads": LEADS,
        "accounts": ACCOUNTS,
        "sdrs": ids["sdrs"],
        "aes": ids["aes"],
        "manager": ids["manager"],
    }
    counts["accounts"] = insert_select(
        Account,
        {
            "name": "'Company ' || n",
            "domain": "'company' || n || '.example'",
            "industry": "'software'",
            "country": "'US'",
            "region": "'NY'",
        },
        "FROM generate_series(1, %(accounts)s) AS n",
        params,
    )
    first_account = Account.objects.order_by("pk").values_list("pk", flat=True).first()
    territory = Territory.objects.get(name="North America").pk
    version = CharterVersion.objects.active().pk
    # Open leads are every tenth (routed in the last 14 days), each SDR owning 2,000 of them
    # (the owner cycles with n / 10, MQL or SAL with n / 500: every SDR has both).
    started = time.perf_counter()
    counts["leads"] = insert_select(
        Lead,
        {
            "email": "'lead' || n || '@company' || (1 + mod(n, %(accounts)s)) || '.example'",
            "first_name": "'Pat'",
            "last_name": "'Lee ' || n",
            "phone": "'+1 212 555 0100'",
            "title": "'VP Sales'",
            "persona": "'buyer'",
            "timezone": "(ARRAY['America/New_York', 'America/Chicago', 'America/Denver',"
            " 'America/Los_Angeles'])[1 + mod(n, 4)]",
            "account_id": f"{first_account} + mod(n, %(accounts)s)",
            "state": "state",
            "tier": "1 + mod(n, 3)",
            "score": "60 + mod(n, 40)",
            "icp_fit": "70",
            "charter_version_id": str(version),
            "territory_id": str(territory),
            "owner_id": "(%(sdrs)s::bigint[])[1 + mod(n / 10, 50)]",
            "ae_id": "CASE WHEN state = 'converted' THEN (%(aes)s::bigint[])[1 + mod(n, 5)] END",
            "qualifying_action": "'demo_request'",
            "sequence": "CASE WHEN mod(n, 10) = 0 THEN 'Tier ' || (1 + mod(n, 3)) ELSE '' END",
            "created_at": "created",
            "mql_at": "created",
            "routed_at": "created",
            "last_activity_at": "created + interval '3 hours'",
        },
        """FROM (
            SELECT n,
                CASE WHEN mod(n, 10) = 0 THEN
                         CASE WHEN mod(n / 500, 5) < 3 THEN 'mql' ELSE 'sal' END
                     ELSE (ARRAY['converted', 'rejected', 'recycled', 'disqualified'])
                          [1 + mod(n, 4)]
                END AS state,
                CASE WHEN mod(n, 10) = 0
                     THEN now() - mod(n::bigint * 7919, 20160) * interval '1 minute'
                     ELSE now() - interval '3 days' - (%(leads)s - n) * interval '30 seconds'
                END AS created
            FROM generate_series(1, %(leads)s) AS n
        ) AS funnel""",
        params,
    )
    print(f"  {counts['leads']:,} leads in {time.perf_counter() - started:.0f} s")

    started = time.perf_counter()
    by_code, snapshot = policies()
    params.update(snapshot=snapshot, **{f"name_{code}": p.name for code, p in by_code.items()})
    # Running clocks: targets from 1,000 minutes overdue to 9,000 minutes ahead; the breach
    # two hours after the target; the next due item is the target, or the breach once the
    # target has passed.
    running = (
        ("mql", "sal_accept_reject", 0, "NULL"),
        ("mql", "sequence_enrollment", 500, "NULL"),
        ("sal", "sal_resolution", 0, "t.target - interval '2 days'"),
    )
    counts["clocks"] = 0
    for state, code, shift, warn in running:
        counts["clocks"] += insert_select(
            Clock,
            clock_values(
                by_code[code],
                "running",
                started="l.routed_at",
                target="t.target",
                warn=warn,
                breach="t.target + interval '2 hours'",
                stopped="NULL",
                done="CASE WHEN t.target < now() THEN '[\"target\"]'::jsonb ELSE '[]'::jsonb END",
                due="CASE WHEN t.target < now() THEN t.target + interval '2 hours' "
                "ELSE t.target END",
            ),
            f"""FROM leads_lead l CROSS JOIN LATERAL (
                SELECT now()
                    + (mod(l.id::bigint * 37 + {shift}, 1000) - 100) * interval '10 minutes'
                    AS target
            ) AS t WHERE l.state = '{state}'""",
            params,
        )
    # Stopped clocks: each open lead's first touch (met), each closed lead's accept-or-reject.
    for tier in (1, 2, 3):
        counts["clocks"] += insert_select(
            Clock,
            clock_values(
                by_code[f"sdr_first_touch_t{tier}"],
                "met",
                started="l.routed_at",
                target="l.routed_at + interval '5 minutes'",
                warn="NULL",
                breach="l.routed_at + interval '2 hours'",
                stopped="l.routed_at + interval '3 minutes'",
                done="'[]'::jsonb",
                due="NULL",
            ),
            f"FROM leads_lead l WHERE {OPEN} AND l.tier = {tier}",
            params,
        )
    counts["clocks"] += insert_select(
        Clock,
        {
            **clock_values(
                by_code["sal_accept_reject"],
                "met",
                started="l.created_at",
                target="l.created_at + interval '4 hours'",
                warn="NULL",
                breach="l.created_at + interval '24 hours'",
                stopped="l.created_at + interval '1 hour'",
                done="'[]'::jsonb",
                due="NULL",
            ),
            "status": "CASE mod(l.id, 20) WHEN 1 THEN 'breached' WHEN 3 THEN 'missed' "
            "ELSE 'met' END",
        },
        f"FROM leads_lead l WHERE {CLOSED}",
        params,
    )
    print(f"  {counts['clocks']:,} clocks in {time.perf_counter() - started:.0f} s")

    started = time.perf_counter()
    touch = {
        "channel": "(ARRAY['call', 'email', 'linkedin'])[1 + mod(g, 3)]",
        "outcome": "(ARRAY['no_answer', 'sent', 'voicemail', 'connected'])[1 + mod(g, 4)]",
        "purpose": "'touch'",
        "occurred_at": "LEAST(now(), l.routed_at + g * interval '3 hours')",
        "received_at": "LEAST(now(), l.routed_at + g * interval '3 hours')",
        "actor_id": "l.owner_id",
        "lead_id": "l.id",
    }
    counts["activities"] = insert_select(
        Activity,
        touch,
        f"FROM leads_lead l CROSS JOIN LATERAL generate_series(1, 1 + mod(l.id / 10, 5)) AS g "
        f"WHERE {OPEN}",
        params,
    ) + insert_select(
        Activity, touch, f"FROM leads_lead l CROSS JOIN (VALUES (1)) AS v(g) WHERE {CLOSED}", params
    )
    counts["intent actions"] = insert_select(
        IntentAction,
        {
            "lead_id": "l.id",
            "account_id": "l.account_id",
            "code": "'demo_request'",
            "occurred_at": "l.created_at - interval '1 minute'",
            "received_at": "l.created_at",
            "points": "40",
            "tier": "l.tier",
        },
        f"FROM leads_lead l WHERE {OPEN}",
        params,
    )
    transition = {"lead_id": "l.id", "actor_id": "NULL", "payload": "'{}'::jsonb"}
    counts["transitions"] = insert_select(
        LeadTransition,
        {
            **transition,
            "name": "'become_mql'",
            "from_state": "'inquiry'",
            "to_state": "'mql'",
            "at": "l.created_at",
        },
        f"FROM leads_lead l WHERE {OPEN}",
        params,
    ) + insert_select(
        LeadTransition,
        {
            **transition,
            "name": "'accept'",
            "from_state": "'mql'",
            "to_state": "'sal'",
            "at": "l.created_at + interval '1 hour'",
            "actor_id": "l.owner_id",
        },
        "FROM leads_lead l WHERE l.state = 'sal'",
        params,
    )
    print(f"  activities, intent actions, transitions in {time.perf_counter() - started:.0f} s")

    breach = {
        "subject_type": "'lead'",
        "level": "1",
        "required_action": "''",
    }
    counts["breaches"] = insert_select(
        Breach,
        {
            **breach,
            "code": "c.code",
            "name": "c.name",
            "concern": "c.code",
            "clock_id": "c.id",
            "subject_id": "c.subject_id",
            "owner_id": "c.owner_id",
            "breached_at": "c.breach_at",
            "detected_at": "c.breach_at + interval '2 seconds'",
            "status": "CASE WHEN mod(c.id, 3) = 0 THEN 'acknowledged' ELSE 'open' END",
            "acknowledged_at": "CASE WHEN mod(c.id, 3) = 0 THEN c.breach_at "
            "+ interval '20 minutes' END",
            "acknowledged_by_id": "CASE WHEN mod(c.id, 3) = 0 THEN %(manager)s::bigint END",
        },
        f"""FROM (SELECT c.* FROM escalations_clock c
                 WHERE c.stopped_at IS NULL AND c.status = 'running' AND c.breach_at < now()
                 ORDER BY mod(c.id::bigint * 7919, 100003) LIMIT {UNRESOLVED_BREACHES}) AS c""",
        params,
    ) + insert_select(
        Breach,
        {
            **breach,
            "code": "'sal_accept_reject'",
            "name": "%(name_sal_accept_reject)s",
            "concern": "'sal_accept_reject'",
            "subject_id": "l.id",
            "owner_id": "l.owner_id",
            "breached_at": "l.created_at + interval '24 hours'",
            "detected_at": "l.created_at + interval '24 hours 2 seconds'",
            "status": "'resolved'",
            "acknowledged_at": "l.created_at + interval '25 hours'",
            "acknowledged_by_id": "%(manager)s::bigint",
            "resolved_at": "l.created_at + interval '2 days'",
            "resolved_by_id": "%(manager)s::bigint",
            "root_cause": "'Rep out sick; the team covered the queue late.'",
        },
        f"FROM leads_lead l WHERE {CLOSED} AND mod(l.id, 52) = 1 "
        f"ORDER BY l.id LIMIT {RESOLVED_BREACHES}",
        params,
    )
    through = Breach.escalated_to.through._meta.db_table
    with connection.cursor() as cursor:
        # The SDR manager is told at the breach (the ladder of every SDR policy).
        cursor.execute(
            f"INSERT INTO {through} (breach_id, user_id) SELECT id, %s FROM escalations_breach",
            [ids["manager"]],
        )
    return counts


def lead_with_history(ids: dict, by_code: dict, snapshot: int):
    """An SAL of sdr1 with a history of two cycles: recycled once, back as an MQL, accepted."""
    from datetime import timedelta

    from django.utils import timezone

    from escalations.models import Breach, Clock
    from leads.models import Activity, IntentAction, Lead, LeadTransition, Meeting
    from slaportal.charter.models import MqlCriterion
    from slaportal.org.models import User

    sdr1 = User.objects.get(username="sdr1")
    lead = Lead.objects.filter(owner=sdr1, state=Lead.State.SAL).order_by("pk").first()
    now = timezone.now()
    begun = lead.routed_at - timedelta(days=60)
    Lead.objects.filter(pk=lead.pk).update(
        mql_criteria={
            **{code: {"met": True, "detail": label} for code, label in MqlCriterion.Code.choices},
            "score": {"met": True, "detail": "a score of at least 60 (is 82)"},
        },
        score=82,
    )
    IntentAction.objects.bulk_create(
        IntentAction(
            lead=lead,
            account_id=lead.account_id,
            code=code,
            occurred_at=begun + timedelta(days=n * 9),
            points=points,
            tier=lead.tier,
        )
        for n, (code, points) in enumerate(
            [
                ("webinar", 10),
                ("whitepaper", 10),
                ("pricing_page", 20),
                ("webinar", 10),
                ("contact_sales", 40),
                ("demo_request", 40),
            ]
        )
    )
    Activity.objects.bulk_create(
        Activity(
            lead=lead,
            channel=("call", "email", "linkedin")[n % 3],
            outcome=("no_answer", "sent", "voicemail", "connected")[n % 4],
            occurred_at=min(now, begun + timedelta(days=2 + n * 6)),
            notes="Left a message about the pricing question." if n % 4 == 2 else "",
            actor=sdr1,
        )
        for n in range(10)
    )
    Meeting.objects.create(
        lead=lead,
        starts_at=now + timedelta(days=3),
        meeting_url="https://meet.example/discovery",
        booked_by=sdr1,
    )
    LeadTransition.objects.bulk_create(
        LeadTransition(
            lead=lead, name=name, from_state=a, to_state=b, actor=actor, at=at, reason_code=reason
        )
        for name, a, b, actor, at, reason in [
            ("become_mql", "inquiry", "mql", None, begun, ""),
            ("accept", "mql", "sal", sdr1, begun + timedelta(hours=2), ""),
            ("recycle", "sal", "recycled", sdr1, begun + timedelta(days=20), "REC-01"),
        ]
    )
    first = Clock.objects.create(
        version_id=by_code["sal_resolution"].version_id,
        watch_key=f"policy:{by_code['sal_resolution'].pk}",
        code="sal_resolution",
        name=by_code["sal_resolution"].name,
        policy=by_code["sal_resolution"],
        subject_type="lead",
        subject_id=lead.pk,
        owner=sdr1,
        calendar_id=snapshot,
        timezone=lead.timezone,
        status=Clock.Status.BREACHED,
        started_at=begun + timedelta(hours=2),
        target_at=begun + timedelta(days=18),
        breach_at=begun + timedelta(days=18),
        stopped_at=begun + timedelta(days=20),
        done=["warning", "target", "breach"],
    )
    breach = Breach.objects.create(
        code="sal_resolution",
        name=first.name,
        concern="sal_resolution",
        clock=first,
        subject_type="lead",
        subject_id=lead.pk,
        owner=sdr1,
        breached_at=first.breach_at,
        detected_at=first.breach_at,
        level=1,
        acknowledged_at=first.breach_at + timedelta(hours=1),
        acknowledged_by_id=ids["manager"],
        resolved_at=first.stopped_at,
        resolved_by_id=ids["manager"],
        root_cause="Prospect went quiet; recycled to nurture.",
    )
    Breach.objects.filter(pk=breach.pk).update(status=Breach.Status.RESOLVED)
    breach.escalated_to.add(ids["manager"])
    return lead


# --- measuring ---------------------------------------------------------------------------


class Split:
    """Where one request's time goes: in SQL (every statement, timed around the driver) and in
    rendering templates (`render_to_string`, which `render` calls; SQL run while rendering
    counts in both)."""

    def __init__(self):
        self.sql = self.render = 0.0

    def __enter__(self):
        from django.db import connection
        from django.template import loader

        def sql(execute, *args):
            started = time.perf_counter()
            try:
                return execute(*args)
            finally:
                self.sql += time.perf_counter() - started

        def render(*args, **kwargs):
            started = time.perf_counter()
            try:
                return self._render(*args, **kwargs)
            finally:
                self.render += time.perf_counter() - started

        self._render, loader.render_to_string = loader.render_to_string, render
        self._wrapper = connection.execute_wrapper(sql)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        from django.template import loader

        loader.render_to_string = self._render
        self._wrapper.__exit__(*exc)


def measure(client, url: str, main: str, check) -> dict:
    """Warm up, capture one request's queries, then time REPEATS requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    # Read now: the next request's request_started signal empties the connection's log.
    queries = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    assert response.status_code == 200, (url, response.status_code)
    check(response.content.decode())
    mains = [q for q in queries if main in q[1]]
    assert mains, f"{url}: no query contains {main!r}: " + "; ".join(s[:80] for _, s in queries)
    times, splits = [], []
    for _ in range(REPEATS):
        with Split() as split:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        splits.append(split)
        assert response.status_code == 200, (url, response.status_code)
    return {
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
        "max": max(times),
        "queries": len(queries),
        "sql_ms": statistics.median(s.sql * 1000 for s in splits),
        "render_ms": statistics.median(s.render * 1000 for s in splits),
        "main": max(mains),
        "slowest": max(queries),
    }


def profile(client, url: str, lines: int = 25) -> list[str]:
    """One request under cProfile: the project's and django-tables2's functions it spends most
    time in (cumulative, callees included; profiling slows the request down)."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    out = io.StringIO()
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ours = rf"{repo}/(workspaces|leads|escalations|slaportal)/|django_tables2/(rows|columns)"
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(ours, lines)
    return [line for line in out.getvalue().splitlines() if line.strip()]


def rows(expected: int, marker: str):
    def check(html: str) -> None:
        found = html.count(marker)
        assert found == expected, f"{found} rows ({marker!r}), expected {expected}"

    return check


def contains(text: str):
    def check(html: str) -> None:
        assert text in html, f"{text!r} not on the page"

    return check


def main() -> None:
    with _portal_db.static_files():
        run()


def run() -> None:
    started = time.perf_counter()
    if REUSE:
        _portal_db.use(DATABASE)
    else:
        _portal_db.recreate(DATABASE)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from escalations.models import Breach, Clock
    from leads.models import Lead
    from slaportal.org.models import User

    try:
        ids = people(SDRS, 5)
        by_code, snapshot = policies()
        if not REUSE:
            counts = fill(ids)
            lead_with_history(ids, by_code, snapshot)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            print(
                f"Loaded in {time.perf_counter() - started:.0f} s: "
                + ", ".join(f"{n:,} {what}" for what, n in counts.items())
            )
        sdr1 = User.objects.get(username="sdr1")
        lead = Lead.objects.filter(owner=sdr1, state=Lead.State.SAL).order_by("pk").first()
        open_leads = Lead.objects.filter(state__in=["mql", "sal"]).count()
        mine = Lead.objects.filter(owner=sdr1, state__in=["mql", "sal"]).count()
        running = Clock.objects.filter(stopped_at__isnull=True, status="running").count()
        unresolved = Breach.objects.unresolved().count()
        print(
            f"{Lead.objects.count():,} leads, {open_leads:,} open ({mine:,} of them sdr1's), "
            f"{running:,} running clocks, {Breach.objects.count():,} breaches "
            f"({unresolved:,} unresolved)"
        )
        assert open_leads == LEADS // 10, open_leads
        assert unresolved == UNRESOLVED_BREACHES, unresolved

        def shown(total: int, page: int = 1) -> int:
            """The rows a page shows (past the last page django-tables2 shows the first)."""
            skipped = (page - 1) * PAGE_ROWS if total > (page - 1) * PAGE_ROWS else 0
            return min(PAGE_ROWS, total - skipped)

        sals = Lead.objects.filter(owner=sdr1, state="sal").count()
        visible = Breach.objects.filter(owner__team_membership__team__manager__username="sdrmgr")
        sdr, manager = Client(), Client()
        sdr.force_login(sdr1)
        manager.force_login(User.objects.get(username="sdrmgr"))
        queue_row, breach_row = 'id="lead-', 'data-testid="status"'
        cases = [
            (
                "SDR queue, page 1",
                sdr,
                "/workspace/sdr/",
                NEXT_DEADLINE,
                rows(shown(mine), queue_row),
            ),
            (
                "SDR queue, state=sal",
                sdr,
                "/workspace/sdr/?state=sal",
                NEXT_DEADLINE,
                rows(shown(sals), queue_row),
            ),
            (
                "SDR queue, page 20",
                sdr,
                "/workspace/sdr/?page=20",
                NEXT_DEADLINE,
                rows(shown(mine, 20), queue_row),
            ),
            (
                "lead page (an SAL with history)",
                sdr,
                f"/leads/{lead.pk}/",
                NEXT_DEADLINE,
                contains(lead.email),
            ),
            (
                "breach list, page 1 (sdrmgr)",
                manager,
                "/workspace/sdr_manager/",
                BREACH_LIST,
                rows(shown(visible.unresolved().count()), breach_row),
            ),
            (
                "breach list, any status (sdrmgr)",
                manager,
                "/workspace/sdr_manager/?status=all",
                BREACH_LIST,
                rows(shown(visible.count()), breach_row),
            ),
        ]
        results = []
        for name, client, url, main_query, check in cases:
            results.append((name, client, url, measure(client, url, main_query, check)))

        load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
        print(
            f"\nServer time in process, ms (SQL and template rendering: medians; load average "
            f"{load} on {os.cpu_count()} CPUs)"
        )
        print(
            f"{'page (' + str(REPEATS) + ' requests each)':<36} {'p50 ms':>7} {'p95 ms':>7} "
            f"{'max ms':>7} {'queries':>7} {'SQL ms':>7} {'render':>7}  p95 ≤ {TARGET_P95_MS} ms"
        )
        for name, _, _, r in results:
            verdict = "yes" if r["p95"] <= TARGET_P95_MS else "OVER TARGET"
            print(
                f"{name:<36} {r['p50']:>7.1f} {r['p95']:>7.1f} {r['max']:>7.1f} "
                f"{r['queries']:>7} {r['sql_ms']:>7.1f} {r['render_ms']:>7.1f}  {verdict}"
            )
        for name, client, url, r in results:
            print(f"\n== {name}: GET {url}")
            shown = [("main query", r["main"])]
            if r["slowest"] is not r["main"]:
                shown.append(("slowest query", r["slowest"]))
            for label, (ms, sql) in shown:
                print(f"-- {label} ({ms:.1f} ms in the captured request):\n   {sql}")
                for line in explain(sql):
                    print(f"   {line}")
            if r["p95"] > TARGET_P95_MS:
                print(
                    f"-- over target: one request under cProfile (SQL {r['sql_ms']:.0f} ms of it)"
                )
                for line in profile(client, url):
                    print(f"   {line}")
    finally:
        connection.close()
        if not KEEP:
            _portal_db.drop(DATABASE)


if __name__ == "__main__":
    main()
