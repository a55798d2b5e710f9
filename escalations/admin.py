from django.contrib import admin

from slaportal.readonly_admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Breach, Clock, Escalation, Milestone, Notification


class MilestoneInline(ReadOnlyInline):
    model = Milestone


class EscalationInline(ReadOnlyInline):
    model = Escalation
    fields = ("step", "roles", "action", "due_at", "created_at")


@admin.register(Clock)
class ClockAdmin(ReadOnlyAdmin):
    """Clocks run by the SLA engine; read here, never edited."""

    list_display = (
        "code",
        "subject_type",
        "subject_id",
        "owner",
        "status",
        "target_at",
        "breach_at",
        "next_due_at",
    )
    list_filter = ("status", "subject_type", "code")
    list_select_related = ("owner",)
    search_fields = ("code", "subject_id")
    inlines = [MilestoneInline, EscalationInline]


@admin.register(Breach)
class BreachAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "subject_type",
        "subject_id",
        "owner",
        "level",
        "status",
        "breached_at",
        "detected_at",
    )
    list_filter = ("status", "subject_type", "code")
    list_select_related = ("owner",)
    search_fields = ("code", "name", "subject_id", "root_cause")
    inlines = [EscalationInline]


class NotificationInline(ReadOnlyInline):
    model = Notification
    fields = ("channel", "address", "status", "attempts", "sent_at", "last_error", "read_at")


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "step", "due_at", "created_at")
    list_select_related = ("clock", "breach")
    inlines = [NotificationInline]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("subject", "channel", "address", "status", "attempts", "created_at", "sent_at")
    list_filter = ("channel", "status")
    search_fields = ("subject", "address")
