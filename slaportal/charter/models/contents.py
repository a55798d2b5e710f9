"""What a charter version holds: every SLA, reason code, scoring rule and threshold as data.

Each row names its `source`: the seed table and row it comes from ("002 SLA master / SDR
Response — Tier 1"), so calibration can trace a rule to the agreement that made it.
"""

from django.core.exceptions import ValidationError
from django.db import models

from slaportal.events import Event
from slaportal.org.roles import Role

from .calendars import BusinessCalendar
from .versions import CharterVersion, VersionedRow


class DurationUnit(models.TextChoices):
    BUSINESS_MINUTES = "business_minutes", "business minutes"
    BUSINESS_HOURS = "business_hours", "business hours"
    BUSINESS_DAYS = "business_days", "business days"
    MINUTES = "minutes", "calendar minutes"
    HOURS = "hours", "calendar hours"
    DAYS = "days", "calendar days"
    # "Same business day as routing": by the close of the business day the clock started in.
    SAME_BUSINESS_DAY = "same_business_day", "by the close of the same business day"


def _duration(label: str, *, required: bool) -> tuple[models.Field, models.Field]:
    """An amount and its unit; both set or both empty."""
    return (
        models.PositiveIntegerField(label, null=not required, blank=not required),
        models.CharField(
            f"{label} unit", max_length=20, choices=DurationUnit.choices, blank=not required
        ),
    )


def _both_or_neither(prefix: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{prefix}_amount__isnull": True, f"{prefix}_unit": ""})
        | (models.Q(**{f"{prefix}_amount__isnull": False}) & ~models.Q(**{f"{prefix}_unit": ""})),
        name=name,
    )


def _source_field() -> models.CharField:
    return models.CharField(
        max_length=200, blank=True, help_text="The seed table and row this rule comes from."
    )


class Subject(models.TextChoices):
    LEAD = "lead", "Lead"
    ACCOUNT = "account", "Account"
    OPPORTUNITY = "opportunity", "Opportunity"


class AccountTier(models.TextChoices):
    A = "A", "Tier A"
    B = "B", "Tier B"
    C = "C", "Tier C"


class StageCode(models.TextChoices):
    """The pipeline's stages, as the opportunity state machine names them."""

    STAGE_1 = "stage_1", "Stage 1 — Discovery"
    STAGE_2 = "stage_2", "Stage 2 — Qualification"
    STAGE_3 = "stage_3", "Stage 3 — Evaluation"
    STAGE_4 = "stage_4", "Stage 4 — Proposal"
    STAGE_5 = "stage_5", "Stage 5 — Commit"


class LeadStateCode(models.TextChoices):
    """The lead lifecycle's states, as the lead state machine names them."""

    INQUIRY = "inquiry", "Inquiry"
    MQL = "mql", "MQL"
    SAL = "sal", "SAL"
    SQL = "sql", "SQL"
    CONVERTED = "converted", "Converted"
    REJECTED = "rejected", "Rejected"
    RECYCLED = "recycled", "Recycled"
    DISQUALIFIED = "disqualified", "Disqualified"
    ACCOUNT_TEAM = "account_team", "With the account team"
    ARBITRATION = "arbitration", "In RevOps arbitration"


# The states a policy's clock may be restricted to start in, by subject.
START_STATES = {
    "lead": LeadStateCode.values,
    "opportunity": StageCode.values,
    "account": [],
}
# Which subjects' events may start, and stop, a clock of each subject. A lead's clock may be
# stopped by its opportunity (opportunity creation, discovery); any clock by the SLA engine's
# own events (a breach resolved).
EVENT_SUBJECTS = {
    "lead": {"start": {"lead"}, "stop": {"lead", "opportunity", "sla"}},
    "opportunity": {"start": {"opportunity"}, "stop": {"opportunity", "sla"}},
    "account": {"start": {"account"}, "stop": {"account", "sla"}},
}


def event_subject(event: str) -> str:
    """The kind of subject an event of the catalogue is about ("lead.routed" → "lead")."""
    return event.split(".", 1)[0]


