"""Accounts, leads and what happens to them: intent actions, touches, meetings, transitions.

The lead's state moves only through the transitions below, each guarded by gates that name
what is missing; `leads/services.py` runs them (lock, permission, transition, log, events).
Timestamps of actions, touches and meetings are the system's, never typed in afterwards.
"""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils.timezone import now
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from slaportal.charter.models import CharterVersion, LeadStateCode, Taxonomy
from slaportal.fsm import gate
from slaportal.org.roles import Role
from slaportal.records import AppendOnly, Touch

from .rules import rules_in_force


class Territory(models.Model):
    """Where leads are routed: countries or regions, with the SDRs who work them."""

    name = models.CharField(max_length=100, unique=True)
    is_active = models.BooleanField(default=True)
    on_call_sdr = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Takes the territory's leads that arrive outside business hours.",
    )
    # Counts the territory's assignments; each member remembers the number of its last one.
    assignments = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name_plural = "territories"
        ordering = ["name"]

    def __str__(self):
        return self.name


class TerritoryRegion(models.Model):
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="regions")
    country = models.CharField(max_length=2)
    region = models.CharField(max_length=10, blank=True, help_text="Empty: the whole country.")

    class Meta:
        ordering = ["country", "region"]
        constraints = [
            # A place routes to one territory.
            models.UniqueConstraint(fields=["country", "region"], name="territory_region_unique")
        ]

    def __str__(self):
        return f"{self.country}-{self.region}" if self.region else self.country


class TerritoryMember(models.Model):
    """An SDR of a territory; `last_assignment` (the territory's count when this SDR last got a
    lead) is the round-robin's memory: the lowest goes next, a newcomer first."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="members")
    sdr = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="territory_memberships"
    )
    is_active = models.BooleanField(default=True, help_text="Off while away: receives no leads.")
    last_assignment = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    assigned_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["territory", "sdr__username"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "sdr"], name="territory_member_unique")
        ]

    def __str__(self):
        return f"{self.sdr} in {self.territory}"


class Account(models.Model):
    class Tier(models.TextChoices):
        A = "A", "Tier A"
        B = "B", "Tier B"
        C = "C", "Tier C"

    # A name may be the domain itself (when no company name came with the lead).
    name = models.CharField(max_length=253)
    domain = models.CharField(max_length=253, unique=True, help_text="A DNS name: 253 at most.")
    industry = models.CharField(max_length=100, blank=True)
    employees = models.PositiveIntegerField(null=True, blank=True)
    country = models.CharField(max_length=2, blank=True)
    region = models.CharField(max_length=10, blank=True)
    abx_tier = models.CharField(max_length=1, choices=Tier.choices, blank=True)
    on_target_list = models.BooleanField(default=False)
    owner_ae = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_accounts",
    )
    territory = models.ForeignKey(Territory, on_delete=models.SET_NULL, null=True, blank=True)
    is_customer = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.domain})"

    def event_context(self) -> dict:
        """What an account's clocks decide on (see slaportal.events.DomainEvent)."""
        return {"account_tier": self.abx_tier, "owner": self.owner_ae_id}


class SuppressedDomain(models.Model):
    """The global suppression list: leads at these domains never become MQLs."""

    domain = models.CharField(max_length=253, unique=True)
    reason_code = models.CharField(max_length=30, blank=True)
    until = models.DateTimeField(null=True, blank=True, help_text="Empty: permanent.")
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain


class LeadQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The leads a person may see: their own, their team's, or all for RevOps and VPs."""
        if self.all_visible_to(user):
            return self
        if user.role == Role.SDR_MANAGER:
            # The review band is the SDR managers' to promote or hold: those leads are not
            # routed yet, so they have no owner to see them through.
            return self.filter(
                Q(owner__team_membership__team__manager=user)
                | Q(owner=user)
                | Q(owner__isnull=True, needs_review=True)
            )
        if user.role == Role.AE_MANAGER:
            return self.filter(Q(ae__team_membership__team__manager=user) | Q(ae=user))
        if user.role == Role.AE:
            return self.filter(ae=user)
        return self.filter(owner=user)

    @staticmethod
    def all_visible_to(user) -> bool:
        """Whether `visible_to` keeps every lead: what a page over many leads need not filter."""
        return user.is_superuser or user.role in (
            Role.REVOPS,
            Role.MARKETING_OPS,
            Role.VP_SALES,
            Role.VP_MARKETING,
            Role.CRO,
        )

    def newest_first(self):
        """Newest first by creation order: ids only grow, so a page can start after an id."""
        return self.order_by("-id")

    def review_list(self):
        """The managers' review list: leads scored in the review band, not yet promoted or
        held, newest first. A lead that left its open state some other way (an existing
        customer's goes to the account team) keeps the flag but is no longer reviewable."""
        return self.filter(needs_review=True, state__in=REVIEW_STATES).order_by("-id")

    def open_sals_accepted_by(self, cutoff):
        """SALs whose latest acceptance (the "accept" history row) was at or before `cutoff`,
        oldest acceptance first, each with it as `accepted_at`: one query."""
        accepted = (
            LeadTransition.objects.filter(lead=OuterRef("pk"), name="accept")
            .order_by("-at")
            .values("at")[:1]
        )
        return (
            self.filter(state=LeadStateCode.SAL)
            .annotate(accepted_at=Subquery(accepted))
            .filter(accepted_at__lte=cutoff)
            .order_by("accepted_at", "id")
        )


# Where a lead scored in the review band waits for a manager: it has not been worked yet.
REVIEW_STATES = (LeadStateCode.INQUIRY, LeadStateCode.RECYCLED)


