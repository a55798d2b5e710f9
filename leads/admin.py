from django.contrib import admin, messages
from django.shortcuts import redirect
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV
from import_export.forms import ImportForm

from slaportal.readonly_admin import EstimatedCountPaginator, ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Account,
    AccountSignal,
    Activity,
    IntentAction,
    Lead,
    LeadTransition,
    Meeting,
    SuppressedDomain,
    Territory,
    TerritoryMember,
    TerritoryRegion,
)
from .services import access, imports


class TerritoryRegionInline(admin.TabularInline):
    model = TerritoryRegion
    extra = 0


class TerritoryMemberInline(admin.TabularInline):
    model = TerritoryMember
    extra = 0
    fields = ("sdr", "is_active", "assigned_count")
    readonly_fields = ("assigned_count",)
    autocomplete_fields = ("sdr",)


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active", "on_call_sdr")
    list_select_related = ("on_call_sdr",)
    search_fields = ("name",)
    autocomplete_fields = ("on_call_sdr",)
    inlines = [TerritoryRegionInline, TerritoryMemberInline]


@admin.register(SuppressedDomain)
class SuppressedDomainAdmin(admin.ModelAdmin):
    list_display = ("domain", "reason_code", "until", "created_at")
    search_fields = ("domain",)


class SignalInline(ReadOnlyInline):
    """The account's signals, as the systems reported them: recorded by the API only."""

    model = AccountSignal
    fields = ("kind", "occurred_at", "received_at", "external_id", "detail", "actor")


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "domain",
        "industry",
        "employees",
        "country",
        "abx_tier",
        "on_target_list",
        "is_customer",
        "owner_ae",
    )
    list_filter = ("abx_tier", "on_target_list", "is_customer", "country")
    list_select_related = ("owner_ae",)
    search_fields = ("name", "domain")
    autocomplete_fields = ("owner_ae", "territory")
    show_full_result_count = False
    inlines = [SignalInline]


class ActionInline(ReadOnlyInline):
    model = IntentAction


class ActivityInline(ReadOnlyInline):
    model = Activity


class MeetingInline(ReadOnlyInline):
    model = Meeting


class TransitionInline(ReadOnlyInline):
    model = LeadTransition


class TierFilter(admin.SimpleListFilter):
    """Tiers 1 to 3 (constraint lead_tier_1_to_3) as fixed choices: the default filter of a
    field without choices reads the distinct values of a million leads on every page."""

    title = "tier"
    parameter_name = "tier"

    def lookups(self, request, model_admin):
        return [(str(tier), f"Tier {tier}") for tier in (1, 2, 3)]

    def queryset(self, request, queryset):
        return queryset.filter(tier=self.value()) if self.value() else queryset


class LeadImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        imports.check_upload(upload)
        return upload


@admin.register(Lead)
class LeadAdmin(ImportMixin, ReadOnlyAdmin):
    """Leads move only through the lifecycle (API and workspaces); here they are read, each by
    the people the portal shows it to. The SLA engine adds its columns (escalations.admin).

    RevOps and Marketing Ops import leads from a CSV file ("Import"): each row goes through
    the intake as if posted to the API (leads/services/imports.py), all or nothing."""

    list_display = (
        "email",
        "account",
        "state",
        "tier",
        "score",
        "owner",
        "ae",
        "needs_review",
        "created_at",
    )
    list_filter = ("state", TierFilter, "needs_review", "owner")
    list_select_related = ("account", "owner", "ae")
    search_fields = (
        "email",
        "first_name",
        "last_name",
        "account__name",
        "account__domain",
        "external_id",
    )
    # Newest first along the primary key's index (the model's -created_at has none to read).
    ordering = ("-id",)
    paginator = EstimatedCountPaginator
    inlines = [ActionInline, ActivityInline, MeetingInline, TransitionInline]

    resource_classes = [imports.LeadIntakeResource]
    formats = [CSV]
    import_form_class = LeadImportForm

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_import_permission(self, request):
        # Those who may post intake: Marketing Ops, RevOps (and superusers).
        return access.may_post_intake(request.user)

    def has_view_permission(self, request, obj=None):
        # Marketing Ops read the list they import into: `visible_to` shows them every lead.
        return super().has_view_permission(request, obj) or self.has_import_permission(request)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self.has_import_permission(request)

    def get_import_data_kwargs(self, request, **kwargs):
        # Validation errors roll back the whole import too, not only exceptions.
        return {
            **super().get_import_data_kwargs(request=request, **kwargs),
            "rollback_on_validation_errors": True,
        }

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The file passed its dry run but not the import (a lead or the charter changed in
            # between): it was rolled back whole. Uploading it again shows which rows fail.
            messages.error(
                request, "Nothing was imported: the file no longer passes. Upload it again."
            )
            return redirect("admin:leads_lead_import")
        return super().process_result(result, request)
