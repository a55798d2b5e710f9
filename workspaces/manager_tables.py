"""The managers' lists as django-tables2 tables, each in the order its page promises (no column
sorting overrides it) and paged by `tables.configure` without a COUNT(*)."""

import django_tables2 as tables

from escalations.models import Breach
from leads.models import Lead
from pipeline.models import Opportunity

from .deadlines import attach_next_clocks
from .tables import LeadTable, WhenColumn, WorkspaceTable, cell, countdown_target

WHEN = "D j M Y, H:i"  # rendered in the viewer's zone: the page's active one


class _ManagerTable(WorkspaceTable):
    class Meta:
        orderable = False
        template_name = "workspaces/queue_table.html"  # its pager, no page count
        row_attrs = {"id": lambda record: f"{record._meta.model_name}-{record.pk}"}


class BreachTable(_ManagerTable):
    """Headers here; each row drawn whole by `row_template` (see tables.SdrQueueTable)."""

    select = tables.Column(
        verbose_name="Select", attrs={"th": {"class": "select"}}, exclude_from_export=True
    )
    breach = tables.Column(verbose_name="Breach", accessor="name")
    subject = tables.Column(verbose_name="Subject", accessor="pk", visible=False)
    status = tables.Column(verbose_name="Status")
    owner = tables.Column(verbose_name="Owner", accessor="owner__username")
    code = tables.Column(verbose_name="Policy")
    tier = tables.Column(verbose_name="Tier")
    breached_at = tables.Column(verbose_name="Breached")
    level = tables.Column(verbose_name="Step")
    actions = tables.Column(verbose_name="Actions", exclude_from_export=True)

    class Meta(_ManagerTable.Meta):
        model = Breach
        fields = ("select", "breach", "status", "owner", "code", "tier", "breached_at", "level")
        sequence = (*fields, "actions", "subject")  # the download's extras after the page's
        empty_text = "No breaches: nothing addressed to you or your team is waiting."

    row_template = "workspaces/rows/manager_breach.html"
    export_name = "breaches"

    def decorate(self, records: list) -> list:
        return attach_tiers(records)

    def value_subject(self, record):
        return f"{record.subject_type} {record.subject_id}"


SUBJECTS = ("lead", "opportunity")


def attach_tiers(breaches: list[Breach]) -> list[Breach]:
    """Each breach's `tier`, its lead's (an opportunity's through the lead it came from): a
    query per kind of subject for the rows shown."""
    ids = {kind: [b.subject_id for b in breaches if b.subject_type == kind] for kind in SUBJECTS}
    tiers = {
        "lead": dict(Lead.objects.filter(pk__in=ids["lead"]).values_list("pk", "tier")),
        "opportunity": dict(
            Opportunity.objects.filter(pk__in=ids["opportunity"]).values_list("pk", "lead__tier")
        ),
    }
    for breach in breaches:
        breach.tier = tiers.get(breach.subject_type, {}).get(breach.subject_id)
    return breaches


class BoardTable(LeadTable, _ManagerTable):
    working = tables.Column(verbose_name="Working it", accessor="pk")
    tier = tables.Column(default="—")
    state = tables.Column()
    due = cell("countdown", "Due", export=countdown_target)

    class Meta(_ManagerTable.Meta):
        model = Lead
        fields = ("lead", "working", "tier", "state", "due")
        empty_text = "Nothing due: the team has no open leads with a running clock."

    export_name = "due-next"

    def decorate(self, records: list) -> list:
        return attach_next_clocks(records)

    def render_working(self, record):
        """The SQL's AE, else the SDR who owns the lead."""
        worker = record.ae if record.state == Lead.State.SQL else record.owner
        return worker.username if worker else "—"


class ReviewTable(LeadTable, _ManagerTable):
    score = tables.Column()
    tier = tables.Column(default="—")
    created_at = WhenColumn(format=WHEN, verbose_name="Arrived")
    actions = cell("manager_review_actions", "Decision")

    class Meta(_ManagerTable.Meta):
        model = Lead
        fields = ("lead", "score", "tier", "created_at", "actions")
        empty_text = "Nobody is waiting on review: no lead scored in the review band."

    export_name = "review-band"


class SalReviewTable(LeadTable, _ManagerTable):
    owner = tables.Column(accessor="owner__username", verbose_name="SDR", default="—")
    tier = tables.Column(default="—")
    accepted_at = WhenColumn(format=WHEN, verbose_name="Accepted")
    check_in_at = WhenColumn(format=WHEN, verbose_name="Check-in was due")

    class Meta(_ManagerTable.Meta):
        model = Lead
        fields = ("lead", "owner", "tier", "accepted_at", "check_in_at")
        empty_text = "No open SAL has passed its check-in day."

    export_name = "open-sal-review"


class ArbitrationTable(LeadTable, _ManagerTable):
    owner = tables.Column(accessor="owner__username", verbose_name="SDR", default="—")
    ae = tables.Column(accessor="ae__username", verbose_name="Sent back by", default="—")
    tier = tables.Column(default="—")
    actions = cell("manager_arbitration_actions", "Decision")

    class Meta(_ManagerTable.Meta):
        model = Lead
        fields = ("lead", "owner", "ae", "tier", "actions")
        empty_text = "Nothing to arbitrate: no SQL was sent back for a conflict."

    export_name = "arbitration"
