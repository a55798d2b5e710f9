"""Writes to the charter. Views, admin actions, API, commands and tasks all call these."""

from datetime import datetime, time

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from slaportal.fsm import TransitionRefused, unmet

from . import default_v1, in_force
from .models import (
    CONTENT_MODELS,
    SIGN_OFF_FUNCTION_OF_ROLE,
    BusinessCalendar,
    CharterEdit,
    CharterVersion,
    SignOff,
    Weekday,
    WeeklyHours,
    editing_as,
)

DEFAULT_CALENDAR_NAME = "Business hours 08:00–18:00 prospect-local"


@transaction.atomic
def ensure_default_calendar() -> BusinessCalendar:
    """The seeds' business hours: Monday to Friday 08:00–18:00 in the prospect's zone, US
    public holidays closed. Idempotent; an existing calendar of that name is left as edited."""
    calendar, created = BusinessCalendar.objects.get_or_create(
        name=DEFAULT_CALENDAR_NAME,
        defaults={"default_timezone": "America/New_York", "holiday_country": "US"},
    )
    if created:
        WeeklyHours.objects.bulk_create(
            WeeklyHours(calendar=calendar, weekday=day, opens=time(8), closes=time(18))
            for day in (
                Weekday.MONDAY,
                Weekday.TUESDAY,
                Weekday.WEDNESDAY,
                Weekday.THURSDAY,
                Weekday.FRIDAY,
            )
        )
    return calendar


def _require(user, permission: str, doing: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(f"You may not {doing}.")


def _locked(version: CharterVersion) -> CharterVersion:
    return CharterVersion.objects.select_for_update().get(pk=version.pk)


def _audit(version: CharterVersion, user, action: str, changes: dict | None = None) -> None:
    with editing_as(user):
        version.record_edit(action, None, changes or {})


@transaction.atomic
def start_draft(
    author, *, based_on: CharterVersion | None = None, change_notes: str = ""
) -> CharterVersion:
    """A new draft, empty or holding a copy of every row of `based_on`."""
    _require(author, "charter.add_charterversion", "start a charter draft")
    last = CharterVersion.objects.select_for_update().order_by("-number").first()
    draft = CharterVersion.objects.create(
        number=(last.number + 1) if last else 1,
        author=author,
        based_on=based_on,
        change_notes=change_notes,
    )
    if based_on:
        with editing_as(author):
            copy_contents(based_on, draft)
    _audit(
        draft,
        author,
        CharterEdit.Action.DRAFTED,
        {"based_on": [None, based_on.number]} if based_on else {},
    )
    return draft


def copy_contents(source: CharterVersion, target: CharterVersion) -> None:
    """Copy every row of `source` into `target`, re-pointing links between rows."""
    copies: dict[tuple[type, int], object] = {}
    for model in CONTENT_MODELS:
        for row in model.objects.filter(version=source).order_by("pk"):
            original_pk = row.pk
            row.pk = row.id = None
            row._state.adding = True
            row._loaded = None
            row.version = target
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model in CONTENT_MODELS:
                    linked = getattr(row, field.attname)
                    if linked is not None:
                        setattr(row, field.name, copies[field.related_model, linked])
            row.save()
            copies[model, original_pk] = row


@transaction.atomic
def submit_for_review(version: CharterVersion, user) -> CharterVersion:
    _require(user, "charter.change_charterversion", "submit a charter version for review")
    version = _locked(version)
    if reasons := unmet(version.submit_for_review):
        raise TransitionRefused(f"Charter v{version.number} cannot go to review yet.", reasons)
    version.submit_for_review()
    version.save()
    _audit(version, user, CharterEdit.Action.SUBMITTED, {"state": ["draft", "in_review"]})
    return version


@transaction.atomic
def sign_off(version: CharterVersion, user) -> SignOff:
    """Record the signature of a Marketing, SDR or Sales leader on a version in review."""
    function = SIGN_OFF_FUNCTION_OF_ROLE.get(user.role)
    if function is None or not user.has_perm("charter.sign_off_charterversion"):
        raise PermissionDenied("Only Marketing, SDR and Sales leaders sign off the charter.")
    version = _locked(version)
    if version.state != CharterVersion.State.IN_REVIEW:
        raise TransitionRefused(
            f"Charter v{version.number} is {version.get_state_display().lower()}.",
            ["a version in review"],
        )
    signed = {sign_off.function: sign_off for sign_off in version.sign_offs.all()}
    if any(sign_off.signer_id == user.pk for sign_off in signed.values()):
        raise TransitionRefused("You have already signed this version.", [])
    if function in signed:
        raise TransitionRefused(
            f"{function.label} leadership has already signed this version "
            f"({signed[function].signer}).",
            [],
        )
    sign_off = SignOff.objects.create(version=version, function=function, signer=user)
    _audit(version, user, CharterEdit.Action.SIGNED, {"sign_off": [None, function.label]})
    return sign_off


@transaction.atomic
def publish(
    version: CharterVersion, user, *, effective_from: datetime | None = None
) -> CharterVersion:
    """Publish a signed-off version to take effect now or at `effective_from`."""
    _require(user, "charter.publish_charterversion", "publish the charter (RevOps does)")
    version = _locked(version)
    now = timezone.now()
    version.effective_from = effective_from or now
    if reasons := unmet(version.publish):
        raise TransitionRefused(f"Charter v{version.number} cannot be published yet.", reasons)
    version.published_at, version.published_by = now, user
    version.publish()
    version.save()
    _audit(
        version,
        user,
        CharterEdit.Action.PUBLISHED,
        {
            "state": ["in_review", "published"],
            "effective_from": [None, str(version.effective_from)],
        },
    )
    supersede_replaced_versions()
    transaction.on_commit(in_force.forget)
    return version


@transaction.atomic
def supersede_replaced_versions() -> list[CharterVersion]:
    """Mark superseded every published version a later one has replaced. Idempotent; beat
    runs it every minute so a version scheduled for later takes over on time."""
    active = CharterVersion.objects.active()
    if active is None:
        return []
    superseded = []
    for version in CharterVersion.objects.select_for_update().filter(
        state=CharterVersion.State.PUBLISHED, effective_from__lt=active.effective_from
    ):
        version.supersede()
        version.save()
        _audit(version, None, CharterEdit.Action.SUPERSEDED, {"state": ["published", "superseded"]})
        superseded.append(version)
    return superseded


@transaction.atomic
def ensure_default_charter(author, signers) -> CharterVersion:
    """Publish the default charter v1, signed by `signers`, unless a charter already exists.

    Idempotent: with any version present it changes nothing and returns the version in force.
    """
    existing = CharterVersion.objects.order_by("number").first()
    if existing:
        return CharterVersion.objects.active() or existing
    draft = start_draft(author, change_notes=default_v1.CHANGE_NOTES)
    with editing_as(author):
        default_v1.load_default_charter(draft, ensure_default_calendar())
    submit_for_review(draft, author)
    for signer in signers:
        sign_off(draft, signer)
    return publish(draft, author)