class LeadTier(models.IntegerChoices):
    TIER_1 = 1, "Tier 1 (hand-raise)"
    TIER_2 = 2, "Tier 2 (behavioural cluster)"
    TIER_3 = 3, "Tier 3 (ICP + intent)"


class Policy(VersionedRow):
    """An SLA clock: when it starts and stops, its target, breach, warning and escalations."""

    class AfterHours(models.TextChoices):
        NONE = "", "Business time only (no special rule)"
        AFTER_NEXT_OPEN = "after_next_open", "Within the amount after the next opening"
        BY_TIME_NEXT_BUSINESS_DAY = "by_time_next_day", "By a time on the next business day"

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="policies")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    subject = models.CharField(max_length=12, choices=Subject.choices)
    owner_role = models.CharField(max_length=20, choices=Role.choices)
    start_events = models.JSONField(
        default=list, help_text="Events that start the clock (one also in stop events restarts it)."
    )
    stop_events = models.JSONField(default=list, help_text="Events that meet the clock.")
    pause_events = models.JSONField(default=list, blank=True)
    resume_events = models.JSONField(default=list, blank=True)
    lead_tier = models.PositiveSmallIntegerField(choices=LeadTier.choices, null=True, blank=True)
    account_tier = models.CharField(max_length=1, choices=AccountTier.choices, blank=True)
    action = models.CharField(
        max_length=40, blank=True, help_text="Only leads whose qualifying action is this code."
    )
    stage = models.CharField(
        max_length=20, choices=StageCode.choices, blank=True, help_text="Only this stage."
    )
    start_states = models.JSONField(
        default=list,
        blank=True,
        help_text="Start only while the subject is in one of these states (a lead's states, an "
        "opportunity's stages); none: in any.",
    )
    first_start_only = models.BooleanField(
        default=False,
        help_text="Only the first start event a subject ever has starts this clock (e.g. the "
        "first attempt, not every touch).",
    )
    target_amount, target_unit = _duration("target", required=True)
    breach_amount, breach_unit = _duration("breach after", required=False)
    warn_amount, warn_unit = _duration("warn after", required=False)
    after_hours_rule = models.CharField(
        max_length=20, choices=AfterHours.choices, blank=True, default=AfterHours.NONE
    )
    after_hours_amount, after_hours_unit = _duration("after-hours allowance", required=False)
    after_hours_by = models.TimeField(
        null=True, blank=True, help_text="For “by a time on the next business day”, e.g. 10:00."
    )
    calendar = models.ForeignKey(
        BusinessCalendar,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="Business hours for business units; prospect-local.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Inactive policies are kept as editable alternatives; no clocks."
    )
    source = _source_field()

    class Meta:
        verbose_name_plural = "policies"
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"], name="policy_code_unique_in_version"
            ),
            _both_or_neither("breach", "policy_breach_amount_and_unit"),
            _both_or_neither("warn", "policy_warn_amount_and_unit"),
            _both_or_neither("after_hours", "policy_after_hours_amount_and_unit"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        errors = {}
        known = set(Event.values)
        subjects = EVENT_SUBJECTS.get(self.subject, {"start": set(), "stop": set()})
        for name in ("start_events", "stop_events", "pause_events", "resume_events"):
            events = getattr(self, name) or []
            allowed = subjects["start" if name == "start_events" else "stop"]
            unknown = [event for event in events if event not in known]
            foreign = [e for e in events if e in known and event_subject(e) not in allowed]
            if unknown:
                errors[name] = f"Unknown events: {', '.join(unknown)}."
            elif foreign:
                errors[name] = (
                    f"Not events of a {self.get_subject_display().lower()} (or what may stop "
                    f"its clock): {', '.join(foreign)}."
                )
        states = self.start_states or []
        if not isinstance(states, list) or set(states) - set(START_STATES.get(self.subject, [])):
            known_states = ", ".join(START_STATES.get(self.subject, [])) or "none"
            errors["start_states"] = f"States of this subject only: {known_states}."
        if not self.start_events:
            errors["start_events"] = "A clock needs at least one event that starts it."
        if not self.stop_events:
            errors["stop_events"] = "A clock needs at least one event that stops it."
        if bool(self.pause_events) != bool(self.resume_events):
            errors["resume_events"] = "Pause and resume events go together."
        # str(): clean() runs even when a unit has failed its own field check.
        units = (self.target_unit, self.breach_unit, self.warn_unit)
        if any(str(unit).startswith("business_") for unit in units) and not self.calendar_id:
            errors["calendar"] = "Business-time targets need a business calendar."
        if (
            self.after_hours_rule == self.AfterHours.AFTER_NEXT_OPEN
            and self.after_hours_amount is None
        ):
            errors["after_hours_amount"] = "Say how long after the next opening."
        if (
            self.after_hours_rule == self.AfterHours.BY_TIME_NEXT_BUSINESS_DAY
            and not self.after_hours_by
        ):
            errors["after_hours_by"] = "Say by what time on the next business day."
        if (
            self.action
            and self.version_id
            and not ScoringSignal.objects.filter(
                version_id=self.version_id, code=self.action, is_action=True
            ).exists()
        ):
            errors["action"] = f"“{self.action}” is not an intake action of this version."
        if errors:
            raise ValidationError(errors)


class EscalationStep(VersionedRow):
    """A rung of a policy's escalation ladder: who is told, how long past target or breach."""

    class Reference(models.TextChoices):
        WARNING = "warning", "past the warning point"
        TARGET = "target", "past the target"
        BREACH = "breach", "past the breach"

    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="escalation_steps"
    )
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="escalation_steps")
    order = models.PositiveSmallIntegerField()
    after_amount, after_unit = _duration("after", required=True)
    relative_to = models.CharField(max_length=10, choices=Reference.choices)
    notify_roles = models.JSONField(default=list, help_text="Roles told at this step.")
    action = models.CharField(max_length=200, blank=True)

    natural_key_fields = ("policy", "order")

    class Meta:
        ordering = ["version", "policy", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "order"], name="escalation_step_order_unique_in_policy"
            )
        ]

    def __str__(self):
        return f"{self.policy.code} step {self.order}"

    def natural_key(self) -> tuple:
        return (self.policy.code, self.order)

    def clean(self):
        if self.policy_id and self.version_id and self.policy.version_id != self.version_id:
            raise ValidationError("An escalation step belongs to its policy's version.")
        unknown = [role for role in self.notify_roles if role not in Role.values]
        if unknown or not self.notify_roles:
            raise ValidationError(
                {"notify_roles": "Name at least one role, from the portal's roles."}
            )


