"""The SLA engine's records: clocks, what fell due on them, breaches, escalations, notifications.

A clock keeps the rules it started under (its charter version's watch and a snapshot of its
business calendar) and one precomputed `next_due_at`, the instant its next item falls due:
the sweep finds due clocks by that column alone (a partial index holds only the due-able ones).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from slaportal.charter.models import CalendarSnapshot, CharterVersion, HygieneTrigger, Policy
from slaportal.events.models import EventRecord
from slaportal.fsm import gate
from slaportal.org.models import Team

from . import clockwork as cw


class ClockQuerySet(models.QuerySet):
    def open(self):
        return self.filter(stopped_at__isnull=True)

    def of(self, subject_type: str, subject_id: int):
        return self.filter(subject_type=subject_type, subject_id=subject_id)

    def due(self, now):
        return self.filter(next_due_at__lte=now).order_by("next_due_at")


class Clock(models.Model):
    """One start of one policy (or hygiene trigger) on one lead, opportunity or account."""

    class Status(models.TextChoices):
        RUNNING = cw.Status.RUNNING, "Running"
        PAUSED = cw.Status.PAUSED, "Paused"
        MET = cw.Status.MET, "Met"
        MISSED = cw.Status.MISSED, "Missed (target passed, no breach)"
        BREACHED = cw.Status.BREACHED, "Breached"
        CANCELLED = cw.Status.CANCELLED, "Cancelled (left the flow)"

    version = models.ForeignKey(CharterVersion, on_delete=models.PROTECT, related_name="+")
    watch_key = models.CharField(max_length=60, help_text="The rule it runs (escalations.rules).")
    code = models.CharField(max_length=80)
    name = models.CharField(max_length=300)
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, null=True, blank=True)
    trigger = models.ForeignKey(HygieneTrigger, on_delete=models.PROTECT, null=True, blank=True)
    subject_type = models.CharField(max_length=20)
    subject_id = models.BigIntegerField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    calendar = models.ForeignKey(CalendarSnapshot, on_delete=models.PROTECT, related_name="+")
    timezone = models.CharField(max_length=64)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField()
    target_at = models.DateTimeField()
    warn_at = models.DateTimeField(null=True, blank=True)
    breach_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    done = models.JSONField(default=list, help_text="The items already recorded, in order.")
    next_due_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    started_by = models.ForeignKey(
        EventRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    stopped_by = models.ForeignKey(
        EventRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    breach = models.ForeignKey(
        "Breach", on_delete=models.PROTECT, null=True, blank=True, related_name="clocks"
    )
    created_at = models.DateTimeField(default=now)

    objects = ClockQuerySet.as_manager()

    # What moves as a clock runs (the rest is fixed when it starts).
    PROGRESS = (
        "status",
        "target_at",
        "warn_at",
        "breach_at",
        "paused_at",
        "stopped_at",
        "done",
        "next_due_at",
        "breach",
        "stopped_by",
    )

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            # One open clock per rule and subject: a second start event while it runs is not a
            # second clock (a start event that also stops it restarts it).
            models.UniqueConstraint(
                fields=["code", "subject_type", "subject_id"],
                condition=Q(stopped_at__isnull=True),
                name="clock_one_open_per_code_and_subject",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in cw.Status]), name="clock_status_known"
            ),
            models.CheckConstraint(
                condition=Q(policy__isnull=True) | Q(trigger__isnull=True),
                name="clock_runs_a_policy_or_a_trigger",
            ),
        ]
        indexes = [
            # The sweep: due clocks by their next due instant; only the open ones have one.
            models.Index(
                fields=["next_due_at"], condition=Q(next_due_at__isnull=False), name="clock_due"
            ),
            # Each event stops, pauses or resumes the open clocks of its subject.
            models.Index(
                fields=["subject_type", "subject_id"],
                condition=Q(stopped_at__isnull=True),
                name="clock_open_by_subject",
            ),
            # A lead's or opportunity's clocks in the API and on its page.
            models.Index(
                fields=["subject_type", "subject_id", "-started_at"], name="clock_by_subject"
            ),
            # The scoreboard's clock compliance: a policy's clocks started in a period, with
            # what decides met or not (an index-only scan).
            models.Index(
                fields=["code", "started_at"],
                include=["status", "target_at", "owner"],
                name="clock_compliance",
            ),
        ]

    def __str__(self):
        return f"{self.code} on {self.subject_type} {self.subject_id} ({self.status})"

    @property
    def course(self) -> cw.Course:
        return cw.Course(
            started_at=self.started_at,
            due=cw.Deadlines(self.target_at, self.warn_at, self.breach_at),
            status=cw.Status(self.status),
            done=tuple(self.done),
            paused_at=self.paused_at,
            stopped_at=self.stopped_at,
        )

    def follow(self, course: cw.Course, next_due_at) -> None:
        """Take on `course` (not saved)."""
        self.status = course.status
        self.target_at, self.warn_at, self.breach_at = (
            course.due.target_at,
            course.due.warn_at,
            course.due.breach_at,
        )
        self.paused_at, self.stopped_at = course.paused_at, course.stopped_at
        self.done, self.next_due_at = list(course.done), next_due_at


class Milestone(models.Model):
    """A warning point, a missed target or a breach, recorded once when it fell due."""

    class Kind(models.TextChoices):
        WARNING = cw.WARNING, "Warning point reached"
        TARGET = cw.TARGET, "Target missed"
        BREACH = cw.BREACH, "Breach"

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_at = models.DateTimeField()
    recorded_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(fields=["clock", "kind"], name="milestone_once_per_clock")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.due_at:%Y-%m-%d %H:%M}"


class BreachQuerySet(models.QuerySet):
    def unresolved(self):
        return self.exclude(status=Breach.Status.RESOLVED)


def _root_cause_given(breach: "Breach"):
    if not breach.root_cause.strip():
        yield "a root cause: what made it happen"


class Breach(ConcurrentTransitionMixin, models.Model):
    """An SLA or hygiene rule broken on one subject, addressed to people along its ladder,
    acknowledged and resolved with a root cause. It stays on record when the subject is later
    handled."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RESOLVED = "resolved", "Resolved"

    code = models.CharField(max_length=80, help_text="The policy or trigger broken first.")
    name = models.CharField(max_length=300)
    concern = models.CharField(
        max_length=80, help_text="Rules that say the same thing share it: one notice per subject."
    )
    clock = models.ForeignKey(
        Clock, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    trigger = models.ForeignKey(HygieneTrigger, on_delete=models.PROTECT, null=True, blank=True)
    subject_type = models.CharField(max_length=20)
    subject_id = models.BigIntegerField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    breached_at = models.DateTimeField(help_text="When the rule was broken (the deadline).")
    detected_at = models.DateTimeField(default=now, help_text="When the sweep saw it.")
    required_action = models.CharField(max_length=200, blank=True)
    action_due_at = models.DateTimeField(null=True, blank=True)
    level = models.PositiveSmallIntegerField(default=0, help_text="The highest step reached.")
    escalated_to = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    status = FSMField(choices=Status.choices, default=Status.OPEN, protected=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    root_cause = models.TextField(blank=True)

    objects = BreachQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "breaches"
        ordering = ["-breached_at", "-id"]
        constraints = [
            # One notice per subject and concern while it is unresolved: a hygiene trigger and
            # a policy that watch the same thing tell people once.
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "concern"],
                condition=~Q(status="resolved"),
                name="breach_one_unresolved_per_concern",
            ),
        ]
        indexes = [
            # GET /api/v1/breaches?status=…, newest first, a page after a cursor.
            models.Index(fields=["status", "-id"], name="breach_by_status"),
            # A person's breaches (the owner filter, their own list).
            models.Index(fields=["owner", "-id"], name="breach_by_owner"),
            # A subject's breaches on its page.
            models.Index(fields=["subject_type", "subject_id"], name="breach_by_subject"),
            # The managers' breach list: unresolved ones (its default), oldest first…
            models.Index(
                fields=["breached_at", "id"],
                condition=~Q(status="resolved"),
                name="breach_unresolved_oldest",
            ),
            # …and of any status.
            models.Index(fields=["breached_at", "id"], name="breach_oldest"),
        ]

    def __str__(self):
        return f"{self.name} on {self.subject_type} {self.subject_id}"

    @transition(status, source=Status.OPEN, target=Status.ACKNOWLEDGED)
    def acknowledge(self):
        pass

    @transition(
        status,
        source=[Status.OPEN, Status.ACKNOWLEDGED],
        target=Status.RESOLVED,
        conditions=[gate(_root_cause_given)],
    )
    def resolve(self):
        pass


