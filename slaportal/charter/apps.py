from django.apps import AppConfig


class CharterConfig(AppConfig):
    name = "slaportal.charter"
    verbose_name = "Charter"
