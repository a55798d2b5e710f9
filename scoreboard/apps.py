from django.apps import AppConfig


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
