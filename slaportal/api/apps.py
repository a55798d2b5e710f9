from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "slaportal.api"
    label = "api"
    verbose_name = "Integration API"
