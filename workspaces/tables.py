"""The queues and lists as django-tables2 tables. Each is ordered by what is due (no column
sorting overrides that) and paged without a COUNT(*): a LazyPaginator reads one row past the
page to know whether another follows."""

import django_tables2 as tables
from django.template.loader import get_template
from django_tables2.paginators import LazyPaginator

from leads.models import Lead

PER_PAGE = 25


class CellColumn(tables.TemplateColumn):
    """A cell drawn by its template inside the page's own context, as `{% include %}` would.
    django-tables2's TemplateColumn flattens the whole page context and builds a new request
    context for every cell (every context processor again, per cell): most of a list page's
    time at 25 rows."""

    def render(self, record, table, value, bound_column, **kwargs):
        page = table.context  # the page's context: render_table leaves it on the table
        cell = self.get_context_data(
            record=record, table=table, value=value, bound_column=bound_column, **kwargs
        )
        with page.update(cell):
            return get_template(self.template_name).template.render(page)


def configure(table, request) -> list:
    """Page the table for the request; the page's records, read once, to decorate in bulk
    (the next clock, cadence progress) before the table renders them."""
    tables.RequestConfig(
        request, paginate={"per_page": PER_PAGE, "paginator_class": LazyPaginator}
    ).configure(table)
    rows = list(table.page.object_list)
    table.page.object_list = rows
    return [row.record for row in rows]


class SdrQueueTable(tables.Table):
    """The columns give the headers; each row is drawn whole by `row_template` (one include a
    row in the page's context rather than a render a cell: a third of the page's drawing
    time), through the row block of `queue_table.html`."""

    lead = tables.Column(verbose_name="Lead")
    tier = tables.Column()
    score = tables.Column()
    state = tables.Column()
    due = tables.Column(verbose_name="Due")
    cadence = tables.Column(verbose_name="Cadence")
    actions = tables.Column(verbose_name="Actions")

    class Meta:
        model = Lead
        fields = ("lead", "tier", "score", "state", "due", "cadence", "actions")
        orderable = False
        template_name = "workspaces/queue_table.html"
        empty_text = "Nothing in your queue: no MQLs or SALs are waiting on you."

    row_template = "workspaces/rows/sdr_queue.html"
