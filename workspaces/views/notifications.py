"""The bell's page: what the SLA engine told the viewer in the portal, newest first."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from escalations import services
from escalations.models import Notification

from ..notification_tables import NotificationTable
from ..tables import csv_download

SHOWN = 50


def inbox(request):
    newest_first = Notification.objects.inbox(request.user).order_by("-created_at", "-id")
    table = NotificationTable(newest_first)
    if download := csv_download(request, table):
        return download
    return render(
        request,
        "workspaces/notifications.html",
        {
            "notifications": newest_first.select_related("escalation__breach")[:SHOWN],
            "table": table,
        },
    )


@require_POST
def mark_read(request, notification_id: int):
    notification = get_object_or_404(Notification.objects.inbox(request.user), pk=notification_id)
    services.mark_read(notification, request.user)
    return redirect("notifications")


@require_POST
def mark_all_read(request):
    services.mark_all_read(request.user)
    return redirect("notifications")