class HygieneTrigger(VersionedRow):
    """The opportunity escalation matrix: a condition, who is alerted, what must happen by when."""

    class Metric(models.TextChoices):
        NO_NEXT_STEP = "no_next_step", "Days without a logged next step"
        NO_ACTIVITY = "no_activity", "Business days without any activity"
        STAGE_AGE = "stage_age", "Days in the current stage beyond its maximum"
        CLOSE_DATE_PUSHES = "close_date_pushes", "Close-date pushes in the same quarter"
        AMOUNT_CHANGE = "amount_change", "Change of amount against the original estimate (%)"

    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="hygiene_triggers"
    )
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    condition = models.CharField(max_length=200)
    metric = models.CharField(max_length=20, choices=Metric.choices)
    threshold = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Days, pushes or percent; stage age uses the stage's limit.",
    )
    alert_roles = models.JSONField(default=list)
    required_action = models.CharField(max_length=200)
    deadline_amount, deadline_unit = _duration("deadline", required=True)
    same_concern_as = models.JSONField(
        default=list,
        blank=True,
        help_text="Codes of this version's policies that watch the same thing: while one of "
        "them or this trigger has an open breach on a deal, people are told once.",
    )
    source = _source_field()

    class Meta:
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"], name="hygiene_code_unique_in_version"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if not self.alert_roles or set(self.alert_roles) - set(Role.values):
            errors["alert_roles"] = "Name at least one role, from the portal's roles."
        if self.same_concern_as and self.version_id:
            known = set(
                Policy.objects.filter(version_id=self.version_id).values_list("code", flat=True)
            )
            if unknown := sorted(set(self.same_concern_as) - known):
                errors["same_concern_as"] = f"Not policies of this version: {', '.join(unknown)}."
        if errors:
            raise ValidationError(errors)


