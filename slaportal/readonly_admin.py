from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Counting a table of millions on every page costs more than the page: count this far at most.
COUNT_CAP = 10_000


def capped_count(queryset) -> int:
    """How many rows `queryset` has, up to COUNT_CAP + 1."""
    # Only the ids, in no order: a count needs neither the list's sort nor its annotations
    # (computed once per row counted otherwise).
    return queryset.order_by().values("pk")[: COUNT_CAP + 1].count()


def planner_estimate(queryset) -> int | None:
    """The table's row count as PostgreSQL's planner estimates it (pg_class.reltuples, kept
    by ANALYZE: -1 before the first), when `queryset` lists the whole table; otherwise None."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or queryset.query.where or queryset.query.is_sliced:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
            [connection.ops.quote_name(queryset.model._meta.db_table)],
        )
        (reltuples,) = cursor.fetchone()
    return int(reltuples)


class CappedPaginator(Paginator):
    """A paginator that counts at most COUNT_CAP rows (beyond that, the last page shown is the
    cap's; filters narrow the list)."""

    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list)


class EstimatedCountPaginator(Paginator):
    """For the lists people page through whole (leads, opportunities): the unfiltered list's
    count is the planner's estimate, so every page links to the table's last one; a filtered
    list, a table the estimate puts under the cap, or SQLite count at most COUNT_CAP rows."""

    @cached_property
    def count(self) -> int:
        estimate = planner_estimate(self.object_list)
        # An estimate under the cap may come from a table never analysed (-1) or analysed
        # while small: counting that far is cheap, and exact.
        if estimate is not None and estimate > COUNT_CAP:
            return estimate
        return capped_count(self.object_list)


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
