"""The queues and lists as django-tables2 tables. Each is ordered by what is due (no column
sorting overrides that) and paged without a COUNT(*): a LazyPaginator reads one row past the
page to know whether another follows.

Every list downloads as CSV from its page (`?_export=<its export_name>`, the "CSV" link): the
rows the page lists with its filters, all of them, streamed in chunks that are decorated as a
page is. The cells give the values: each column's plain value (django-tables2's export hooks:
`Column.value`, a table's `value_<name>` or `render_<name>`, `exclude_from_export`, hidden
columns for the download only), instants as ISO 8601 in the viewer's zone."""

import csv
from datetime import date, datetime
from itertools import islice

import django_tables2 as tables
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.template.loader import get_template
from django.utils import timezone
from django_tables2.paginators import LazyPaginator
from django_tables2.rows import BoundRow

from leads.models import Lead
from leads.services.touches import cadence_progress_of
from slaportal import company

from .deadlines import attach_next_clocks

PER_PAGE = 25
# The query parameter asking for a list's CSV (django-tables2's ExportMixin calls it the same).
EXPORT = "_export"
# Rows read, decorated and written at a time: what a download holds in memory.
EXPORT_CHUNK = 500
CELLS = "workspaces/cells/"


class CellColumn(tables.TemplateColumn):
    """A cell drawn by its template inside the page's own context, as `{% include %}` would.
    django-tables2's TemplateColumn flattens the whole page context and builds a new request
    context for every cell (every context processor again, per cell): most of a list page's
    time at 25 rows.

    `export(record)` is the cell's plain value in a download; a cell without one holds
    controls (buttons, forms) and is left out of it."""

    def __init__(self, *args, export=None, **kwargs):
        super().__init__(*args, exclude_from_export=export is None, **kwargs)
        self.export = export

    def render(self, record, table, value, bound_column, **kwargs):
        page = table.context  # the page's context: render_table leaves it on the table
        cell = self.get_context_data(
            record=record, table=table, value=value, bound_column=bound_column, **kwargs
        )
        with page.update(cell):
            return get_template(self.template_name).template.render(page)

    def value(self, record, **kwargs):
        return self.export(record)


def cell(name: str, verbose_name: str, *, export=None, **options) -> CellColumn:
    """A column drawn by `workspaces/cells/<name>.html`."""
    return CellColumn(
        template_name=f"{CELLS}{name}.html",
        verbose_name=verbose_name,
        accessor="pk",
        export=export,
        **options,
    )


class WhenColumn(tables.DateTimeColumn):
    """An instant, shown in the viewer's zone (the page's active one) and downloaded as the
    instant itself (written as ISO 8601 in that zone), not django-tables2's UTC text."""

    def value(self, value, **kwargs):
        return value


def countdown_target(row) -> datetime | None:
    """The target of the row's next running clock: the instant its countdown counts to."""
    return row.next_clock.target_at if row.next_clock else None


def lead_name(lead: Lead) -> str:
    return lead.full_name or lead.email


class WorkspaceTable(tables.Table):
    """A workspace list. `export_name` names its CSV download; `decorate` adds in bulk what
    its cells read beyond their row (the next clock, cadence progress), to a page's rows and
    to each chunk of a download alike."""

    export_name = ""

    def decorate(self, records: list) -> list:
        return records


class LeadTable(WorkspaceTable):
    """A list of leads: the lead cell (name, account under it) first; the download has the
    name, the e-mail and the account apart."""

    lead = cell("lead", "Lead", export=lead_name)
    email = tables.Column(verbose_name="E-mail", visible=False)
    account = tables.Column(accessor="account__name", verbose_name="Account", visible=False)


def configure(table: WorkspaceTable, request) -> list:
    """Page the table for the request; the page's records, read once and decorated in bulk
    before the table renders them. A download of the table reads its rows itself."""
    if exporting(request, table):
        return []
    tables.RequestConfig(
        request, paginate={"per_page": PER_PAGE, "paginator_class": LazyPaginator}
    ).configure(table)
    rows = list(table.page.object_list)
    table.page.object_list = rows
    return table.decorate([row.record for row in rows])


def exporting(request, table: WorkspaceTable) -> bool:
    return request.GET.get(EXPORT) == table.export_name


def csv_download(request, *candidates: WorkspaceTable) -> StreamingHttpResponse | None:
    """The CSV of the page's table the request asks for, else None (the page itself)."""
    table = next((table for table in candidates if exporting(request, table)), None)
    if table is None:
        return None
    # The rows are written after the view returns, once the middleware has put the viewer's
    # zone away: it goes along.
    lines = _csv_lines(table, timezone.get_current_timezone())
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    filename = f"{table.export_name}-{company.today().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Line:
    """csv.writer's file: each row written comes back as its line, to be streamed."""

    def write(self, line: str) -> str:
        return line


def _csv_lines(table: WorkspaceTable, zone):
    columns = [
        column for column in table.columns.iterall() if not column.column.exclude_from_export
    ]
    writer = csv.writer(_Line())
    yield writer.writerow([str(column.header) for column in columns])
    records = table.data.data  # the page's rows before paging
    if isinstance(records, QuerySet):
        records = records.iterator(chunk_size=EXPORT_CHUNK)
    records = iter(records)
    while chunk := list(islice(records, EXPORT_CHUNK)):
        for record in table.decorate(chunk):
            row = BoundRow(record, table=table)
            yield writer.writerow(
                [_plain(row.get_cell_value(column.name), zone) for column in columns]
            )


# A spreadsheet runs a cell that starts like a formula; text from outside (a web form's name)
# is written so that it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _plain(value, zone) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    if isinstance(value, datetime):
        return timezone.localtime(value, zone).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def cadence_in_words(lead: Lead) -> str:
    progress = lead.cadence
    if not progress:
        return ""
    said = f"touch {progress['touches']} of {progress['planned_touches']}"
    if progress["complete"]:
        said += ", complete"
    return f"{said}, behind" if progress["behind"] else said


class SdrQueueTable(LeadTable):
    """The columns give the headers; each row is drawn whole by `row_template` (one include a
    row in the page's context rather than a render a cell: a third of the page's drawing
    time), through the row block of `queue_table.html`."""

    tier = tables.Column()
    score = tables.Column()
    state = tables.Column()
    due = tables.Column(verbose_name="Due", accessor="pk")
    cadence = tables.Column(verbose_name="Cadence", accessor="pk")
    next_touch_due = tables.Column(
        verbose_name="Next touch due", accessor="cadence__next_touch_due_at", visible=False
    )
    actions = tables.Column(verbose_name="Actions", exclude_from_export=True)

    class Meta:
        model = Lead
        fields = ("lead", "tier", "score", "state", "due", "cadence", "actions")
        orderable = False
        template_name = "workspaces/queue_table.html"
        empty_text = "Nothing in your queue: no MQLs or SALs are waiting on you."

    row_template = "workspaces/rows/sdr_queue.html"
    export_name = "sdr-queue"

    def decorate(self, records: list) -> list:
        records = attach_next_clocks(records)
        progress = cadence_progress_of(records)
        for record in records:
            record.cadence = progress.get(record.pk)
        return records

    def value_due(self, record):
        return countdown_target(record)

    def value_cadence(self, record):
        return cadence_in_words(record)
