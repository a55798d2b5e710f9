"""The AE's lists: the SQLs awaiting their acceptance, and their opportunities as a table or a
board, with what keeps a deal clean (stage age against its limit, the current next step, the
amount against the original estimate, unresolved hygiene breaches). Paged as the SDR's queue
is (tables.configure); a page's rows are decorated in a fixed number of queries."""

from collections import defaultdict

import django_filters
import django_tables2 as tables
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from escalations.models import Breach
from leads.models import Lead
from pipeline.models import NextStep, Opportunity
from pipeline.services import stage_age_limit
from slaportal import company

from .deadlines import attach_next_clocks, running_clocks
from .tables import LeadTable, WorkspaceTable, cell, countdown_target, lead_name


class SqlQueueTable(LeadTable):
    lead = cell("lead", "SQL", export=lead_name)
    tier = tables.Column()
    due = cell("countdown", "Due", export=countdown_target)
    briefing = cell("ae_briefing", "Briefing", export=lambda sql: sql.briefing)
    actions = cell("ae_sql_actions", "Accept or reject")

    class Meta:
        model = Lead
        fields = ("lead", "tier", "due", "briefing", "actions")
        orderable = False
        template_name = "workspaces/queue_table.html"
        row_attrs = {"id": lambda record: f"sql-{record.pk}", "tabindex": "0"}
        empty_text = "No SQLs are waiting for your acceptance."

    export_name = "sqls"

    def decorate(self, records: list) -> list:
        return attach_next_clocks(records)


def _stage_age_in_words(row) -> str:
    limit = f" of {row.stage_limit}" if row.stage_limit is not None else ""
    return f"{row.stage_age_days} d{limit}"


class OpportunityTable(WorkspaceTable):
    opportunity = cell("opportunity_link", "Opportunity", export=lambda row: row.name)
    account = tables.Column(accessor="account__name", verbose_name="Account", visible=False)
    stage = tables.Column()
    stage_age = cell("opportunity_stage_age", "Stage age", export=_stage_age_in_words)
    next_step = cell("opportunity_next_step", "Next step", export=lambda row: row.next_step_action)
    next_step_due = tables.Column(verbose_name="Next step due", visible=False)
    close_date = tables.DateColumn(format="j M Y", verbose_name="Close date")
    amount = cell("opportunity_amount", "Amount vs original", export=lambda row: row.amount)
    original_amount = tables.Column(verbose_name="Original amount", visible=False)
    due = cell("countdown", "Due", export=countdown_target)
    flags = cell("opportunity_flags", "Hygiene", export=lambda row: "; ".join(row.flags))

    class Meta:
        model = Opportunity
        fields = (
            "opportunity",
            "stage",
            "stage_age",
            "next_step",
            "close_date",
            "amount",
            "due",
            "flags",
        )
        orderable = False
        template_name = "workspaces/queue_table.html"
        row_attrs = {"id": lambda record: f"opportunity-{record.pk}"}
        empty_text = "No opportunities match."

    export_name = "opportunities"

    def decorate(self, records: list) -> list:
        return decorate_opportunities(records)


class OpportunityFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(
        choices=Opportunity.Stage.choices, empty_label="Any open stage"
    )
    q = django_filters.CharFilter(method="search", label="Search", max_length=100)

    class Meta:
        model = Opportunity
        fields = ["stage"]

    def filter_queryset(self, queryset):
        # Closed deals need no upkeep: they show only when their stage is asked for.
        if not self.form.cleaned_data.get("stage"):
            queryset = queryset.filter(stage__in=Opportunity.OPEN)
        return super().filter_queryset(queryset)

    def search(self, opportunities, name, value):
        return opportunities.filter(Q(name__icontains=value) | Q(account__name__icontains=value))


def with_the_aes_deadline(sqls):
    """SQLs soonest first by the AE's own running clock (their acceptance): the SDR's clocks
    that run beside it on the same lead (the three-way intro) are not the AE's to meet."""
    clocks = running_clocks("lead").filter(owner=OuterRef("ae"))
    return sqls.annotate(
        next_deadline=Subquery(clocks.values("target_at")[:1]),
        next_clock_id=Subquery(clocks.values("pk")[:1]),
    ).order_by(F("next_deadline").asc(nulls_last=True), "-pk")


def with_current_next_step(opportunities):
    """`next_step_action` and `next_step_due` of the latest next step (the next_step_latest
    index), as columns of the list's own query."""
    latest = NextStep.objects.filter(opportunity=OuterRef("pk")).order_by("-logged_at", "-id")
    return opportunities.annotate(
        next_step_action=Subquery(latest.values("action")[:1]),
        next_step_due=Subquery(latest.values("due_date")[:1]),
    )


def decorate_opportunities(opportunities) -> list:
    """Each opportunity's next clock, stage age against the charter's limit and hygiene flags;
    two queries for the lot (clocks, breaches), the limits being the charter's cached table."""
    opportunities = attach_next_clocks(opportunities)
    breaches = defaultdict(list)
    for breach in Breach.objects.unresolved().filter(
        subject_type="opportunity", subject_id__in=[row.pk for row in opportunities]
    ):
        breaches[breach.subject_id].append(breach)
    now = timezone.now()
    today = company.today()
    for row in opportunities:
        row.stage_age_days = (now - row.stage_entered_at).days
        row.stage_limit = stage_age_limit(row)
        row.over_limit = row.stage_limit is not None and row.stage_age_days > row.stage_limit
        row.breaches = breaches[row.pk]
        row.flags = _flags(row, today)
    return opportunities


def _flags(row, today) -> list[str]:
    if row.stage in Opportunity.CLOSED:
        return []
    flags = [breach.name for breach in row.breaches]
    if row.over_limit:
        flags.append(f"over the {row.stage_limit}-day stage limit")
    if row.next_step_due is None:
        flags.append("no next step")
    elif row.next_step_due < today:
        flags.append("next step overdue")
    return flags


def by_stage(opportunities) -> list[tuple[str, list]]:
    """The board: a column per open stage, in pipeline order, with the rows shown."""
    columns = {stage: [] for stage in Opportunity.OPEN}
    for row in opportunities:
        columns.setdefault(row.stage, []).append(row)
    return [(Opportunity.Stage(stage).label, rows) for stage, rows in columns.items()]
