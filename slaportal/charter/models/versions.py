"""Charter versions: draft → in review → published → superseded, signed off by three leaders.

Published and superseded versions are frozen: neither the version nor any of its rows can
change (`VersionedRow` refuses at the model and queryset layers). Every edit of a row is
written to `CharterEdit` with who made it and what changed, field by field; an edit to a
version in review sends it back to draft and clears its sign-offs.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from slaportal.fsm import TransitionRefused, gate
from slaportal.org.roles import Role

_editor: ContextVar = ContextVar("charter_editor", default=None)
# How far in the past "now" may be when a version is published to take effect immediately.
PUBLISH_CLOCK_SKEW = timedelta(minutes=1)


@contextmanager
def editing_as(user):
    """Attribute the charter edits made inside the block to `user` in the audit trail."""
    token = _editor.set(user)
    try:
        yield
    finally:
        _editor.reset(token)


class CharterVersionFrozen(ValidationError):
    def __init__(self, version: "CharterVersion"):
        super().__init__(
            f"Charter v{version.number} is {version.get_state_display().lower()}: published and "
            f"superseded versions cannot be changed. Start a new draft from it instead."
        )


class CharterVersionQuerySet(models.QuerySet):
    def taken_effect(self, at: datetime):
        return self.filter(state__in=CharterVersion.FROZEN_STATES, effective_from__lte=at)

    def active(self, at: datetime | None = None) -> "CharterVersion | None":
        """The version in force at `at` (default now): the latest to have taken effect."""
        return self.taken_effect(at or timezone.now()).order_by("-effective_from").first()

    def latest_published(self) -> "CharterVersion | None":
        """The last version published, in force or scheduled to take over: what publishing
        another version replaces, and what a draft must be based on to be published."""
        published = self.filter(state__in=CharterVersion.FROZEN_STATES)
        return published.order_by("-effective_from").first()

    def scheduled(self, at: datetime | None = None):
        return self.filter(
            state=CharterVersion.State.PUBLISHED, effective_from__gt=at or timezone.now()
        )


class SignOffFunction(models.TextChoices):
    MARKETING = "marketing", "Marketing"
    SDR = "sdr", "SDR"
    SALES = "sales", "Sales"


# Whose signature counts for which function: the leaders of Marketing, SDR and Sales.
SIGN_OFF_FUNCTION_OF_ROLE = {
    Role.VP_MARKETING: SignOffFunction.MARKETING,
    Role.SDR_MANAGER: SignOffFunction.SDR,
    Role.VP_SALES: SignOffFunction.SALES,
    Role.AE_MANAGER: SignOffFunction.SALES,
}


@gate
def _described(version: "CharterVersion"):
    if not version.change_notes.strip():
        yield "change notes saying what this version changes"


@gate
def _signed_off_by_every_function(version: "CharterVersion"):
    signed = set(version.sign_offs.values_list("function", flat=True))
    for function in SignOffFunction:
        if function not in signed:
            yield f"sign-off from {function.label} leadership"


@gate
def _takes_effect_after_every_published_version(version: "CharterVersion"):
    if version.effective_from is None:
        yield "an effective-from instant"
        return
    if version.effective_from < timezone.now() - PUBLISH_CLOCK_SKEW:
        yield "an effective-from that is not in the past"
    latest = (
        CharterVersion.objects.filter(state__in=CharterVersion.FROZEN_STATES)
        .exclude(pk=version.pk)
        .order_by("-effective_from")
        .first()
    )
    if latest and version.effective_from <= latest.effective_from:
        yield (
            f"an effective-from after v{latest.number}'s "
            f"({latest.effective_from:%Y-%m-%d %H:%M %Z})"
        )


@gate
def _replaced_by_a_later_version(version: "CharterVersion"):
    active = CharterVersion.objects.active()
    if active is None or active.effective_from <= version.effective_from:
        yield "a later version that has taken effect"


@gate
def _every_row_valid(version: "CharterVersion"):
    """The code reads charter rows by key (a target state, an element, a stage): a row the
    admin's own validation refuses must not be published, whatever wrote it."""
    from .contents import CONTENT_MODELS

    for model in CONTENT_MODELS:
        # The database holds references and constraints; the rest is checked here, without a
        # query per reference.
        references = [f.name for f in model._meta.concrete_fields if f.many_to_one]
        rows = model.objects.filter(version=version).select_related(*references)
        for row in rows.order_by("pk"):
            try:
                row.full_clean(
                    exclude=references, validate_unique=False, validate_constraints=False
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    where = "" if field == "__all__" else f" ({field.replace('_', ' ')})"
                    for message in messages:
                        yield f"a valid {model._meta.verbose_name} {row}{where}: {message}"


@gate
def _based_on_the_latest_published_version(version: "CharterVersion"):
    """Publishing a draft started from an older version would silently undo what the versions
    published since changed: it must be rebased first (`charter.services.rebase`)."""
    if latest := version.rebase_target():
        yield (
            f"a rebase onto v{latest.number}, the latest published version "
            f"(this draft was started from v{version.based_on.number})"
        )


def _may_publish(version: "CharterVersion", user) -> bool:
    return user.has_perm("charter.publish_charterversion")


class CharterVersion(ConcurrentTransitionMixin, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    FROZEN_STATES = (State.PUBLISHED, State.SUPERSEDED)

    number = models.PositiveIntegerField(unique=True, editable=False)
    state = FSMField(choices=State.choices, default=State.DRAFT, protected=True)
    effective_from = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When this version takes over once published; it may lie in the future.",
    )
    change_notes = models.TextField(blank=True, help_text="What this version changes, and why.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = CharterVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        permissions = [
            ("publish_charterversion", "Can publish a charter version"),
            ("sign_off_charterversion", "Can sign off a charter version"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["draft", "in_review"])
                | models.Q(effective_from__isnull=False, published_at__isnull=False),
                name="charter_published_has_effective_from",
            ),
            # Exactly one version is active at any instant: no two take effect together.
            models.UniqueConstraint(
                fields=["effective_from"],
                condition=models.Q(state__in=["published", "superseded"]),
                name="charter_one_version_takes_effect_per_instant",
            ),
        ]
        indexes = [
            # Used by CharterVersion.objects.active(), on every clock the SLA engine starts.
            models.Index(
                fields=["-effective_from"],
                condition=models.Q(state__in=["published", "superseded"]),
                name="charter_in_force_lookup",
            )
        ]

    def __str__(self):
        return f"Charter v{self.number} ({self.get_state_display().lower()})"

    def save(self, *args, **kwargs):
        # Of a frozen version only the state may still move (published → superseded).
        loaded = getattr(self, "_loaded", None)
        if loaded and loaded[0] and loaded[1:] != self._content()[1:]:
            raise CharterVersionFrozen(self)
        super().save(*args, **kwargs)
        self._loaded = self._content()

    def delete(self, *args, **kwargs):
        if self.is_frozen:
            raise CharterVersionFrozen(self)
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        version = super().from_db(db, field_names, values)
        version._loaded = version._content()
        return version

    def _content(self) -> tuple:
        return (self.state in self.FROZEN_STATES, self.change_notes, self.effective_from)

    @property
    def is_frozen(self) -> bool:
        return self.state in self.FROZEN_STATES

    # Transitions hold only the state change and its gates; services do the rest.

    def rebase_target(self) -> "CharterVersion | None":
        """The version this draft must be rebased onto before it can go to review or be
        published: the latest published one, when it is not the version the draft was started
        from. None for published versions, empty drafts and drafts already up to date."""
        if self.is_frozen or self.based_on_id is None:
            return None
        latest = CharterVersion.objects.latest_published()
        if latest is None or latest.pk == self.based_on_id:
            return None
        return latest

    def compared_by_default(self) -> "CharterVersion | None":
        """What Compare shows this version against unless told otherwise: for a draft or a
        version in review, the latest published version (the version in force, or the one
        scheduled to take over), which publishing it would replace; for a published version,
        the version it was started from."""
        if not self.is_frozen and (latest := CharterVersion.objects.latest_published()):
            return latest
        return self.based_on

    def sign_off_refusal(self, user) -> "PermissionDenied | TransitionRefused | None":
        """Why `user` may not sign this version now, or None if they may: the one rule the
        sign-off service enforces and the admin's "Sign off" button follows."""
        function = SIGN_OFF_FUNCTION_OF_ROLE.get(getattr(user, "role", None))
        if function is None or not user.has_perm("charter.sign_off_charterversion"):
            return PermissionDenied("Only Marketing, SDR and Sales leaders sign off the charter.")
        if self.state != self.State.IN_REVIEW:
            return TransitionRefused(
                f"Charter v{self.number} is {self.get_state_display().lower()}.",
                ["a version in review"],
            )
        signed = {s.function: s for s in self.sign_offs.select_related("signer")}
        if any(sign_off.signer_id == user.pk for sign_off in signed.values()):
            return TransitionRefused("You have already signed this version.", [])
        if function in signed:
            return TransitionRefused(
                f"{function.label} leadership has already signed this version "
                f"({signed[function].signer}).",
                [],
            )
        return None

    def may_sign_off(self, user) -> bool:
        return self.sign_off_refusal(user) is None

    @transition(
        state,
        source=State.DRAFT,
        target=State.IN_REVIEW,
        conditions=[_described, _based_on_the_latest_published_version],
    )
    def submit_for_review(self):
        pass

    @transition(state, source=State.IN_REVIEW, target=State.DRAFT)
    def return_to_draft(self):
        pass

    @transition(
        state,
        source=State.IN_REVIEW,
        target=State.PUBLISHED,
        conditions=[
            _based_on_the_latest_published_version,
            _signed_off_by_every_function,
            _takes_effect_after_every_published_version,
            _every_row_valid,
        ],
        permission=_may_publish,
    )
    def publish(self):
        pass

    @transition(
        state,
        source=State.PUBLISHED,
        target=State.SUPERSEDED,
        conditions=[_replaced_by_a_later_version],
    )
    def supersede(self):
        pass

    def record_edit(self, action: str, subject: models.Model | None, changes: dict) -> None:
        """Audit an edit of this version; an edit in review sends it back to draft."""
        CharterEdit.objects.create(
            version=self,
            editor=_editor.get(),
            action=action,
            subject_type=subject._meta.verbose_name if subject else "version",
            subject_id=subject.pk if subject else self.pk,
            subject_repr=str(subject or self)[:200],
            changes=changes,
        )
        if action in CharterEdit.CONTENT_ACTIONS:
            self.sign_offs.all().delete()
            if self.state == self.State.IN_REVIEW:
                self.return_to_draft()
                self.save(update_fields=["state"])
                CharterEdit.objects.create(
                    version=self,
                    editor=_editor.get(),
                    action=CharterEdit.Action.RETURNED_TO_DRAFT,
                    subject_type="version",
                    subject_id=self.pk,
                    subject_repr=str(self),
                    changes={"state": ["in_review", "draft"]},
                )


