from django.urls import include, path

from .views import home, leads, notifications, sdr

urlpatterns = [
    path("workspace/<str:role>/", home.workspace, name="workspace"),
    path(
        "workspace/sdr/queue/<int:lead_id>/<str:action>/",
        sdr.queue_action,
        name="sdr-queue-action",
    ),
    path("leads/<int:lead_id>/", leads.lead_page, name="lead"),
    path("leads/<int:lead_id>/<str:action>/", leads.lead_action, name="lead-action"),
    path("notifications/", notifications.inbox, name="notifications"),
    path(
        "notifications/<int:notification_id>/read/",
        notifications.mark_read,
        name="notification-read",
    ),
    path("notifications/read/", notifications.mark_all_read, name="notifications-read-all"),
    path("", include("workspaces.urls_ae")),
    path("", include("workspaces.urls_manager")),
    path("", include("workspaces.urls_charter")),
    path("", include("workspaces.urls_scoreboard")),
]
