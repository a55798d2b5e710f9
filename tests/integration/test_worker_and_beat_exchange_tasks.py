"""Beat → broker → worker really runs: the heartbeat beat schedules is executed by a worker and
the health page, served by a real web process, reports everything healthy."""

import sys
from datetime import datetime
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("real_processes")]


def assert_heartbeat_round_trip(portal):
    portal.start_worker_and_beat()

    body = portal.wait_for_health(200, timeout=90)

    assert body["healthy"] is True
    assert set(body["checks"]) == {"database", "broker", "worker", "beat"}
    last_heartbeat = datetime.fromisoformat(body["beat_last_heartbeat"])
    assert last_heartbeat.tzinfo is not None
    assert "Scheduler: Sending due task health-heartbeat" in portal.log("beat")
    assert "slaportal.health.tasks.record_heartbeat" in portal.log("worker")

    # Stop beat: the heartbeat goes stale and the page says which part is down.
    portal.processes["beat"].terminate()
    body = portal.wait_for_health(503, timeout=30)
    assert body["unhealthy"] == ["beat"]
    assert datetime.fromisoformat(body["beat_last_heartbeat"]) >= last_heartbeat


def test_production_stack_postgres_redis_gunicorn(start_portal, postgres_database, redis_broker):
    portal = start_portal(
        DATABASE_URL=postgres_database,
        CELERY_BROKER_URL=redis_broker,
        # Behind a TLS-terminating proxy; this test talks plain HTTP to gunicorn.
        HTTPS="0",
    )
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    portal.start(
        "web", gunicorn, "slaportal.wsgi", "--bind", f"127.0.0.1:{portal.port}", "--workers", "2"
    )

    assert_heartbeat_round_trip(portal)


def test_default_stack_sqlite_filesystem_broker_runserver(start_portal, tmp_path):
    portal = start_portal(DEBUG="1")
    portal.start(
        "web", sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{portal.port}"
    )

    assert_heartbeat_round_trip(portal)
    assert (tmp_path / "var" / "slaportal.sqlite3").exists()
    assert any((tmp_path / "var" / "celery-broker").rglob("*"))


def test_health_reports_a_missing_worker_by_name(start_portal):
    portal = start_portal(DEBUG="1")
    portal.start(
        "web", sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{portal.port}"
    )

    body = portal.wait_for_health(503, timeout=60)

    assert body["unhealthy"] == ["worker", "beat"]
