from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_role_groups_after_migrate(using, **kwargs):
    from .services import sync_role_groups

    sync_role_groups(using=using)


class OrgConfig(AppConfig):
    name = "slaportal.org"
    label = "org"
    verbose_name = "People and teams"

    def ready(self):
        # Like Django's own permissions, the role groups follow the code after every migrate.
        post_migrate.connect(_sync_role_groups_after_migrate, dispatch_uid="sync_role_groups")
