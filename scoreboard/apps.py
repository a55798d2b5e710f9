from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_schedules_after_migrate(sender, **kwargs):
    from .schedules import ensure_schedules

    ensure_schedules()


class ScoreboardConfig(AppConfig):
    """The joint scoreboard: the charter's metrics and commitments, computed from the portal's
    own record (funnel facts kept from domain events, clocks, breaches), their reports.

    Above the SLA engine (scoreboard → escalations → pipeline → leads → charter): it reads
    clocks and breaches; nothing below it knows it exists."""

    name = "scoreboard"
    verbose_name = "Scoreboard"

    def ready(self):
        from slaportal.events import subscribe_batches

        from .funnel import project

        # The funnel is kept in the change's own transaction: the scoreboard is never behind.
        subscribe_batches(project)
        # Beat's daily flash and weekly review, editable by RevOps (made once).
        post_migrate.connect(
            _ensure_schedules_after_migrate, sender=self, dispatch_uid="scoreboard_schedules"
        )