class Lead(ConcurrentTransitionMixin, models.Model):
    # The lifecycle's states as the charter names them (reason codes and policies refer to them).
    State = LeadStateCode

    class Persona(models.TextChoices):
        BUYER = "buyer", "Economic buyer"
        INFLUENCER = "influencer", "Influencer"
        NONE = "", "Not mapped"

    class Suppression(models.TextChoices):
        NONE = "", "None"
        DAYS = "days", "Until a date"
        PERMANENT = "permanent", "Permanent"
        UNTIL_ENRICHED = "until_enriched", "Until enriched"

    # Who the lead is
    email = models.EmailField(unique=True)
    external_id = models.CharField(max_length=100, null=True, blank=True, unique=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200, blank=True)
    persona = models.CharField(max_length=10, choices=Persona.choices, blank=True)
    timezone = models.CharField(max_length=64, help_text="IANA zone the clocks run in.")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="leads")
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    do_not_route = models.BooleanField(default=False)
    suppression = models.CharField(max_length=20, choices=Suppression.choices, blank=True)
    suppressed_until = models.DateTimeField(null=True, blank=True)
    suppression_reason = models.CharField(max_length=30, blank=True)

    # Where it stands
    state = FSMField(choices=State.choices, default=State.INQUIRY, protected=True)
    tier = models.PositiveSmallIntegerField(null=True, blank=True)
    score = models.IntegerField(default=0)
    icp_fit = models.PositiveSmallIntegerField(default=0)
    icp_fit_given = models.BooleanField(default=False)
    mql_criteria = models.JSONField(
        default=dict, help_text="Each MQL entry criterion: met or not, and why."
    )
    needs_review = models.BooleanField(
        default=False, help_text="Score in the review band: on the managers' review list."
    )
    charter_version = models.ForeignKey(
        CharterVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    territory = models.ForeignKey(Territory, on_delete=models.SET_NULL, null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_leads",
    )
    hold_reason = models.CharField(max_length=30, blank=True, help_text="e.g. REJ-07.")
    ae = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sql_leads",
    )

    # Qualification, for the SQL gate and the AE's briefing
    pain = models.TextField(blank=True)
    timeline = models.CharField(max_length=200, blank=True)
    meeting_url = models.URLField(blank=True)
    metrics = models.TextField(blank=True)
    economic_buyer = models.TextField(blank=True)
    decision_criteria = models.TextField(blank=True)
    decision_process = models.TextField(blank=True)
    paper_process = models.TextField(blank=True)
    implicate_pain = models.TextField(blank=True)
    champion = models.TextField(blank=True)
    briefing = models.TextField(blank=True)
    ae_flags = models.JSONField(default=list, help_text="Preferred elements the AE accepts unmet.")
    briefing_read_at = models.DateTimeField(null=True, blank=True)
    check_in_due_at = models.DateTimeField(
        null=True, blank=True, help_text="An SDR check-in a reason code asked for (AE-REJ-02)."
    )

    # Working it
    qualifying_action = models.CharField(
        max_length=40, blank=True, help_text="The intake action on which it became an MQL."
    )
    sequence = models.CharField(max_length=100, blank=True, help_text="The sequencer's cadence.")
    sequence_enrolled_at = models.DateTimeField(null=True, blank=True)
    disposition = models.CharField(max_length=30, blank=True, help_text="The latest code.")
    disposition_notes = models.TextField(blank=True, help_text="Call notes or a recording link.")
    disposition_at = models.DateTimeField(null=True, blank=True)
    intro_sent_at = models.DateTimeField(null=True, blank=True)
    ae_touched_at = models.DateTimeField(
        null=True, blank=True, help_text="The AE's first personal contact after accepting."
    )

    # When
    created_at = models.DateTimeField(default=now, editable=False)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    mql_at = models.DateTimeField(null=True, blank=True)
    routed_at = models.DateTimeField(null=True, blank=True)

    objects = LeadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tier__isnull=True) | Q(tier__in=[1, 2, 3]), name="lead_tier_1_to_3"
            ),
            models.CheckConstraint(
                condition=~Q(suppression="days") | Q(suppressed_until__isnull=False),
                name="lead_day_suppression_has_end",
            ),
        ]
        indexes = [
            # The SDR's queue: their leads in a state, newest first.
            models.Index(fields=["owner", "state", "-created_at"], name="lead_queue"),
            # The managers' review list (score in the review band), newest first.
            models.Index(fields=["-id"], condition=Q(needs_review=True), name="lead_review_list"),
            # GET /api/v1/leads by state, newest first, a page after a cursor.
            models.Index(fields=["state", "-id"], name="lead_by_state"),
            # GET /api/v1/leads of one SDR (their own list, or the owner filter), newest first.
            models.Index(fields=["owner", "-id"], name="lead_by_owner"),
        ]

    def __str__(self):
        return self.email

    def event_context(self) -> dict:
        """What a lead's clocks decide on (see slaportal.events.DomainEvent)."""
        return {
            "state": self.state,
            "tier": self.tier,
            "owner": self.owner_id,
            "ae": self.ae_id,
            "qualifying_action": self.qualifying_action,
            "persona": self.persona,
            "timezone": self.timezone,
            "account": self.account_id,
            "account_tier": self.account.abx_tier,
        }

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def is_suppressed(self, at=None) -> bool:
        at = at or now()
        if self.suppression in (self.Suppression.PERMANENT, self.Suppression.UNTIL_ENRICHED):
            return True
        return self.suppression == self.Suppression.DAYS and self.suppressed_until > at

    # --- transitions: the state change and its gates only ---------------------------------

    @transition(
        state,
        source=[State.INQUIRY, State.RECYCLED],
        target=State.MQL,
        conditions=[gate(lambda lead: lead.mql_unmet())],
    )
    def become_mql(self):
        pass

    # A manager overriding a review-band score: every other entry criterion must still hold.
    @transition(
        state,
        source=REVIEW_STATES,
        target=State.MQL,
        conditions=[gate(lambda lead: lead.mql_unmet(overriding_score=True))],
    )
    def promote(self):
        pass

    @transition(
        state,
        source=[State.INQUIRY, State.MQL, State.SAL, State.RECYCLED, State.REJECTED],
        target=State.ACCOUNT_TEAM,
    )
    def hand_to_account_team(self):
        pass

    @transition(state, source=State.MQL, target=State.SAL)
    def accept(self):
        pass

    @transition(state, source=State.MQL, target=State.REJECTED)
    def reject(self):
        pass

    @transition(
        state, source=State.SAL, target=State.SQL, conditions=[gate(lambda lead: lead.sql_unmet())]
    )
    def qualify(self):
        pass

    @transition(state, source=[State.MQL, State.SAL, State.SQL], target=State.RECYCLED)
    def recycle(self):
        pass

    @transition(
        state,
        source=[State.INQUIRY, State.MQL, State.SAL, State.REJECTED],
        target=State.DISQUALIFIED,
    )
    def disqualify(self):
        pass

    @transition(
        state,
        source=State.SQL,
        target=State.CONVERTED,
        conditions=[
            gate(
                lambda lead: (
                    [] if lead.briefing_read_at else ["confirmation that the AE read the briefing"]
                )
            )
        ],
    )
    def ae_accept(self):
        pass

    @transition(state, source=State.SQL, target=State.SAL)
    def return_to_sal(self):
        pass

    @transition(state, source=State.SQL, target=State.ARBITRATION)
    def send_to_arbitration(self):
        pass

    # RevOps' arbitration decisions (AE-REJ-05): only from arbitration, so no SDR or AE
    # transition can settle a conflict that is RevOps' to arbitrate.
    @transition(
        state,
        source=State.ARBITRATION,
        target=State.SQL,
        conditions=[gate(lambda lead: lead.sql_unmet())],
    )
    def reassign(self):
        pass

    @transition(state, source=State.ARBITRATION, target=State.SAL)
    def return_from_arbitration(self):
        pass

    @transition(state, source=State.ARBITRATION, target=State.RECYCLED)
    def recycle_from_arbitration(self):
        pass

    def mql_unmet(self, *, overriding_score: bool = False) -> list[str]:
        """The MQL entry criteria the lead fails; the score among them unless a manager is
        `overriding_score` (a review-band promotion)."""
        unmet = [
            result["detail"]
            for code, result in self.mql_criteria.items()
            if not result["met"] and not (overriding_score and code == "score")
        ]
        if self.is_suppressed():
            unmet.append(f"not suppressed ({self.suppression_reason or self.suppression})")
        if self.do_not_route:
            unmet.append("not marked do-not-route")
        return unmet

    def sql_unmet(self) -> list[str]:
        """The SQL gate from the charter: a booked meeting (always: "block the SQL status
        change if no meeting record exists") and every required element."""
        unmet = []
        if not self.meetings.filter(status=Meeting.Status.BOOKED).exists():
            unmet.append("a booked meeting")
        return unmet + [
            name for code, name in rules_in_force().required_elements if self._lacks(code)
        ]

    def preferred_unmet(self) -> list[str]:
        """Preferred elements not confirmed: flagged to the AE, not blocking."""
        return [name for code, name in rules_in_force().preferred_elements if self._lacks(code)]

    def _lacks(self, code: str) -> bool:
        """Whether the element's field is empty (the booked meeting is checked apart)."""
        field = SQL_FIELDS.get(code)
        return field is not None and not getattr(self, field).strip()


