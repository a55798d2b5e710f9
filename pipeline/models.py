"""Opportunities: the seeds' stage table as a state machine, and the record hygiene needs.

Stage entry gates say what is missing; every stage entered, next step, close-date move and
amount change is kept (who, when, old, new), so pushes per quarter and the change against the
original estimate are facts, not opinions. `pipeline/services.py` runs every change.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from leads.models import Account, Lead, Meeting
from slaportal import company
from slaportal.fsm import gate
from slaportal.org.roles import Role
from slaportal.records import AppendOnly, Touch

# Elements the AE validates for Qualification (paper process is the AE's own, later).
MEDDPIC_FIELDS = {
    "metrics": "Metrics",
    "economic_buyer": "Economic Buyer",
    "decision_criteria": "Decision Criteria",
    "decision_process": "Decision Process",
    "implicate_pain": "Implicate Pain",
    "champion": "Champion",
}


def _close_within(opportunity, days: int | None) -> list[str]:
    if days is None:
        return []
    left = (opportunity.close_date - company.today()).days
    if left < 0 or left > days:
        return [f"a close date within {days} days (is {opportunity.close_date:%Y-%m-%d})"]
    return []


@gate
def _qualification(opportunity):
    for field, name in MEDDPIC_FIELDS.items():
        if not getattr(opportunity, field).strip():
            yield f"{name} validated"
    if not opportunity.meetings.filter(
        kind=OpportunityMeeting.Kind.ECONOMIC_BUYER,
        status__in=[OpportunityMeeting.Status.BOOKED, OpportunityMeeting.Status.HELD],
    ).exists():
        yield "an economic-buyer meeting on the calendar"


@gate
def _evaluation(opportunity):
    if not opportunity.evaluation.strip():
        yield "an active evaluation recorded (POC, deep demo or technical review)"


@gate
def _proposal(opportunity):
    if not opportunity.proposal_sent_at:
        yield "a proposal sent"
    yield from _close_within(opportunity, opportunity.stage_close_rule("stage_4"))


@gate
def _commit(opportunity):
    if not opportunity.verbal_agreement_at:
        yield "a verbal agreement recorded"
    yield from _close_within(opportunity, opportunity.stage_close_rule("stage_5"))


@gate
def _loss_explained(opportunity):
    if not opportunity.loss_reason_code:
        yield "a win-loss reason code"
    if not opportunity.loss_feedback.strip():
        yield "win-loss feedback for Marketing"


class OpportunityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The AE's own, their team's for the AE manager, all for VP Sales, the CRO and RevOps."""
        if self.all_visible_to(user):
            return self
        if user.role == Role.AE_MANAGER:
            return self.filter(Q(owner__team_membership__team__manager=user) | Q(owner=user))
        return self.filter(owner=user)

    @staticmethod
    def all_visible_to(user) -> bool:
        """Whether `visible_to` keeps every deal: what a page over many deals need not filter."""
        return user.is_superuser or user.role in (Role.REVOPS, Role.VP_SALES, Role.CRO)


class Opportunity(ConcurrentTransitionMixin, models.Model):
    class Stage(models.TextChoices):
        STAGE_1 = "stage_1", "Stage 1 — Discovery"
        STAGE_2 = "stage_2", "Stage 2 — Qualification"
        STAGE_3 = "stage_3", "Stage 3 — Evaluation"
        STAGE_4 = "stage_4", "Stage 4 — Proposal"
        STAGE_5 = "stage_5", "Stage 5 — Commit"
        WON = "won", "Won"
        LOST = "lost", "Lost"

    OPEN = (Stage.STAGE_1, Stage.STAGE_2, Stage.STAGE_3, Stage.STAGE_4, Stage.STAGE_5)
    CLOSED = (Stage.WON, Stage.LOST)

    lead = models.OneToOneField(
        Lead, on_delete=models.PROTECT, null=True, blank=True, related_name="opportunity"
    )
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="opportunities")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="opportunities"
    )
    name = models.CharField(max_length=200)
    stage = FSMField(choices=Stage.choices, default=Stage.STAGE_1, protected=True)
    stage_entered_at = models.DateTimeField(default=now)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    original_amount = models.DecimalField(
        max_digits=12, decimal_places=2, editable=False, help_text="The estimate at opening."
    )
    close_date = models.DateField()

    # What the stage gates look for
    metrics = models.TextField(blank=True)
    economic_buyer = models.TextField(blank=True)
    decision_criteria = models.TextField(blank=True)
    decision_process = models.TextField(blank=True)
    implicate_pain = models.TextField(blank=True)
    champion = models.TextField(blank=True)
    paper_process = models.TextField(blank=True)
    evaluation = models.TextField(blank=True, help_text="POC, deep demo or technical review.")
    success_plan = models.TextField(blank=True, help_text="The mutual success plan.")
    success_plan_agreed_at = models.DateTimeField(null=True, blank=True)
    proposal_sent_at = models.DateTimeField(null=True, blank=True)
    verbal_agreement_at = models.DateTimeField(null=True, blank=True)

    # Closing
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    loss_reason_code = models.CharField(max_length=30, blank=True)
    loss_feedback = models.TextField(blank=True)

    created_at = models.DateTimeField(default=now, editable=False)
    last_activity_at = models.DateTimeField(null=True, blank=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "opportunities"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="opportunity_amount_positive"),
            models.CheckConstraint(
                condition=Q(stage__in=["won", "lost"]) | Q(closed_at__isnull=True),
                name="opportunity_closed_at_only_when_closed",
            ),
        ]
        indexes = [
            # The AE's pipeline: their open opportunities by stage.
            models.Index(fields=["owner", "stage"], name="opportunity_pipeline"),
        ]

    def __str__(self):
        return self.name

    def event_context(self) -> dict:
        """What an opportunity's clocks decide on (see slaportal.events.DomainEvent); a lead
        clock (opportunity creation, discovery) is stopped through `lead`."""
        return {
            "stage": self.stage,
            "owner": self.owner_id,
            "lead": self.lead_id,
            "account": self.account_id,
            "account_tier": self.account.abx_tier,
        }

    def stage_close_rule(self, stage: str) -> int | None:
        from .rules import stage_rules

        return stage_rules().get(stage, {}).get("close_within_days")

    def amount_change_percent(self) -> Decimal | None:
        """Change of the amount against the original estimate, in percent."""
        if not self.original_amount:
            return None
        return ((self.amount - self.original_amount) / self.original_amount * 100).quantize(
            Decimal("0.1")
        )

    # --- transitions: the stage change and its gates only -----------------------------------

    @transition(stage, source=Stage.STAGE_1, target=Stage.STAGE_2, conditions=[_qualification])
    def to_stage_2(self):
        pass

    @transition(stage, source=Stage.STAGE_2, target=Stage.STAGE_3, conditions=[_evaluation])
    def to_stage_3(self):
        pass

    @transition(stage, source=Stage.STAGE_3, target=Stage.STAGE_4, conditions=[_proposal])
    def to_stage_4(self):
        pass

    @transition(stage, source=Stage.STAGE_4, target=Stage.STAGE_5, conditions=[_commit])
    def to_stage_5(self):
        pass

    @transition(stage, source=list(OPEN), target=Stage.WON)
    def win(self):
        pass

    @transition(stage, source=list(OPEN), target=Stage.LOST, conditions=[_loss_explained])
    def lose(self):
        pass