class Taxonomy(models.TextChoices):
    SDR_REJECTION = "sdr_rejection", "SDR rejection"
    AE_REJECTION = "ae_rejection", "AE rejection"
    RECYCLE = "recycle", "Recycle scenario"
    DISQUALIFICATION = "disqualification", "Disqualification"
    DISPOSITION = "disposition", "Disposition"
    WIN_LOSS = "win_loss", "Win-loss"


class ReasonCode(VersionedRow):
    """A code of a taxonomy, with the response it requires and the consequence applied."""

    class Suppression(models.TextChoices):
        NONE = "none", "None"
        DAYS = "days", "For a number of days"
        PERMANENT = "permanent", "Permanent"
        UNTIL_ENRICHED = "until_enriched", "Until enriched"

    class TargetState(models.TextChoices):
        """Where the code sends the lead: the lead states a reason can lead to."""

        OWN = "", "Where the transition itself goes"
        REJECTED = "rejected", "Rejected (back to Marketing)"
        RECYCLED = "recycled", "Recycled"
        DISQUALIFIED = "disqualified", "Disqualified"
        SAL = "sal", "Back to SAL, with the SDR"
        ARBITRATION = "arbitration", "RevOps arbitration"
        ACCOUNT_TEAM = "account_team", "The account team"

    class SideEffect(models.TextChoices):
        NONE = "", "None"
        SUPPRESS_CONTACT = "suppress_contact", "Suppress the contact from outreach"
        SUPPRESS_COMPANY = "suppress_company", "Suppress the company from MQL flow"
        SUPPRESS_DOMAIN = "suppress_domain", "Suppress the domain permanently"
        DO_NOT_ROUTE = "do_not_route", "Mark the contact do-not-route"
        ROUTE_TO_ACCOUNT_TEAM = "route_to_account_team", "Route to the account team or CS"
        ROUTE_TO_TERRITORY = "route_to_territory", "Re-route to the right territory or hold"
        DATA_CLEANUP = "data_cleanup", "Send to the data clean-up queue"
        REENGAGE_CONTACT = "reengage_contact", "SDR re-engages another contact at the account"
        RESCHEDULE = "reschedule", "SDR reschedules the meeting"
        REVOPS_ARBITRATION = "revops_arbitration", "RevOps arbitrates"
        NURTURE = "nurture", "Enrol in nurture"

    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="reason_codes"
    )
    taxonomy = models.CharField(max_length=20, choices=Taxonomy.choices)
    code = models.CharField(max_length=30)
    label = models.CharField(max_length=200)
    required_response = models.CharField(max_length=300, blank=True)
    reviewer_role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    target_state = models.CharField(
        max_length=20,
        choices=TargetState.choices,
        blank=True,
        help_text="Lifecycle state the code sends the lead to.",
    )
    suppression = models.CharField(
        max_length=20, choices=Suppression.choices, default=Suppression.NONE
    )
    suppression_days = models.PositiveIntegerField(null=True, blank=True)
    side_effect = models.CharField(max_length=30, choices=SideEffect.choices, blank=True)
    check_in_after_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="An SDR check-in is due this many days later."
    )
    re_mql_trigger = models.CharField(max_length=200, blank=True)
    source = _source_field()

    natural_key_fields = ("taxonomy", "code")

    class Meta:
        ordering = ["version", "taxonomy", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "taxonomy", "code"], name="reason_code_unique_in_taxonomy"
            ),
            models.CheckConstraint(
                condition=models.Q(suppression="days", suppression_days__gt=0)
                | (~models.Q(suppression="days") & models.Q(suppression_days__isnull=True)),
                name="reason_code_days_with_day_suppression",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.label}"


