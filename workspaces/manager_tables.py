"""The managers' lists as django-tables2 tables, each in the order its page promises (no column
sorting overrides it) and paged by `tables.configure` without a COUNT(*)."""

import django_tables2 as tables

from escalations.models import Breach
from leads.models import Lead
from pipeline.models import Opportunity

from .tables import CellColumn

WHEN = "D j M Y, H:i"  # rendered in the viewer's zone: the page's active one


def _cell(name: str, verbose_name: str, **options):
    return CellColumn(
        template_name=f"workspaces/cells/{name}.html",
        verbose_name=verbose_name,
        accessor="pk",
        **options,
    )


class _ManagerTable(tables.Table):
    class Meta:
        orderable = False
        template_name = "workspaces/queue_table.html"  # its pager, no page count
        row_attrs = {"id": lambda record: f"{record._meta.model_name}-{record.pk}"}


class BreachTable(_ManagerTable):
    """Headers here; each row drawn whole by `row_template` (see tables.SdrQueueTable)."""

    select = tables.Column(verbose_name="Select", attrs={"th": {"class": "select"}})
    breach = tables.Column(verbose_name="Breach")
    status = tables.Column(verbose_name="Status")
    owner = tables.Column(verbose_name="Owner")
    code = tables.Column(verbose_name="Policy")
    tier = tables.Column(verbose_name="Tier")
    breached_at = tables.Column(verbose_name="Breached")
    level = tables.Column(verbose_name="Step")
    actions = tables.Column(verbose_name="Actions")

    class Meta(_ManagerTable.Meta):
        model = Breach
        fields = ("select", "breach", "status", "owner", "code", "tier", "breached_at", "level")
        sequence = (*fields, "actions")
        empty_text = "No breaches: nothing addressed to you or your team is waiting."

    row_template = "workspaces/rows/manager_breach.html"


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


class BoardTable(_ManagerTable):
    lead = _cell("lead", "Lead")
    working = tables.Column(verbose_name="Working it", accessor="pk")
    tier = tables.Column(default="—")
    state = tables.Column()
    due = _cell("countdown", "Due")

    class Meta(_ManagerTable.Meta):
        model = Lead
        fields = ("lead", "working", "tier", "state", "due")
        empty_text = "Nothing due: the team has no open leads with a running clock."

    def render_working(self, record):
        """The SQL's AE, else the SDR who owns the lead."""
        worker = record.ae if record.state == Lead.State.SQL else record.owner
        return worker.username if worker else "—"


class ReviewTable(_ManagerTable):
    lead = _cell("lead", "Lead")
    score = tables.Column()
    tier = tables.Column(default="—")
    created_at = tables.DateTimeColumn(format=WHEN, verbose_name="Arrived")
    actions = _cell("manager_review_actions", "Decision")

    class Meta(_ManagerTable.Meta):
        model = Lead
        fields = ("lead", "score", "tier", "created_at", "actions")
        empty_text = "Nobody is waiting on review: no lead scored in the review band."


class SalReviewTable(_ManagerTable):
    lead = _cell("lead", "Lead")
    owner = tables.Column(accessor="owner__username", verbose_name="SDR", default="—")
    tier = tables.Column(default="—")
    accepted_at = tables.DateTimeColumn(format=WHEN, verbose_name="Accepted")
    check_in_at = tables.DateTimeColumn(format=WHEN, verbose_name="Check-in was due")

    class Meta(_ManagerTable.Meta):
        model = Lead
        fields = ("lead", "owner", "tier", "accepted_at", "check_in_at")
        empty_text = "No open SAL has passed its check-in day."


class ArbitrationTable(_ManagerTable):
    lead = _cell("lead", "Lead")
    owner = tables.Column(accessor="owner__username", verbose_name="SDR", default="—")
    ae = tables.Column(accessor="ae__username", verbose_name="Sent back by", default="—")
    tier = tables.Column(default="—")
    actions = _cell("manager_arbitration_actions", "Decision")

    class Meta(_ManagerTable.Meta):
        model = Lead
        fields = ("lead", "owner", "ae", "tier", "actions")
        empty_text = "Nothing to arbitrate: no SQL was sent back for a conflict."
