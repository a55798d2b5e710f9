"""Fault drills of the SLA engine on PostgreSQL and Redis, with real worker and beat processes:
two sweeps at once, a worker killed mid-delivery, Redis down while breaches happen, beat down
for an hour. Each time: every breach found, every notification delivered, none twice.

The demo org's history (`seed_demo`: three business days of leads, some never answered) gives
the engine overdue clocks to find; a stand-in for Slack's webhook counts what arrives."""

import os
import re
import subprocess
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from tests.fake_slack import FakeSlack
from tests.integration.conftest import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("real_processes")]

DEMO_LEADS = "60"


@pytest.fixture
def drill(start_portal, postgres_database, private_redis, tmp_path):
    """A portal on its own database and Redis, its Slack and mail observable; not started."""
    slack = FakeSlack()

    def make(**settings):
        portal = start_portal(
            DATABASE_URL=postgres_database,
            CELERY_BROKER_URL=private_redis.url,
            HTTPS="0",
            SLACK_WEBHOOK_URL=slack.url,
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(tmp_path / "mail"),
            SLA_SWEEP_INTERVAL="1",
            SLA_RELAY_GRACE_SECONDS="2",
            SLA_DELIVERY_CLAIM_SECONDS="4",
            **settings,
        )
        seeded = portal.manage("seed_demo", "--leads", DEMO_LEADS)
        assert seeded.returncode == 0, seeded.stderr
        portal.slack, portal.redis, portal.database = slack, private_redis, postgres_database
        return portal

    yield make
    slack.close()


def rows(portal, sql: str, *params) -> list[tuple]:
    with psycopg.connect(portal.database) as connection:
        return connection.execute(sql, params or None).fetchall()


def outbound(portal) -> dict[str, set[int]]:
    """The notifications to be delivered, by channel."""
    found = rows(
        portal, "SELECT channel, id FROM escalations_notification WHERE channel <> 'in_app'"
    )
    by_channel: dict[str, set[int]] = {}
    for channel, pk in found:
        by_channel.setdefault(channel, set()).add(pk)
    return by_channel


def mailed(tmp_path: Path) -> Counter:
    """How many times each notification's e-mail was sent (by its Message-ID)."""
    text = "".join(path.read_text() for path in (tmp_path / "mail").glob("*"))
    return Counter(int(n) for n in re.findall(r"Message-ID: <notification-(\d+)@sla-portal>", text))


def all_delivered(portal, tmp_path):
    def done():
        pending = rows(
            portal,
            "SELECT count(*) FROM escalations_notification "
            "WHERE channel <> 'in_app' AND status <> 'sent'",
        )[0][0]
        return pending == 0 and bool(outbound(portal))

    wait_until(done, 120, f"every notification to be delivered (logs in {portal.logs})")


def assert_each_delivered_once(portal, tmp_path):
    expected = outbound(portal)
    assert Counter(portal.slack.keys()) == Counter(expected.get("slack", set()))
    assert mailed(tmp_path) == Counter(expected.get("email", set()))


def breaches(portal) -> int:
    return rows(portal, "SELECT count(*) FROM escalations_breach")[0][0]


def overdue_without_breach(portal, at: datetime) -> int:
    """Clocks whose breach deadline had passed at `at` with no breach recorded on them. The
    instant is the portal's (this process's clock, moved with theirs), not the server's now()."""
    return rows(
        portal,
        "SELECT count(*) FROM escalations_clock c WHERE c.breach_at <= %s "
        "AND (c.stopped_at IS NULL OR c.stopped_at >= c.breach_at) AND c.status <> 'cancelled' "
        "AND NOT EXISTS (SELECT 1 FROM escalations_milestone m "
        "                WHERE m.clock_id = c.id AND m.kind = 'breach')",
        at,
    )[0][0]


