from celery import shared_task

from . import services


@shared_task(name="slaportal.charter.tasks.supersede_replaced_versions")
def supersede_replaced_versions() -> int:
    """A version published for a future instant takes over then; idempotent."""
    return len(services.supersede_replaced_versions())
