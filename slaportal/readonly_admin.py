from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through the product (lifecycle, audit, tasks): shown, not edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """A history shown under its record: appended by the product, never edited here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
