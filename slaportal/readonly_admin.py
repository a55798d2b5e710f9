from django.contrib import admin
from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Counting a table of millions on every page costs more than the page: count this far at most.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator that counts at most COUNT_CAP rows (beyond that, the last page shown is the
    cap's; filters narrow the list)."""

    @cached_property
    def count(self) -> int:
        return self.object_list[: COUNT_CAP + 1].count()


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through the product (lifecycle, audit, tasks): shown, not edited."""

    paginator = CappedPaginator
    show_full_result_count = False

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
