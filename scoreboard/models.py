from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from leads.models import Account, Lead
from slaportal.charter.models import CharterVersion, Side


class LeadFunnel(models.Model):
    """A lead's way through the funnel since it last became an MQL, one instant per gate, as
    the event log tells it (`funnel.project`, subscribed to every event; `funnel.rebuild`
    replays the log into the same rows). The scoreboard's lead metrics count these rows.

    A lead that becomes an MQL again (after a recycle window) starts a fresh row: its earlier
    cycle is no longer counted (the log keeps it)."""

    lead = models.OneToOneField(Lead, on_delete=models.CASCADE, primary_key=True, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    # What the scoreboard slices by, as the events said at the time
    sdr = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    ae = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    tier = models.PositiveSmallIntegerField(null=True)
    source = models.CharField(max_length=40, help_text="The intake action it became an MQL on.")
    account_tier = models.CharField(max_length=1, blank=True)
    quality = models.BooleanField(help_text="Director+ (economic buyer) or a hand-raise action.")
    enriched = models.BooleanField(help_text="Firmographics came from the enrichment system.")
    # The gates, each the first time it was passed in this cycle
    mql_at = models.DateTimeField()
    routed_at = models.DateTimeField(null=True)
    notified_in_time = models.BooleanField(
        null=True, help_text="Routed within 2 business hours of becoming an MQL."
    )
    first_touch_at = models.DateTimeField(null=True)
    connected_at = models.DateTimeField(null=True)
    accepted_at = models.DateTimeField(null=True)
    rejected_at = models.DateTimeField(null=True)
    rejection_code = models.CharField(max_length=30, blank=True)
    qualified_at = models.DateTimeField(null=True)
    converted_at = models.DateTimeField(null=True, help_text="The AE accepted: an opportunity.")
    ae_rejected_at = models.DateTimeField(null=True)
    ae_rejection_code = models.CharField(max_length=30, blank=True)
    recycled_at = models.DateTimeField(null=True)
    disqualified_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            # The scoreboard's cohorts: MQLs, SALs and SQLs of a period.
            models.Index(fields=["mql_at"], name="funnel_mqls"),
            models.Index(
                fields=["accepted_at"], condition=Q(accepted_at__isnull=False), name="funnel_sals"
            ),
            models.Index(
                fields=["qualified_at"],
                condition=Q(qualified_at__isnull=False),
                name="funnel_sqls",
            ),
            # One person's scoreboard.
            models.Index(fields=["sdr", "mql_at"], name="funnel_by_sdr"),
            models.Index(fields=["ae", "qualified_at"], name="funnel_by_ae"),
        ]

    def __str__(self):
        return f"Funnel of lead {self.lead_id} since {self.mql_at:%Y-%m-%d}"


class CommitmentMiss(models.Model):
    """A week in which a commitment of the charter was not green (001's escalation framework):
    amber asks the under-performing team for the root cause and a corrective action within
    48 hours; red, or amber two weeks running, also takes it to VP Sales, VP Marketing and the
    CRO for a remediation meeting. One per metric and week (`commitments.review_week`)."""

    class Level(models.TextChoices):
        ROOT_CAUSE = "root_cause", "Root cause requested"
        LEADERSHIP = "leadership", "Escalated to leadership"

    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    side = models.CharField(max_length=10, choices=Side.choices)
    week = models.DateField(help_text="The Monday of the week judged (company's zone).")
    version = models.ForeignKey(CharterVersion, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=5, choices=[("amber", "Amber"), ("red", "Red")])
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField()
    value = models.DecimalField(max_digits=5, decimal_places=1)
    level = models.CharField(max_length=10, choices=Level.choices)
    why = models.CharField(max_length=300, help_text="What made it this colour and level.")
    created_at = models.DateTimeField(default=now)
    # The root-cause request to the team that missed
    requested_from = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    due_at = models.DateTimeField()
    root_cause = models.TextField(blank=True)
    corrective_action = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Leadership's remediation meeting
    escalated_to = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    meeting_at = models.DateTimeField(null=True, blank=True)
    remediation = models.TextField(blank=True, help_text="The plan the meeting agreed.")
    remediated_at = models.DateTimeField(null=True, blank=True)
    remediated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-week", "code"]
        constraints = [
            # The weekly review may run twice (beat, a worker retry): one record, one request.
            models.UniqueConstraint(fields=["code", "week"], name="commitment_miss_once_a_week"),
            models.CheckConstraint(
                condition=Q(status__in=["amber", "red"]), name="commitment_miss_is_amber_or_red"
            ),
        ]
        indexes = [
            # The commitments page: the weeks still waiting for a root cause, soonest due.
            models.Index(
                fields=["due_at"], condition=Q(answered_at__isnull=True), name="miss_unanswered"
            )
        ]

    def __str__(self):
        return f"{self.name}: {self.status} in the week of {self.week:%d %b %Y}"

    @property
    def overdue(self) -> bool:
        return self.answered_at is None and self.due_at < now()


class DailyCount(models.Model):
    """A metric's numerator and denominator for one business day (company zone) as
    `rollups.refresh` last counted them from the same queries the live scoreboard runs: sums of
    these are the scoreboard's numbers for past days (today is always counted live). Only
    measures that add up over days are kept here.

    Everyone's counts (`person` 0) are split by the lead tier and source of the rows counted,
    so a scope narrowed by either or both sums some of them; a person's are whole."""

    day = models.DateField()
    code = models.SlugField(max_length=60, help_text="The metric's code.")
    person = models.BigIntegerField(default=0, help_text="A user's id; 0: everyone.")
    tier = models.PositiveSmallIntegerField(
        default=0, help_text="Everyone's: the rows' lead tier (0: none); a person's: 0, all."
    )
    source = models.CharField(
        max_length=40,
        blank=True,
        help_text="Everyone's: the rows' lead source (empty: none); a person's: empty, all.",
    )
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "code", "person", "tier", "source"], name="daily_count_once"
            )
        ]
        indexes = [
            # A period's sums for everyone (of a tier, a source) or some people: the
            # scoreboard over a quarter.
            models.Index(
                fields=["person", "day"],
                include=["code", "tier", "source", "numerator", "denominator"],
                name="daily_count_by_person",
            )
        ]

    def __str__(self):
        return f"{self.code} on {self.day}: {self.numerator}/{self.denominator}"


class RollupSpan(models.Model):
    """The days `DailyCount` holds and the charter version whose metrics it counted: outside
    them (today, a day not refreshed yet, another version's metrics) the scoreboard counts
    live. One row."""

    first_day = models.DateField()
    last_day = models.DateField()
    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField()
    seconds = models.FloatField(help_text="How long the last refresh took.")

    def __str__(self):
        return f"Daily counts {self.first_day} – {self.last_day} (v{self.version_id})"
