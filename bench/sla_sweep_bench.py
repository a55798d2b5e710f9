"""The SLA sweep on PostgreSQL at 100,000 running clocks (`make bench`).

A fresh database `slaportal_bench_sla` (created and dropped here) with the demo org and
charter, 100,000 leads and one running Tier 1 first-touch clock each (the SDRs' own, their
manager on the ladder), written in bulk. Measured:

1. the due query's plan: the partial index on `next_due_at`, due rows only;
2. the sweep's cost against the due clocks, not all clocks: 1,000 due among 10,000 running,
   then 1,000 due among 100,000;
3. 10,000 clocks falling due at once: one sweep, then two sweep processes side by side;
4. detection latency with a real worker and beat (Redis, sweep every second): clocks whose
   breach falls due over a minute, deadline → breach row and → e-mail handed to the mail
   backend, p50 and p99; once with the delivery queue empty, once behind the e-mails of the
   bursts (published to Redis while no worker ran).

Deliveries are published to Redis throughout, as in production.
"""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import _portal_db
import redis

DATABASE = "slaportal_bench_sla"
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
REPO = Path(__file__).resolve().parent.parent
TOTAL, BURST, MEASURED = 100_000, 10_000, 1_000


def leads(count: int, start: int) -> list[int]:
    from leads.models import Account, Lead
    from slaportal.org.models import User

    account, _ = Account.objects.get_or_create(domain="bench.example", defaults={"name": "Bench"})
    owners = list(User.objects.filter(username__in=["sdr1", "sdr2"]))
    rows = [
        Lead(
            email=f"lead{n}@bench.example",
            account=account,
            timezone="America/New_York",
            tier=1,
            owner=owners[n % 2],
        )
        for n in range(start, start + count)
    ]
    Lead.objects.bulk_create(rows, batch_size=5000)
    return list(
        Lead.objects.filter(email__endswith="@bench.example")
        .order_by("-pk")
        .values_list("pk", "owner_id")[:count]
    )


def clocks(subjects, *, due_at=None, due_in=None) -> None:
    """A running Tier 1 first-touch clock per lead: its target passed, its breach due at
    `due_at` (a past instant: due now) or spread over `due_in` (a later window)."""
    from escalations import clockwork as cw
    from escalations.models import Clock
    from slaportal.charter.models import BusinessCalendar, CharterVersion, Policy

    version = CharterVersion.objects.active()
    policy = Policy.objects.get(version=version, code="sdr_first_touch_t1")
    snapshot = BusinessCalendar.objects.get(pk=policy.calendar_id).snapshot()
    from django.utils import timezone

    now = timezone.now()
    rows = []
    for n, (lead_id, owner_id) in enumerate(subjects):
        breach_at = due_at or now + due_in * (n / len(subjects))
        rows.append(
            Clock(
                version=version,
                watch_key=f"policy:{policy.pk}",
                code=policy.code,
                name=policy.name,
                policy=policy,
                subject_type="lead",
                subject_id=lead_id,
                owner_id=owner_id,
                calendar=snapshot,
                timezone="America/New_York",
                status=cw.Status.RUNNING,
                started_at=breach_at - timedelta(hours=2),
                target_at=breach_at - timedelta(hours=1, minutes=55),
                breach_at=breach_at,
                done=[cw.TARGET],
                next_due_at=breach_at,
            )
        )
    Clock.objects.bulk_create(rows, batch_size=5000)


def timed_sweep() -> tuple[float, int]:
    from escalations.sweep import sweep

    started = time.perf_counter()
    report = sweep()
    return time.perf_counter() - started, report.processed


def due_plan() -> str:
    from django.db import connection
    from django.utils import timezone

    from escalations.models import Clock

    query = Clock.objects.due(timezone.now()).values_list("pk", "next_due_at")[:200]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(f"    {row[0]}" for row in cursor.fetchall())


