"""The queues and lists as django-tables2 tables. Each is ordered by what is due (no column
sorting overrides that) and paged without a COUNT(*): a LazyPaginator reads one row past the
page to know whether another follows."""

import django_tables2 as tables
from django_tables2.paginators import LazyPaginator

from leads.models import Lead

PER_PAGE = 25


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
    lead = tables.TemplateColumn(
        template_name="workspaces/cells/lead.html", verbose_name="Lead", accessor="pk"
    )
    tier = tables.Column()
    score = tables.Column()
    state = tables.Column()
    due = tables.TemplateColumn(
        template_name="workspaces/cells/countdown.html", verbose_name="Due", accessor="pk"
    )
    cadence = tables.TemplateColumn(
        template_name="workspaces/cells/cadence.html", verbose_name="Cadence", accessor="pk"
    )
    actions = tables.TemplateColumn(
        template_name="workspaces/cells/sdr_actions.html", verbose_name="Actions", accessor="pk"
    )

    class Meta:
        model = Lead
        fields = ("lead", "tier", "score", "state", "due", "cadence", "actions")
        orderable = False
        template_name = "workspaces/queue_table.html"
        row_attrs = {"id": lambda record: f"lead-{record.pk}", "tabindex": "0"}
        empty_text = "Nothing in your queue: no MQLs or SALs are waiting on you."
