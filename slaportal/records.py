"""Bases for records that several apps keep: things that happened, written once.

Leads and opportunities both keep append-only histories and touches (calls, e-mails, LinkedIn
messages); the shapes live here so neither app borrows the other's.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.timezone import now


class AppendOnly(models.Model):
    """A record of something that happened: written once, never edited or deleted."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(f"{self._meta.verbose_name} records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(f"{self._meta.verbose_name} records cannot be deleted.")


class Touch(AppendOnly):
    """A call, e-mail or LinkedIn message, dated by the dialer (integrations) or the server."""

    class Channel(models.TextChoices):
        CALL = "call", "Call"
        EMAIL = "email", "Email"
        LINKEDIN = "linkedin", "LinkedIn"

    class Outcome(models.TextChoices):
        CONNECTED = "connected", "Connected"
        VOICEMAIL = "voicemail", "Voicemail"
        NO_ANSWER = "no_answer", "No answer"
        SENT = "sent", "Sent"
        REPLIED = "replied", "Replied"
        BOUNCED = "bounced", "Bounced"

    class Purpose(models.TextChoices):
        TOUCH = "touch", "Outreach touch"
        INTRO = "intro", "Three-way intro e-mail (SDR introduces the AE)"

    channel = models.CharField(max_length=10, choices=Channel.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.TOUCH)
    occurred_at = models.DateTimeField(help_text="The dialer's timestamp, or the server's.")
    received_at = models.DateTimeField(default=now)
    notes = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # The foreign key of the concrete touch to what it was made on (a lead, an opportunity).
    subject_field: str

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.get_channel_display()} {self.get_outcome_display().lower()}"

    @classmethod
    def record(
        cls,
        subject,
        caller,
        *,
        channel,
        outcome,
        occurred_at,
        notes="",
        purpose=Purpose.TOUCH,
        rep=None,
    ):
        """A touch on `subject`, dated by the system of record that posts it, else by the
        server (a person never backdates); made by the person posting, or by the `rep` a
        dialer names. The subject's last activity moves with it. The caller has locked
        `subject`."""
        from slaportal.api.models import person_behind, recorded_time

        now = timezone.now()
        at = recorded_time(caller, occurred_at, now)
        touch = cls.objects.create(
            **{cls.subject_field: subject},
            channel=channel,
            outcome=outcome,
            purpose=purpose,
            occurred_at=at,
            received_at=now,
            notes=notes,
            actor=person_behind(caller) or rep,
        )
        subject.last_activity_at = max(filter(None, [subject.last_activity_at, at]))
        subject.save(update_fields=["last_activity_at"])
        return touch
