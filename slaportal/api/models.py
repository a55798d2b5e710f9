import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class Scope(models.TextChoices):
    """What an integration token may do."""

    CHARTER_READ = "charter:read", "Read the charter"
    LEADS_READ = "leads:read", "Read leads"
    LEADS_INTAKE = "leads:intake", "Post leads and intent actions (marketing platform, forms)"
    LEADS_WRITE = "leads:write", "Move leads through their lifecycle"
    ACTIVITIES_WRITE = "activities:write", "Post activities (dialer, sequencer)"
    MEETINGS_WRITE = "meetings:write", "Post meetings (calendar)"
    SIGNALS_WRITE = (
        "signals:write",
        "Post account signals (marketing platform, intent provider, event app, gift platform, "
        "product analytics)",
    )
    OPPORTUNITIES_READ = "opportunities:read", "Read opportunities"
    OPPORTUNITIES_WRITE = "opportunities:write", "Change opportunities"
    BREACHES_READ = "breaches:read", "Read breaches"
    BREACHES_WRITE = "breaches:write", "Acknowledge and resolve breaches"
    SCOREBOARD_READ = "scoreboard:read", "Read the scoreboard (marketing platform, BI tools)"


LAST_USE_PRECISION = timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def authenticate(self, key: str) -> "ApiToken | None":
        """The live token for `key`, None for unknown or revoked keys. Its last use is recorded
        to the minute, not written on every call."""
        token = self.filter(key_digest=_digest(key), revoked_at__isnull=True).first()
        now = timezone.now()
        if token and (token.last_used_at is None or now - token.last_used_at > LAST_USE_PRECISION):
            token.last_used_at = now
            type(token).objects.filter(pk=token.pk).update(last_used_at=now)
        return token


class ApiToken(models.Model):
    """A bearer token for an integration. Only a digest is stored; the key is shown once."""

    name = models.CharField(max_length=100, help_text="Which integration uses it.")
    prefix = models.CharField(max_length=8, editable=False, help_text="To recognise the key.")
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API token"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, name: str, scopes: list[str], created_by) -> tuple["ApiToken", str]:
        """A new token and its key; the key is not stored and cannot be shown again."""
        token = cls(name=name, scopes=sorted(scopes), created_by=created_by)
        key = token.set_new_key()
        token.save()
        return token, key

    def set_new_key(self) -> str:
        key = secrets.token_urlsafe(32)
        self.prefix, self.key_digest = key[:8], _digest(key)
        return key

    def allows(self, scope: str) -> bool:
        return scope in self.scopes


def person_behind(caller):
    """The signed-in person making a request, or None for an integration's token."""
    return None if isinstance(caller, ApiToken) else caller


def recorded_time(caller, occurred_at, now):
    """When a thing happened: a system of record's timestamp (an integration's, or the portal's
    own when no one calls) is kept; a person is dated by the server, never backdated."""
    return occurred_at if occurred_at and person_behind(caller) is None else now
