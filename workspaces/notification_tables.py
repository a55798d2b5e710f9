"""The bell's inbox as a table, for its CSV download: every notification the viewer was sent
in the portal, newest first (the page lists the latest of them)."""

import django_tables2 as tables

from escalations.models import Notification

from .tables import WhenColumn, WorkspaceTable


class NotificationTable(WorkspaceTable):
    created_at = WhenColumn(verbose_name="Sent")
    subject = tables.Column(verbose_name="Subject")
    body = tables.Column(verbose_name="Message")
    read_at = WhenColumn(verbose_name="Read")

    class Meta:
        model = Notification
        fields = ("created_at", "subject", "body", "read_at")
        orderable = False

    export_name = "notifications"
