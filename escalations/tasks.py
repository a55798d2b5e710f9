from celery import shared_task

from . import outbox
from .sweep import sweep


@shared_task(name="escalations.tasks.sla_sweep")
def sla_sweep(budget_seconds: float = 20.0) -> str:
    """Scheduled by beat every few seconds; any number may run at once (clocks are claimed)."""
    return str(sweep(budget_seconds=budget_seconds))


@shared_task(name="escalations.tasks.deliver_notification")
def deliver_notification(notification_id: int) -> None:
    """Idempotent: the notification's row is claimed before it is sent."""
    outbox.deliver(notification_id)
