from django.apps import AppConfig


class ScoreboardConfig(AppConfig):
    """The joint scoreboard: the charter's metrics and commitments, computed from the portal's
    own record (funnel facts kept from domain events, clocks, breaches), their reports.

    Above the SLA engine (scoreboard → escalations → pipeline → leads → charter): it reads
    clocks and breaches; nothing below it knows it exists."""

    name = "scoreboard"
    verbose_name = "Scoreboard"
