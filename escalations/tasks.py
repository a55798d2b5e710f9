from celery import shared_task

from . import outbox
from .sweep import sweep


@shared_task(name="escalations.tasks.sla_sweep")
def sla_sweep(budget_seconds: float = 20.0) -> str:
    """Scheduled by beat every few seconds; any number may run at once (clocks are claimed)."""
    return str(sweep(budget_seconds=budget_seconds))


@shared_task(name="escalations.tasks.deliver_notifications")
def deliver_notifications(notification_ids: list[int]) -> None:
    """Idempotent: each notification's row is claimed before it is sent; one that cannot be
    delivered does not hold up the others (the relay hands it over again)."""
    outbox.deliver_each(notification_ids)
