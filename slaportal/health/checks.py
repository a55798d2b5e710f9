"""The health page's checks: database, broker, worker and beat."""

import dataclasses
import datetime
from typing import ClassVar

import celery
from celery.app import app_or_default
from django.conf import settings
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.contrib.celery import Ping
from health_check.exceptions import ServiceUnavailable

from .models import Heartbeat


@dataclasses.dataclass
class DatabaseCheck(Database):
    name: ClassVar[str] = "database"


@dataclasses.dataclass
class BrokerCheck(HealthCheck):
    """The Celery broker accepts a connection."""

    name: ClassVar[str] = "broker"
    app: celery.Celery = dataclasses.field(default_factory=app_or_default, repr=False)

    def run(self):
        try:
            with self.app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=2)
        except Exception as error:
            raise ServiceUnavailable(f"Cannot reach the broker ({type(error).__name__})") from error


@dataclasses.dataclass
class WorkerCheck(Ping):
    """At least one worker answers a ping and consumes the default queue."""

    name: ClassVar[str] = "worker"
    # Both the ping's wait and the whole probe's budget; with `limit` the first reply ends it.
    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=4), repr=False
    )
    limit: int | None = dataclasses.field(default=1, repr=False)


@dataclasses.dataclass
class BeatCheck(HealthCheck):
    """A heartbeat scheduled by beat was executed by a worker within three intervals."""

    name: ClassVar[str] = "beat"
    last_heartbeat: Heartbeat | None = dataclasses.field(default=None, init=False, repr=False)

    async def run(self):
        # Async, so the query runs on the request's own connection, which Django closes.
        self.last_heartbeat = await Heartbeat.alast()
        if self.last_heartbeat is None:
            raise ServiceUnavailable("No heartbeat from beat has been executed by a worker yet")
        age = timezone.now() - self.last_heartbeat.executed_at
        if age > 3 * settings.HEARTBEAT_INTERVAL:
            raise ServiceUnavailable(
                f"Last heartbeat executed {_seconds(age)} ago, "
                f"expected every {_seconds(settings.HEARTBEAT_INTERVAL)}"
            )


def _seconds(duration: datetime.timedelta) -> str:
    return f"{int(duration.total_seconds())} s"