# Charter qualification element → the lead field that holds it (the meeting is checked apart).
SQL_FIELDS = {
    "metrics": "metrics",
    "economic_buyer": "economic_buyer",
    "decision_criteria": "decision_criteria",
    "decision_process": "decision_process",
    "paper_process": "paper_process",
    "implicate_pain": "implicate_pain",
    "champion": "champion",
    "pain_statement": "pain",
    "timeline": "timeline",
    "meeting_link": "meeting_url",
    "briefing_doc": "briefing",
}

# Which taxonomy each transition's reason code must come from.
REASON_TAXONOMY = {
    "reject": Taxonomy.SDR_REJECTION,
    "recycle": Taxonomy.RECYCLE,
    "disqualify": Taxonomy.DISQUALIFICATION,
    "ae_reject": Taxonomy.AE_REJECTION,
}


class IntentAction(AppendOnly):
    """An intent signal from the marketing platform: what the lead did, and when."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="actions")
    # The lead's account, kept on the action: Marketing's engagement of an account.
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=40)
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(default=now)
    points = models.IntegerField(help_text="Points of the signal in the charter that scored it.")
    tier = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at"]
        constraints = [
            # A re-posted action is the same action: intake is idempotent.
            models.UniqueConstraint(
                fields=["lead", "code", "occurred_at"], name="intent_action_once"
            )
        ]
        indexes = [
            # The scoreboard's account coverage: did Marketing engage this account in a period?
            models.Index(fields=["account", "occurred_at"], name="intent_action_by_account")
        ]

    def __str__(self):
        return f"{self.code} at {self.occurred_at:%Y-%m-%d %H:%M}"


class Activity(Touch):
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="activities")
    subject_field = "lead"

    class Meta:
        verbose_name_plural = "activities"
        ordering = ["-occurred_at"]
        constraints = [
            # The three-way intro is an e-mail to the prospect and the AE.
            models.CheckConstraint(
                condition=~Q(purpose=Touch.Purpose.INTRO) | Q(channel=Touch.Channel.EMAIL),
                name="activity_intro_is_an_email",
            )
        ]
        indexes = [
            # Cadence progress and "last touch" on the lead page.
            models.Index(fields=["lead", "occurred_at"], name="activity_by_lead"),
            # The scoreboard's touches per SDR a business day: each person's touches of a
            # period, counted from the index alone.
            models.Index(
                fields=["actor", "occurred_at"],
                condition=Q(purpose=Touch.Purpose.TOUCH),
                name="touch_by_actor",
            ),
        ]


# Not nested as `AccountSignal.Kind`: the API documents an enum by its class name, and the
# opportunity meeting's `Kind` has that one.
class SignalKind(models.TextChoices):
    INTENT_SPIKE = "intent_spike", "Intent spike (MQA)"
    EVENT_ATTENDED = "event_attended", "Event attended or booth scan"
    GIFT_ACCEPTED = "gift_accepted", "Direct mail or gift accepted"
    USAGE_SURGE = "usage_surge", "Product usage surge (PQL)"


class AccountSignal(AppendOnly):
    """What an account did, as the system that saw it reports it: an intent spike (the intent
    provider), an event attended (the event app), a gift accepted (the gift platform), a product
    usage surge (product analytics). Each starts the account's ABX clock of its kind."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="signals")
    kind = models.CharField(max_length=20, choices=SignalKind.choices)
    occurred_at = models.DateTimeField(help_text="The reporting system's time, or the server's.")
    received_at = models.DateTimeField(default=now)
    # The reporting system's own id: a re-posted signal is the same signal.
    external_id = models.CharField(max_length=100, null=True, blank=True, unique=True)
    detail = models.CharField(max_length=2000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            # The account's signals, newest first, under the account in the admin.
            models.Index(fields=["account", "-occurred_at"], name="signal_by_account")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.occurred_at:%Y-%m-%d %H:%M}"


class Meeting(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        HELD = "held", "Held"
        NO_SHOW = "no_show", "No-show"
        CANCELLED = "cancelled", "Cancelled"

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=30, default="discovery")
    starts_at = models.DateTimeField()
    meeting_url = models.URLField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    booked_at = models.DateTimeField(default=now, editable=False)
    status_changed_at = models.DateTimeField(default=now, editable=False)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]

    def __str__(self):
        return f"{self.kind} {self.starts_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"


class LeadTransition(AppendOnly):
    """The lead's immutable history: every state change, who made it, why."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=now)
    reason_code = models.CharField(max_length=30, blank=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["lead", "at"], name="transition_by_lead")]

    def __str__(self):
        return f"{self.from_state} → {self.to_state} ({self.name})"
