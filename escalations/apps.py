from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "escalations"
    verbose_name = "Escalations"

    def ready(self):
        from slaportal.api.clocks import provide
        from slaportal.events import subscribe_batches

        from .engine import on_events
        from .services import clocks_of

        # Every domain event may start, stop, pause or resume a clock.
        subscribe_batches(on_events)
        # Leads' and opportunities' representations show their clocks.
        provide(clocks_of)