class ScoringSignal(VersionedRow):
    """A signal of the scoring model (Appendix B): its points and, for actions, its tier."""

    class Category(models.TextChoices):
        DEMOGRAPHIC = "demographic", "Demographic fit"
        HIGH_INTENT = "high_intent", "High-intent action"
        MEDIUM_INTENT = "medium_intent", "Medium-intent action"
        LOW_INTENT = "low_intent", "Low-intent action"
        DECAY = "decay", "Score decay"
        PENALTY = "penalty", "Penalty"

    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="scoring_signals"
    )
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)
    category = models.CharField(max_length=20, choices=Category.choices)
    points = models.IntegerField()
    action_tier = models.PositiveSmallIntegerField(
        choices=LeadTier.choices, null=True, blank=True, help_text="For intake actions."
    )
    is_action = models.BooleanField(
        default=False, help_text="May be posted as a lead's `action` by integrations."
    )
    inactivity_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="For decay: applies after this many days without activity."
    )
    note = models.CharField(max_length=200, blank=True)
    source = _source_field()

    class Meta:
        ordering = ["version", "category", "-points", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"], name="scoring_signal_unique_in_version"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.points:+d})"


class ScoringModel(VersionedRow):
    """The version's scoring thresholds and ICP definition (one per version)."""

    version = models.OneToOneField(
        CharterVersion, on_delete=models.CASCADE, related_name="scoring_model"
    )
    mql_threshold = models.PositiveSmallIntegerField(default=60)
    review_band_min = models.PositiveSmallIntegerField(
        default=40, help_text="Scores from here to below the threshold go to manager review."
    )
    icp_fit_minimum = models.PositiveSmallIntegerField(default=60)
    target_industries = models.JSONField(default=list)
    company_size_min = models.PositiveIntegerField(default=100)
    company_size_max = models.PositiveIntegerField(default=5000)
    buyer_title_patterns = models.JSONField(default=list, help_text="Economic buyer personas.")
    influencer_title_patterns = models.JSONField(default=list, help_text="Influencer personas.")
    role_email_prefixes = models.JSONField(
        default=list, help_text="Local parts that make an address role-based (info@, sales@…)."
    )
    tier1_actions_for_intent = models.PositiveSmallIntegerField(default=1)
    tier2_actions_for_intent = models.PositiveSmallIntegerField(default=3)
    source = _source_field()

    natural_key_fields = ()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_band_min__lt=models.F("mql_threshold")),
                name="scoring_review_band_below_threshold",
            ),
            models.CheckConstraint(
                condition=models.Q(company_size_min__lte=models.F("company_size_max")),
                name="scoring_company_size_range",
            ),
        ]

    def __str__(self):
        return f"Scoring model of v{self.version.number}"


class MqlCriterion(VersionedRow):
    """An MQL entry criterion; each is evaluated and stored per lead by the lifecycle."""

    class Code(models.TextChoices):
        ICP_FIT = "icp_fit", "ICP fit score"
        PERSONA = "persona", "Persona match"
        INTENT = "intent", "Behavioural intent"
        DATA_COMPLETE = "data_complete", "Data completeness"
        EMAIL_VALID = "email_valid", "Email validity"
        TERRITORY = "territory", "Territory coverage"

    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="mql_criteria"
    )
    code = models.CharField(max_length=20, choices=Code.choices)
    definition = models.CharField(max_length=200)
    minimum_bar = models.CharField(max_length=100)
    verified_by = models.CharField(max_length=100)
    source = _source_field()

    class Meta:
        verbose_name_plural = "MQL criteria"
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"], name="mql_criterion_unique_in_version"
            )
        ]

    def __str__(self):
        return self.get_code_display()


class QualificationElement(VersionedRow):
    """A MEDDPIC element: what the SDR must confirm and whether the SQL gate requires it."""

    class Code(models.TextChoices):
        """The elements the SQL gate knows how to check on a lead."""

        METRICS = "metrics", "Metrics"
        ECONOMIC_BUYER = "economic_buyer", "Economic Buyer"
        DECISION_CRITERIA = "decision_criteria", "Decision Criteria"
        DECISION_PROCESS = "decision_process", "Decision Process"
        PAPER_PROCESS = "paper_process", "Paper Process"
        IMPLICATE_PAIN = "implicate_pain", "Implicate Pain"
        CHAMPION = "champion", "Champion"
        PAIN_STATEMENT = "pain_statement", "Pain statement"
        TIMELINE = "timeline", "Timeline"
        MEETING_LINK = "meeting_link", "Meeting link"
        BOOKED_MEETING = "booked_meeting", "Booked meeting"
        BRIEFING_DOC = "briefing_doc", "Briefing document"

    class Gate(models.TextChoices):
        REQUIRED = "required", "Required"
        PREFERRED = "preferred", "Preferred (flagged to the AE)"
        OPTIONAL = "optional", "Optional"

    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="qualification_elements"
    )
    code = models.SlugField(max_length=30, choices=Code.choices)
    name = models.CharField(max_length=60)
    sdr_must_confirm = models.CharField(max_length=200)
    gate = models.CharField(max_length=10, choices=Gate.choices)
    if_not_confirmed = models.CharField(max_length=120)
    source = _source_field()

    class Meta:
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="meddpic_unique_in_version")
        ]

    def __str__(self):
        return self.name


