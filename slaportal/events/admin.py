from django.contrib import admin

from slaportal.readonly_admin import ReadOnlyAdmin

from .models import EventRecord


@admin.register(EventRecord)
class EventRecordAdmin(ReadOnlyAdmin):
    """The event log: what happened, in the order the portal heard of it. Never edited."""

    list_display = ("name", "subject_type", "subject_id", "occurred_at", "received_at", "actor")
    list_filter = ("name", "subject_type")
    list_select_related = ("actor",)
    search_fields = ("subject_id", "uuid")
