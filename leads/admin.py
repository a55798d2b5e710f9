from django.contrib import admin

from slaportal.readonly_admin import ReadOnlyAdmin, ReadOnlyInline

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


@admin.register(Lead)
class LeadAdmin(ReadOnlyAdmin):
    """Leads move only through the lifecycle (API and workspaces); here they are read."""

    list_display = ("email", "state", "tier", "score", "owner", "ae", "needs_review", "created_at")
    list_filter = ("state", "tier", "needs_review")
    list_select_related = ("owner", "ae")
    search_fields = ("email", "last_name", "account__domain")
    show_full_result_count = False
    inlines = [ActionInline, ActivityInline, MeetingInline, TransitionInline]
