from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "slaportal.demo"
    label = "demo"
    verbose_name = "Demo data"
