"""The health page: database, broker, worker and beat; 200 when all are healthy, else 503."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from health_check.base import HealthCheck

from slaportal.health.checks import BeatCheck, BrokerCheck, DatabaseCheck, WorkerCheck
from slaportal.health.models import Heartbeat
from slaportal.health.tasks import record_heartbeat
from slaportal.health.views import HealthView

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)
JSON = {"HTTP_ACCEPT": "application/json"}


class AnsweringWorker(HealthCheck):
    """Stands in for a running worker; the real one is exercised by the integration tests."""

    name = "worker"

    def run(self):
        pass


@pytest.fixture
def worker_running(monkeypatch):
    monkeypatch.setattr(
        HealthView, "checks", (DatabaseCheck, BrokerCheck, AnsweringWorker, BeatCheck)
    )


@pytest.fixture
def no_worker(monkeypatch):
    # No worker listens on the test broker; a short ping keeps the test quick.
    monkeypatch.setattr(
        HealthView,
        "checks",
        (DatabaseCheck, BrokerCheck, (WorkerCheck, {"timeout": timedelta(seconds=0.2)}), BeatCheck),
    )


@time_machine.travel(NOW, tick=False)
def test_all_healthy_is_200_with_the_last_heartbeat(client, worker_running):
    record_heartbeat.apply()

    response = client.get(reverse("health"), **JSON)

    assert response.status_code == 200
    body = response.json()
    assert body["healthy"] is True
    assert set(body["checks"]) == {"database", "broker", "worker", "beat"}
    assert body["beat_last_heartbeat"] == NOW.isoformat()


def test_no_worker_and_no_heartbeat_is_503_naming_both(client, no_worker):
    response = client.get(reverse("health"), **JSON)

    assert response.status_code == 503
    body = response.json()
    assert body["unhealthy"] == ["worker", "beat"]
    assert body["checks"]["database"]["healthy"] is True
    assert body["checks"]["beat"]["detail"] == (
        "No heartbeat from beat has been executed by a worker yet"
    )
    assert body["beat_last_heartbeat"] is None


def test_a_stale_heartbeat_makes_beat_unhealthy(client, worker_running):
    with time_machine.travel(NOW, tick=False):
        record_heartbeat.apply()
    interval = settings.HEARTBEAT_INTERVAL

    with time_machine.travel(NOW + 3 * interval, tick=False):
        assert client.get(reverse("health"), **JSON).status_code == 200
    with time_machine.travel(NOW + 3 * interval + timedelta(seconds=1), tick=False):
        response = client.get(reverse("health"), **JSON)

    assert response.status_code == 503
    assert response.json()["unhealthy"] == ["beat"]
    expected_age = int((3 * interval).total_seconds()) + 1
    assert (
        f"Last heartbeat executed {expected_age} s ago"
        in response.json()["checks"]["beat"]["detail"]
    )


def test_browsers_get_an_html_page(client, no_worker):
    response = client.get(reverse("health"), HTTP_ACCEPT="text/html")

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "System health:" in page
    assert "<td>worker</td>" in page
    assert "never" in page


def test_the_health_page_needs_no_login(client, worker_running):
    record_heartbeat.apply()

    assert client.get(reverse("health")).status_code == 200


def test_an_unreachable_broker_is_named(client, worker_running, settings):
    from slaportal.celery import app

    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        body = client.get(reverse("health"), **JSON).json()
    finally:
        app.conf.broker_url = settings.CELERY_BROKER_URL

    assert "broker" in body["unhealthy"]
    assert body["checks"]["broker"]["detail"].startswith("Cannot reach the broker")


def test_heartbeat_task_is_idempotent_and_keeps_one_row():
    with time_machine.travel(NOW, tick=False):
        record_heartbeat.apply()
        record_heartbeat.apply()

    assert Heartbeat.objects.count() == 1
    assert Heartbeat.objects.get().executed_at == NOW
