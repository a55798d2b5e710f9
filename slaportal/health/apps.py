from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "slaportal.health"
    label = "health"
    verbose_name = "System health"