class OpportunityStage(VersionedRow):
    """A pipeline stage: definition, maximum age, next-action SLA and close-date rule."""

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="stages")
    code = models.CharField(max_length=10, choices=StageCode.choices)
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=60)
    definition = models.CharField(max_length=200)
    max_age_days = models.PositiveSmallIntegerField()
    next_action = models.CharField(max_length=200)
    close_date_rule = models.CharField(max_length=200)
    close_within_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Close date must be within this many days of entry."
    )
    source = _source_field()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="stage_unique_in_version")
        ]

    def __str__(self):
        return self.name


class CadencePlan(VersionedRow):
    """The outreach cadence of a lead tier: so many touches over so many business days."""

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="cadences")
    tier = models.PositiveSmallIntegerField(choices=LeadTier.choices)
    trigger = models.CharField(max_length=200)
    touches = models.PositiveSmallIntegerField()
    over_business_days = models.PositiveSmallIntegerField()
    after_hours = models.CharField(max_length=120)
    then = models.CharField(max_length=60, default="recycle")
    source = _source_field()

    natural_key_fields = ("tier",)

    class Meta:
        ordering = ["version", "tier"]
        constraints = [
            models.UniqueConstraint(fields=["version", "tier"], name="cadence_unique_per_tier")
        ]

    def __str__(self):
        return (
            f"Tier {self.tier}: {self.touches} touches over {self.over_business_days} business days"
        )


class CadenceTouch(VersionedRow):
    """A touch of the multi-channel cadence and the tiers it applies to."""

    class Channel(models.TextChoices):
        PHONE = "call", "Phone"
        EMAIL = "email", "Email"
        LINKEDIN = "linkedin", "LinkedIn"

    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="cadence_touches"
    )
    number = models.PositiveSmallIntegerField()
    day = models.CharField(max_length=40)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    objective = models.CharField(max_length=200)
    tiers = models.JSONField(default=list, help_text="Lead tiers the touch applies to.")
    source = _source_field()

    natural_key_fields = ("number",)

    class Meta:
        verbose_name_plural = "cadence touches"
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="cadence_touch_unique")
        ]

    def __str__(self):
        return f"Touch {self.number}: {self.day}, {self.get_channel_display()}"

    def clean(self):
        if not self.tiers or set(self.tiers) - set(LeadTier.values):
            raise ValidationError({"tiers": "Name at least one lead tier: 1, 2 or 3."})


class Side(models.TextChoices):
    MARKETING = "marketing", "Marketing"
    SALES = "sales", "Sales"
    SHARED = "shared", "Shared"