def test_two_sweeps_at_once_record_and_send_everything_once(drill, tmp_path):
    portal = drill()
    command = [*portal.manage_command(), "sla_sweep"]
    swept_from = datetime.now(UTC)
    sweeps = [
        subprocess.Popen(command, cwd=portal.cwd, env=portal.env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    printed = [process.communicate(timeout=120)[0] for process in sweeps]

    assert all(" 0 failed" in out for out in printed), printed
    assert breaches(portal) > 0
    assert overdue_without_breach(portal, swept_from) == 0
    duplicates = rows(
        portal,
        "SELECT clock_id, step, count(*) FROM escalations_escalation WHERE clock_id IS NOT NULL "
        "GROUP BY clock_id, step HAVING count(*) > 1",
    )
    assert duplicates == []

    portal.start_worker_and_beat()
    all_delivered(portal, tmp_path)
    assert_each_delivered_once(portal, tmp_path)


def test_a_worker_killed_mid_delivery_delivers_once_after_restart(drill, tmp_path):
    portal = drill()
    portal.slack.hold_next(60)  # the first Slack message hangs until its sender dies
    portal.start_worker_and_beat()
    wait_until(portal.slack.received.is_set, 90, f"a Slack delivery to start ({portal.logs})")

    portal.kill("worker")
    wait_until(lambda: portal.slack.aborted, 15, "the killed delivery to be abandoned")
    portal.start_worker()
    all_delivered(portal, tmp_path)

    assert_each_delivered_once(portal, tmp_path)
    (abandoned,) = portal.slack.aborted
    key = abandoned["metadata"]["event_payload"]["notification"]
    assert portal.slack.keys().count(key) == 1
    attempts = rows(portal, "SELECT attempts FROM escalations_notification WHERE id = %s", key)
    assert attempts[0][0] >= 2


def test_redis_down_while_breaches_happen_loses_nothing(drill, tmp_path):
    portal = drill()
    portal.redis.stop()

    swept = portal.manage("sla_sweep")  # breaches found while the broker is down

    assert swept.returncode == 0, swept.stderr
    assert " 0 failed" in swept.stdout
    assert breaches(portal) > 0
    waiting = rows(
        portal,
        "SELECT count(*) FROM escalations_notification WHERE channel <> 'in_app' "
        "AND status = 'pending'",
    )[0][0]
    assert waiting == sum(len(ids) for ids in outbound(portal).values())

    portal.redis.start()
    portal.start_worker_and_beat()
    all_delivered(portal, tmp_path)
    assert_each_delivered_once(portal, tmp_path)


def test_beat_down_for_an_hour_every_breach_is_found_on_restart(drill, tmp_path):
    """Leads come in and are touched, then nobody sweeps for an hour: the first sweep of the
    restarted beat (its clock an hour on) finds every breach that fell due meanwhile."""
    portal = drill()
    posted = portal.manage("shell", "-c", POST_AND_TOUCH_LEADS)
    assert posted.returncode == 0, posted.stderr
    an_hour_on = _an_hour_on()

    portal.start("worker", *portal.celery("worker", "--concurrency", "1"), environment=an_hour_on)
    portal.start("beat", *portal.celery("beat"), environment=an_hour_on)

    of_the_hour = (
        "FROM escalations_breach b JOIN leads_lead l ON l.id = b.subject_id "
        "WHERE b.subject_type = 'lead' AND l.email LIKE 'drill%' "
        "AND b.code = 'sal_acceptance_after_first_attempt'"
    )

    def found():
        return rows(portal, f"SELECT count(*) {of_the_hour}")[0][0] == 5

    wait_until(found, 90, f"the hour's breaches to be found ({portal.logs})")
    detected = rows(portal, f"SELECT min(b.detected_at - b.breached_at) {of_the_hour}")[0][0]
    assert detected.total_seconds() > 40 * 60  # found by the sweep an hour on, not before
    all_delivered(portal, tmp_path)
    assert_each_delivered_once(portal, tmp_path)


# Five new leads, each touched once by the dialer: the SAL-after-first-attempt clock (15
# calendar minutes) breaches within the hour whatever the business hours.
POST_AND_TOUCH_LEADS = """
from leads.services import intake, touches
from slaportal.api.models import ApiToken, Scope
from slaportal.org.models import User
for n in range(5):
    lead, _ = intake.intake(intake.LeadData(
        email=f"drill{n}@acme.example", action="demo_request", first_name="Pat",
        last_name=f"Drill{n}", phone="+1 212 555 0100", title="VP Sales",
        company=intake.CompanyData(name="Acme", industry="software", employees=800,
                                   country="US", region="NY")))
    touches.log_activity(lead, lead.owner, channel="call", outcome="no_answer", occurred_at=None)
"""


def _an_hour_on() -> dict[str, str]:
    """libfaketime one hour ahead of this process's own clock (which may be moved already)."""
    lib = next(Path("/usr/lib").rglob("faketime/libfaketime.so.1"))
    offset = int(os.environ.get("FAKETIME", "+0")) + 3600
    return {"LD_PRELOAD": str(lib), "FAKETIME": f"{offset:+d}"}