NEXT_STAGE_TRANSITION = {
    Opportunity.Stage.STAGE_1: "to_stage_2",
    Opportunity.Stage.STAGE_2: "to_stage_3",
    Opportunity.Stage.STAGE_3: "to_stage_4",
    Opportunity.Stage.STAGE_4: "to_stage_5",
}


class StageEntry(AppendOnly):
    """Each stage the opportunity entered, and when: stage ages and velocity come from here."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="stage_entries"
    )
    stage = models.CharField(max_length=10, choices=Opportunity.Stage.choices)
    entered_at = models.DateTimeField(default=now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "stage entries"
        ordering = ["entered_at", "id"]

    def __str__(self):
        return f"{self.get_stage_display()} at {self.entered_at:%Y-%m-%d %H:%M}"


class NextStep(AppendOnly):
    """A specific next action with a due date; the latest is the current one."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="next_steps"
    )
    action = models.CharField(max_length=300)
    due_date = models.DateField()
    logged_at = models.DateTimeField(default=now)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-logged_at", "-id"]
        indexes = [models.Index(fields=["opportunity", "-logged_at"], name="next_step_latest")]

    def __str__(self):
        return f"{self.action} (by {self.due_date:%Y-%m-%d})"


class CloseDateChange(AppendOnly):
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="close_date_changes"
    )
    old = models.DateField()
    new = models.DateField()
    changed_at = models.DateTimeField(default=now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    quarter = models.CharField(
        max_length=7, help_text="Fiscal quarter of the change, e.g. 2026-Q2."
    )

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [
            # Pushes per quarter, for the "close date pushed twice" trigger.
            models.Index(fields=["opportunity", "quarter"], name="close_date_by_quarter")
        ]

    def __str__(self):
        return f"{self.old} → {self.new}"

    @property
    def is_push(self) -> bool:
        return self.new > self.old


class AmountChange(AppendOnly):
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="amount_changes"
    )
    old = models.DecimalField(max_digits=12, decimal_places=2)
    new = models.DecimalField(max_digits=12, decimal_places=2)
    # From 0.01 to the largest amount (10 digits and 2 decimals) is +10^14 %.
    percent_of_original = models.DecimalField(
        max_digits=17, decimal_places=1, help_text="Change against the original estimate, %."
    )
    changed_at = models.DateTimeField(default=now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.old} → {self.new} ({self.percent_of_original:+}%)"


class OpportunityActivity(Touch):
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="activities"
    )
    subject_field = "opportunity"

    class Meta:
        verbose_name_plural = "opportunity activities"
        ordering = ["-occurred_at"]


class OpportunityMeeting(models.Model):
    class Kind(models.TextChoices):
        DISCOVERY = "discovery", "Discovery"
        ECONOMIC_BUYER = "economic_buyer", "Economic-buyer meeting"
        DEMO = "demo", "Demo"
        OTHER = "other", "Other"

    Status = Meeting.Status

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField()
    meeting_url = models.URLField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    booked_at = models.DateTimeField(default=now, editable=False)
    status_changed_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"


def fiscal_quarter(day: date) -> str:
    """The fiscal quarter of a day; the fiscal year starts in FISCAL_YEAR_START_MONTH."""
    start = settings.FISCAL_YEAR_START_MONTH
    months = (day.month - start) % 12
    year = day.year + (1 if start > 1 and day.month >= start else 0)
    return f"{year}-Q{months // 3 + 1}"
