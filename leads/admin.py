from django.contrib import admin

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


@admin.register(Lead)
class LeadAdmin(ReadOnlyAdmin):
    """Leads move only through the lifecycle (API and workspaces); here they are read, each by
    the people the portal shows it to. The SLA engine adds its columns (escalations.admin)."""

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

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)
