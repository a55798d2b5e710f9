from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "slaportal.events"
    label = "events"
    verbose_name = "Event log"