class ScoreboardMetric(VersionedRow):
    """A metric of the joint scoreboard with its green / amber / red thresholds.

    `measure` says how the portal computes it (the scoreboard app holds one computation per
    measure); a clock-compliance metric names the policy whose clocks it counts, so an SLA
    added as a policy is put on the scoreboard by a row, not by code."""

    class Measure(models.TextChoices):
        CLOCK_COMPLIANCE = "clock_compliance", "Clocks of a policy met in time"
        LIVE_CONTACT = "live_contact", "MQLs with a live conversation"
        MQL_TO_SAL = "mql_to_sal", "MQLs accepted by the SDR team"
        SAL_TO_SQL = "sal_to_sql", "SALs promoted to SQL"
        SAL_TO_SQO_30D = "sal_to_sqo_30d", "Tier A SALs turned into opportunities within 30 days"
        NOTIFIED_2H = "notified_2h", "MQLs handed to Sales within 2 business hours"
        SQL_TO_OPPORTUNITY = "sql_to_opportunity", "SQLs converted to opportunities"
        MQL_QUALITY = "mql_quality", "MQLs not rejected by the SDR"
        QUALITY_MQL_TO_SAL_30D = "quality_mql_to_sal_30d", "Quality MQLs accepted within 30 days"
        BREACH_RATE = "breach_rate", "Leads and deals with a breach"
        ENRICHMENT = "enrichment", "MQLs enriched before routing"
        LOGGING_TIMELINESS = "logging_timeliness", "Touches logged within 30 minutes"
        TOUCHED_24H = "touched_24h", "MQLs touched within 24 hours of routing"
        TAL_COVERAGE = "tal_coverage", "Target accounts engaged by marketing"
        INTENT_COVERAGE = "intent_coverage", "Tier A target accounts with an intent signal"
        TIER1_CADENCE = "tier1_cadence", "Tier A accounts with coordinated touches"

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher", "Higher is better"
        LOWER_IS_BETTER = "lower", "Lower is better"

    class Cadence(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"

    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="scoreboard_metrics"
    )
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    definition = models.CharField(max_length=300)
    owner = models.CharField(max_length=10, choices=Side.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    green_from = models.DecimalField(
        max_digits=6, decimal_places=2, help_text="Green beyond this value (percent)."
    )
    red_from = models.DecimalField(
        max_digits=6, decimal_places=2, help_text="Red beyond this value the other way (percent)."
    )
    cadence = models.CharField(max_length=10, choices=Cadence.choices)
    measure = models.CharField(max_length=30, choices=Measure.choices)
    policies = models.CharField(
        max_length=300,
        blank=True,
        help_text="Clock compliance: the codes of the policies whose clocks count, separated by "
        "spaces.",
    )
    source = _source_field()

    class Meta:
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="metric_unique_in_version"),
            models.CheckConstraint(
                condition=models.Q(measure="clock_compliance", policies__gt="")
                | (~models.Q(measure="clock_compliance") & models.Q(policies="")),
                name="metric_policies_only_for_clock_compliance",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(direction="higher") & models.Q(green_from__gte=models.F("red_from"))
                )
                | (models.Q(direction="lower") & models.Q(green_from__lte=models.F("red_from"))),
                name="metric_amber_band_between_green_and_red",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def policy_codes(self) -> list[str]:
        return self.policies.split()

    def clean(self):
        if self.measure != self.Measure.CLOCK_COMPLIANCE or not self.version_id:
            return
        known = set(self.version.policies.values_list("code", flat=True))
        if unknown := [code for code in self.policy_codes if code not in known]:
            raise ValidationError(
                {"policies": f"Not a policy of this charter version: {', '.join(unknown)}."}
            )


class ReviewMeeting(VersionedRow):
    """A ritual of the operating cadence (flash report, revenue sync, calibration…)."""

    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="review_meetings"
    )
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=80)
    frequency = models.CharField(max_length=40)
    attendees = models.CharField(max_length=200)
    agenda = models.CharField(max_length=300)
    output = models.CharField(max_length=200)
    source = _source_field()

    class Meta:
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="meeting_unique_in_version")
        ]

    def __str__(self):
        return self.name


class Definition(VersionedRow):
    """A term the charter defines (glossary, SLA approaches), so both teams read it alike."""

    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="definitions"
    )
    code = models.SlugField(max_length=60)
    term = models.CharField(max_length=100)
    definition = models.TextField()
    source = _source_field()

    class Meta:
        ordering = ["version", "term"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="definition_unique_in_version")
        ]

    def __str__(self):
        return self.term


# In dependency order: a model comes after the content models it links to (copies re-point).
CONTENT_MODELS: tuple[type[VersionedRow], ...] = (
    Policy,
    EscalationStep,
    HygieneTrigger,
    ReasonCode,
    ScoringSignal,
    ScoringModel,
    MqlCriterion,
    QualificationElement,
    OpportunityStage,
    CadencePlan,
    CadenceTouch,
    ScoreboardMetric,
    ReviewMeeting,
    Definition,
)
