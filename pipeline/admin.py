from django.contrib import admin

from slaportal.readonly_admin import ReadOnlyAdmin, ReadOnlyInline

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
    """Opportunities change through the pipeline (API and workspaces); here they are read."""

    list_display = ("name", "stage", "amount", "close_date", "owner", "stage_entered_at")
    list_filter = ("stage",)
    list_select_related = ("owner",)
    search_fields = ("name", "account__domain")
    show_full_result_count = False
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
