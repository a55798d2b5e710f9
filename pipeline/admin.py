from django.contrib import admin

from slaportal.readonly_admin import EstimatedCountPaginator, ReadOnlyAdmin, ReadOnlyInline

from .models import (
    AmountChange,
    CloseDateChange,
    NextStep,
    Opportunity,
    OpportunityActivity,
    OpportunityMeeting,
    StageEntry,
)


def _history(row_model):
    return type(f"{row_model.__name__}Inline", (ReadOnlyInline,), {"model": row_model})


@admin.register(Opportunity)
class OpportunityAdmin(ReadOnlyAdmin):
    """Opportunities change through the pipeline (API and workspaces); here they are read, each
    by the people the portal shows it to. The SLA engine adds its columns (escalations.admin)."""

    list_display = (
        "name",
        "account",
        "stage",
        "owner",
        "amount",
        "close_date",
        "stage_entered_at",
    )
    list_filter = ("stage", "owner")
    list_select_related = ("account", "owner")
    search_fields = ("name", "account__name", "account__domain")
    # Newest first along the primary key's index (the model's -created_at has none to read).
    ordering = ("-id",)
    paginator = EstimatedCountPaginator
    inlines = [
        _history(model)
        for model in (
            StageEntry,
            NextStep,
            CloseDateChange,
            AmountChange,
            OpportunityActivity,
            OpportunityMeeting,
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)
