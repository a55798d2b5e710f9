from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "escalations"
    verbose_name = "Escalations"

    def ready(self):
        from slaportal.events import subscribe

        from .engine import on_event

        # Every domain event may start, stop, pause or resume a clock.
        subscribe(on_event)
