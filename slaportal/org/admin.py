from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Team, TeamMembership, User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ("username", "get_full_name", "email", "role_names", "is_staff", "is_active")
    list_filter = ("groups", "is_staff", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("Pages", {"fields": ("time_zone",)}))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Role")
    def role_names(self, user):
        return ", ".join(group.name for group in user.groups.all())


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 1
    autocomplete_fields = ("user",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "manager")
    list_filter = ("kind",)
    list_select_related = ("manager",)
    search_fields = ("name",)
    autocomplete_fields = ("manager",)
    inlines = [TeamMembershipInline]
