from django.conf import settings
from django.db import models
from django.db.models import Q

from leads.models import Account, Lead


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
