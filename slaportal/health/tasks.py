from celery import shared_task

from .models import Heartbeat


@shared_task(bind=True, name="slaportal.health.tasks.record_heartbeat")
def record_heartbeat(self) -> None:
    """Scheduled by beat; idempotent: it only overwrites the time of the last heartbeat."""
    Heartbeat.record(worker=self.request.hostname or "unknown")