class Escalation(models.Model):
    """One rung of a ladder reached: who was told, when, and what they must do."""

    clock = models.ForeignKey(
        Clock, on_delete=models.PROTECT, null=True, blank=True, related_name="escalations"
    )
    breach = models.ForeignKey(
        Breach, on_delete=models.PROTECT, null=True, blank=True, related_name="escalations"
    )
    step = models.PositiveSmallIntegerField()
    roles = models.JSONField(default=list)
    action = models.CharField(max_length=200, blank=True)
    due_at = models.DateTimeField(help_text="When the step fell due.")
    created_at = models.DateTimeField(default=now)
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")

    class Meta:
        ordering = ["due_at", "step"]
        constraints = [
            models.UniqueConstraint(
                fields=["clock", "step"],
                condition=Q(clock__isnull=False),
                name="escalation_step_once_per_clock",
            ),
            # A trigger fired by an event (close date pushed twice) has no clock.
            models.UniqueConstraint(
                fields=["breach", "step"],
                condition=Q(clock__isnull=True),
                name="escalation_step_once_per_breach",
            ),
        ]

    def __str__(self):
        return f"Step {self.step} of {self.clock or self.breach}"


class NotificationQuerySet(models.QuerySet):
    def to_deliver(self, now):
        """Waiting for a delivery attempt, or claimed by one that never finished (a sending
        row's `next_attempt_at` is the end of its claim)."""
        return self.filter(
            Q(relayed_at__isnull=True) | Q(relayed_at__lte=now - settings.SLA_RELAY_GRACE),
            status__in=[Notification.Status.PENDING, Notification.Status.SENDING],
            next_attempt_at__lte=now,
        )

    def inbox(self, user):
        return self.filter(channel=Notification.Channel.IN_APP, recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One escalation — or another notice, named by its `topic` (a commitment missed, the
    daily flash) — told on one channel to one address (a person, or a team's channel), written
    in its cause's transaction and delivered once after it commits."""

    class Channel(models.TextChoices):
        IN_APP = "in_app", "In the portal"
        EMAIL = "email", "E-mail"
        SLACK = "slack", "Slack"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (gave up)"

    escalation = models.ForeignKey(
        Escalation, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    topic = models.CharField(
        max_length=80, blank=True, help_text="What a notice not of an escalation is about."
    )
    link = models.CharField(max_length=200, blank=True, help_text="The page it is about.")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    address = models.CharField(max_length=40, help_text="user:<id>, team:<id> or slack.")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # When the relay last handed it to the broker: not again within the grace, so a backlog
    # the workers have not reached yet is not enqueued anew on every sweep.
    relayed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["escalation", "channel", "address"], name="notification_once_per_address"
            ),
            models.UniqueConstraint(
                fields=["topic", "channel", "address"],
                condition=Q(escalation__isnull=True),
                name="notification_once_per_topic",
            ),
            models.CheckConstraint(
                condition=Q(escalation__isnull=False) | ~Q(topic=""),
                name="notification_has_a_cause",
            ),
        ]
        indexes = [
            # The sweep's relay: deliveries waiting, or whose worker died mid-way.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="notification_to_deliver",
            ),
            # A person's in-portal notifications, newest first.
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(channel="in_app"),
                name="notification_inbox",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} to {self.address}: {self.subject}"
