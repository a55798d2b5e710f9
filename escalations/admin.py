from django.contrib import admin
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from leads.admin import LeadAdmin
from leads.models import Lead
from pipeline.admin import OpportunityAdmin
from pipeline.models import Opportunity
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


class SlaColumns:
    """A lead's or opportunity's next deadline (the soonest target of its running clocks) and
    its unresolved breaches, as columns of its change list: two subqueries of the page's one
    query (indexes clock_open_by_subject and breach_by_subject), whatever the number of rows."""

    def get_queryset(self, request):
        subject = {"subject_type": self.model._meta.model_name, "subject_id": OuterRef("pk")}
        soonest_target = (
            Clock.objects.open()
            .filter(**subject, status=Clock.Status.RUNNING)
            .order_by("target_at")
            .values("target_at")[:1]
        )
        unresolved = (
            Breach.objects.unresolved()
            .filter(**subject)
            .order_by()
            .values("subject_id")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                next_deadline_at=Subquery(soonest_target),
                unresolved_breaches=Coalesce(Subquery(unresolved), 0),
            )
        )

    # Sorting by either reads every listed row's clocks or breaches: cheap once a filter (an
    # owner, a state) has narrowed the list, a table scan's worth on the whole of it.
    @admin.display(description="next deadline", ordering=F("next_deadline_at").asc(nulls_last=True))
    def next_deadline(self, obj):
        return obj.next_deadline_at

    @admin.display(description="unresolved breaches", ordering="-unresolved_breaches")
    def breaches(self, obj):
        return obj.unresolved_breaches


# Leads and pipeline know no clock (the SLA engine depends on them, not the reverse): their
# admins are registered again here with the engine's columns.
admin.site.unregister([Lead, Opportunity])


@admin.register(Lead)
class LeadWithSlaAdmin(SlaColumns, LeadAdmin):
    list_display = (*LeadAdmin.list_display, "next_deadline", "breaches")


@admin.register(Opportunity)
class OpportunityWithSlaAdmin(SlaColumns, OpportunityAdmin):
    list_display = (*OpportunityAdmin.list_display, "next_deadline", "breaches")
