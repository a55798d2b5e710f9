from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    """The browser pages people work in: queues, lead and opportunity pages, breach lists.

    The top of the layers (workspaces → escalations → pipeline → leads → charter): a page may
    show a lead's clocks beside its touches because nothing below depends on it."""

    name = "workspaces"
