"""The rows behind a scoreboard number, one table per kind of row a measure counts (leads of the
funnel, clocks, accounts, touches, opportunities), each downloadable as CSV."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from escalations.models import Clock
from leads.models import Account
from pipeline.models import Opportunity
from scoreboard.models import LeadFunnel
from slaportal.events.models import EventRecord

from .tables import WhenColumn, WorkspaceTable

PATHS = {"lead": "lead", "opportunity": "opportunity"}


def _subject_link(kind: str, pk: int, label: str):
    if kind not in PATHS:
        return label
    return format_html('<a href="{}">{}</a>', reverse(PATHS[kind], args=[pk]), label)


class _RowsTable(WorkspaceTable):
    class Meta:
        orderable = False
        template_name = "workspaces/queue_table.html"
        attrs = {"class": "rows"}


class FunnelRowsTable(_RowsTable):
    lead = tables.Column(accessor="lead__email", verbose_name="Lead")
    sdr = tables.Column(accessor="sdr__username", verbose_name="SDR", default="—")
    ae = tables.Column(accessor="ae__username", verbose_name="AE", default="—")
    tier = tables.Column(default="—")
    source = tables.Column()
    account_tier = tables.Column(verbose_name="Account tier", default="—")
    mql_at = WhenColumn(verbose_name="MQL")
    first_touch_at = WhenColumn(verbose_name="First touch")
    connected_at = WhenColumn(verbose_name="Connected")
    accepted_at = WhenColumn(verbose_name="SAL")
    rejected_at = WhenColumn(verbose_name="Rejected")
    qualified_at = WhenColumn(verbose_name="SQL")
    converted_at = WhenColumn(verbose_name="Opportunity")

    class Meta(_RowsTable.Meta):
        model = LeadFunnel
        fields = ()
        empty_text = "No leads."

    export_name = "leads"

    def render_lead(self, record, value):
        return _subject_link("lead", record.lead_id, value)

    def value_lead(self, value):
        return value


class ClockRowsTable(_RowsTable):
    subject = tables.Column(accessor="subject_id", verbose_name="Subject")
    name = tables.Column(verbose_name="Clock")
    owner = tables.Column(accessor="owner__username", default="—")
    status = tables.Column()
    started_at = WhenColumn(verbose_name="Started")
    target_at = WhenColumn(verbose_name="Target")
    stopped_at = WhenColumn(verbose_name="Stopped")

    class Meta(_RowsTable.Meta):
        model = Clock
        fields = ()
        empty_text = "No clocks."

    export_name = "clocks"

    def render_subject(self, record):
        return _subject_link(
            record.subject_type, record.subject_id, f"{record.subject_type} {record.subject_id}"
        )

    def value_subject(self, record):
        return f"{record.subject_type} {record.subject_id}"


class AccountRowsTable(_RowsTable):
    name = tables.Column()
    domain = tables.Column()
    abx_tier = tables.Column(verbose_name="Tier", default="—")
    owner_ae = tables.Column(accessor="owner_ae__username", verbose_name="AE", default="—")

    class Meta(_RowsTable.Meta):
        model = Account
        fields = ()
        empty_text = "No accounts."

    export_name = "accounts"


class TouchRowsTable(_RowsTable):
    lead = tables.Column(accessor="subject_id", verbose_name="Lead")
    actor = tables.Column(accessor="actor__username", verbose_name="By", default="—")
    occurred_at = WhenColumn(verbose_name="Made")
    received_at = WhenColumn(verbose_name="Logged")

    class Meta(_RowsTable.Meta):
        model = EventRecord
        fields = ()
        empty_text = "No touches."

    export_name = "touches"

    def render_lead(self, record):
        return _subject_link("lead", record.subject_id, f"lead {record.subject_id}")

    def value_lead(self, record):
        return f"lead {record.subject_id}"


class OpportunityRowsTable(_RowsTable):
    name = tables.Column()
    owner = tables.Column(accessor="owner__username", default="—")
    stage = tables.Column()
    created_at = WhenColumn(verbose_name="Opened")

    class Meta(_RowsTable.Meta):
        model = Opportunity
        fields = ()
        empty_text = "No opportunities."

    export_name = "opportunities"

    def render_name(self, record, value):
        return _subject_link("opportunity", record.pk, value)

    def value_name(self, value):
        return value


TABLE_OF = {
    LeadFunnel: FunnelRowsTable,
    Clock: ClockRowsTable,
    Account: AccountRowsTable,
    EventRecord: TouchRowsTable,
    Opportunity: OpportunityRowsTable,
}
RELATED = {
    LeadFunnel: ("lead", "sdr", "ae"),
    Clock: ("owner",),
    Account: ("owner_ae",),
    EventRecord: ("actor",),
    Opportunity: ("owner",),
}


def table_for(rows, *, prefix: str = ""):
    """The table of a drill-down's rows, whatever their kind, with what its cells read."""
    model = rows.model
    return TABLE_OF[model](rows.select_related(*RELATED[model]), prefix=prefix)


class ScoreTable(WorkspaceTable):
    """Metrics with their numbers, for a pack's CSV (the page draws its own cards)."""

    metric = tables.Column(accessor="metric__name", verbose_name="Metric")
    team = tables.Column(accessor="metric__owner", verbose_name="Team")
    value = tables.Column(verbose_name="Value (%)")
    numerator = tables.Column()
    denominator = tables.Column()
    status = tables.Column()
    green = tables.Column(accessor="metric__green_from", verbose_name="Green beyond (%)")
    red = tables.Column(accessor="metric__red_from", verbose_name="Red beyond (%)")
    cadence = tables.Column(accessor="metric__cadence")

    class Meta:
        orderable = False

    export_name = "metrics"


class CalibrationTable(WorkspaceTable):
    """The quarterly calibration's metrics: the quarter's number, how its weeks went and what
    that says of the target, for the pack's CSV."""

    metric = tables.Column(accessor="score__metric__name", verbose_name="Metric")
    team = tables.Column(accessor="score__metric__owner", verbose_name="Team")
    value = tables.Column(accessor="score__value", verbose_name="Quarter (%)")
    status = tables.Column(accessor="score__status", verbose_name="Colour")
    green = tables.Column(accessor="score__metric__green_from", verbose_name="Green beyond (%)")
    red = tables.Column(accessor="score__metric__red_from", verbose_name="Red beyond (%)")
    weeks_green = tables.Column(accessor="colours__green", verbose_name="Weeks green")
    weeks_amber = tables.Column(accessor="colours__amber", verbose_name="Weeks amber")
    weeks_red = tables.Column(accessor="colours__red", verbose_name="Weeks red")
    suggestion = tables.Column(verbose_name="Target")

    class Meta:
        orderable = False

    export_name = "calibration"
