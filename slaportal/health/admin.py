from django.contrib import admin

from slaportal.readonly_admin import ReadOnlyAdmin

from .models import Heartbeat


@admin.register(Heartbeat)
class HeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("executed_at", "worker")
