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

    def get_queryset(self, request):
        # Each row shows its people and records by name: one join, not a query per row.
        related = [
            field.name
            for field in self.model._meta.concrete_fields
            if field.many_to_one and field.remote_field.model is not self.parent_model
        ]
        return super().get_queryset(request).select_related(*related)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