class SignOff(models.Model):
    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="sign_offs")
    function = models.CharField(max_length=10, choices=SignOffFunction.choices)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "function"], name="sign_off_once_per_function"
            ),
            models.UniqueConstraint(fields=["version", "signer"], name="sign_off_once_per_person"),
        ]

    def __str__(self):
        return f"{self.get_function_display()}: {self.signer} at {self.signed_at:%Y-%m-%d %H:%M}"


class CharterEdit(models.Model):
    """The audit trail of the charter: who changed what, when, field by field."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        CHANGED = "changed", "Changed"
        DELETED = "deleted", "Deleted"
        DRAFTED = "drafted", "Draft started"
        SUBMITTED = "submitted", "Submitted for review"
        SIGNED = "signed", "Signed off"
        RETURNED_TO_DRAFT = "returned_to_draft", "Returned to draft"
        REBASED = "rebased", "Rebased"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    CONTENT_ACTIONS = (Action.CREATED, Action.CHANGED, Action.DELETED)

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="edits")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=20, choices=Action.choices)
    subject_type = models.CharField(max_length=100)
    subject_id = models.BigIntegerField(null=True)
    subject_repr = models.CharField(max_length=200)
    changes = models.JSONField(default=dict, help_text="field: [old, new]")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # Used by the version page's audit trail, newest first.
            models.Index(fields=["version", "-at"], name="charter_edit_by_version"),
        ]

    def __str__(self):
        who = self.editor or "system"
        action = self.get_action_display().lower()
        return f"{self.at:%Y-%m-%d %H:%M} {who} {action} {self.subject_repr}"


class VersionedRowQuerySet(models.QuerySet):
    """Bulk writes go row by row, so the freeze, the audit and the sign-off reset apply."""

    def update(self, **fields):
        count = 0
        for row in self:
            for name, value in fields.items():
                setattr(row, name, value)
            row.save()
            count += 1
        return count

    def delete(self):
        deleted = 0
        for row in self:
            row.delete()
            deleted += 1
        return deleted, {self.model._meta.label: deleted}


class VersionedRow(models.Model):
    """A row of a charter version: frozen with it, audited, and copied into new drafts.

    Subclasses declare `version = models.ForeignKey(CharterVersion, ...)` and their natural key
    (the fields that identify the same rule across versions, for copies and diffs).
    """

    natural_key_fields: ClassVar[tuple[str, ...]] = ("code",)

    objects = VersionedRowQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        version = self._editable_version()
        loaded = getattr(self, "_loaded", None)
        super().save(*args, **kwargs)
        now = self.audit_values()
        changes = {
            name: [_jsonable(loaded.get(name)) if loaded else None, _jsonable(value)]
            for name, value in now.items()
            if loaded is None or loaded.get(name) != value
        }
        if loaded is None or changes:
            action = CharterEdit.Action.CREATED if loaded is None else CharterEdit.Action.CHANGED
            version.record_edit(action, self, changes)
        self._loaded = now

    def delete(self, *args, **kwargs):
        version = self._editable_version()
        before = {name: [_jsonable(value), None] for name, value in self.audit_values().items()}
        pk = self.pk
        result = super().delete(*args, **kwargs)
        self.pk = pk  # for the audit row
        version.record_edit(CharterEdit.Action.DELETED, self, before)
        self.pk = None
        return result

    @classmethod
    def from_db(cls, db, field_names, values):
        row = super().from_db(db, field_names, values)
        row._loaded = row.audit_values()
        return row

    @classmethod
    def content_fields(cls) -> list[models.Field]:
        """The fields that make the rule: everything but the id and the version."""
        return [
            field
            for field in cls._meta.concrete_fields
            if not field.primary_key and field.name != "version"
        ]

    def natural_key(self) -> tuple:
        return tuple(getattr(self, name) for name in self.natural_key_fields)

    def audit_values(self) -> dict[str, object]:
        return {field.name: field.value_from_object(self) for field in self.content_fields()}

    def _editable_version(self) -> CharterVersion:
        version = CharterVersion.objects.get(pk=self.version_id)
        if version.is_frozen:
            raise CharterVersionFrozen(version)
        return version


def _jsonable(value):
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)