def sweep_processes(count: int) -> float:
    command = [sys.executable, "manage.py", "sla_sweep"]
    started = time.perf_counter()
    processes = [
        subprocess.Popen(command, cwd=REPO, env=os.environ, stdout=subprocess.PIPE, text=True)
        for _ in range(count)
    ]
    outputs = [process.communicate()[0].strip() for process in processes]
    seconds = time.perf_counter() - started
    for output in outputs:
        print(f"    {output}")
    return seconds


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def detection_latency(subjects, situation: str, *, drain_first: bool) -> None:
    from django.db.models import F

    from escalations.models import Breach, Notification

    env = {
        **os.environ,
        "SLA_SWEEP_INTERVAL": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    celery = str(Path(sys.executable).with_name("celery"))
    logs = open(REPO / "var" / "bench-sla-celery.log", "w")  # noqa: SIM115
    processes = [
        subprocess.Popen(
            [celery, "-A", "slaportal", *args, "--loglevel", "WARNING"],
            cwd=REPO,
            env=env,
            stdout=logs,
            stderr=subprocess.STDOUT,
        )
        for args in (["worker", "--concurrency", "2"], ["beat"])
    ]
    try:
        time.sleep(8)  # worker and beat up
        if drain_first:  # what earlier steps left for the workers is delivered first
            drained = time.monotonic() + 300
            while Notification.objects.filter(status__in=["pending", "sending"]).exists():
                assert time.monotonic() < drained, "the backlog was not delivered in 5 minutes"
                time.sleep(1)
        clocks(subjects, due_in=timedelta(seconds=60))
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            done = Breach.objects.filter(subject_id__in=[s for s, _ in subjects]).count()
            sent = Notification.objects.filter(
                channel="email",
                status="sent",
                escalation__breach__subject_id__in=[s for s, _ in subjects],
            ).count()
            if done == len(subjects) and sent == len(subjects):
                break
            time.sleep(1)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    breaches = Breach.objects.filter(subject_id__in=[s for s, _ in subjects])
    detected = [
        lag.total_seconds()
        for lag in breaches.annotate(lag=F("detected_at") - F("breached_at")).values_list(
            "lag", flat=True
        )
    ]
    handed = [
        lag.total_seconds()
        for lag in Notification.objects.filter(channel="email", escalation__breach__in=breaches)
        .annotate(lag=F("sent_at") - F("escalation__breach__breached_at"))
        .values_list("lag", flat=True)
        if lag is not None
    ]
    print(
        f"{len(detected)} breaches due over a minute, worker (2 processes) and beat, {situation}:"
    )
    for name, lags in (("deadline → breach row", detected), ("deadline → e-mail sent", handed)):
        print(
            f"    {name:<24} p50 {percentile(lags, 0.5):5.2f} s"
            f"  p99 {percentile(lags, 0.99):5.2f} s"
            f"  max {max(lags):5.2f} s  (n={len(lags)})"
        )


def main() -> None:
    # The production path: deliveries are published to Redis (no worker runs until step 4).
    os.environ["CELERY_BROKER_URL"] = REDIS
    redis.Redis.from_url(REDIS).flushdb()
    _portal_db.recreate(DATABASE)
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from escalations.models import Breach, Clock, Notification

    started = time.perf_counter()
    past = timezone.now() - timedelta(minutes=1)
    # 1,000 due among 10,000 running.
    small = leads(10_000, 0)
    clocks(small[:MEASURED], due_at=past)
    clocks(small[MEASURED:], due_in=timedelta(days=30))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE escalations_clock")
    print(f"{Clock.objects.count():,} running clocks in {time.perf_counter() - started:.0f} s")
    seconds, processed = timed_sweep()
    print(
        f"sweep, {processed:,} due among 10,000 running: {seconds:.2f} s "
        f"({processed / seconds:,.0f} clocks/s)"
    )
    # 1,000 due among 100,000 running.
    big = leads(TOTAL - 10_000, 10_000)
    clocks(big[:MEASURED], due_at=past)
    clocks(big[MEASURED:], due_in=timedelta(days=30))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE escalations_clock")
    running = Clock.objects.filter(stopped_at__isnull=True, status="running").count()
    print("due query plan at 100,000 running:")
    print(due_plan())
    seconds_big, processed = timed_sweep()
    print(
        f"sweep, {processed:,} due among {running:,} running: {seconds_big:.2f} s "
        f"({processed / seconds_big:,.0f} clocks/s; {seconds_big / seconds:.2f}× the 10,000 case)"
    )
    detection_latency(leads(500, TOTAL), "the delivery queue empty", drain_first=True)
    # 10,000 falling due at once.
    burst = leads(BURST, TOTAL + 500)
    clocks(burst, due_at=past)
    seconds, processed = timed_sweep()
    print(f"10,000 due at once, one sweep: {seconds:.1f} s ({processed / seconds:,.0f} clocks/s)")
    burst = leads(BURST, TOTAL + 500 + BURST)
    clocks(burst, due_at=past)
    seconds = sweep_processes(2)
    print(f"10,000 due at once, two sweep processes side by side: {seconds:.1f} s")
    print(f"breaches recorded: {Breach.objects.count():,}")
    waiting = Notification.objects.filter(status="pending").count()
    detection_latency(
        leads(500, TOTAL + 500 + 2 * BURST),
        f"behind the bursts' {waiting:,} e-mails not yet delivered",
        drain_first=False,
    )
    connection.close()
    _portal_db.drop(DATABASE)


if __name__ == "__main__":
    main()
