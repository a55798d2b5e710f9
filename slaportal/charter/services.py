"""Writes to the charter. Views, admin actions, API, commands and tasks all call these."""

from dataclasses import dataclass
from datetime import datetime, time

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from slaportal.fsm import TransitionRefused, unmet

from . import default_v1, diff, in_force
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
    """A new draft, empty or holding a copy of every row of `based_on`, a published (or
    superseded) version: a draft or a version in review may still change, and then what the
    new draft changed could no longer be told apart from what its base changed since."""
    _require(author, "charter.add_charterversion", "start a charter draft")
    if based_on is not None and not based_on.is_frozen:
        raise TransitionRefused(
            f"A draft cannot start from v{based_on.number}: it is "
            f"{based_on.get_state_display().lower()} and may still change.",
            ["a published or superseded version to start from"],
        )
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
    """Record the signature of a Marketing, SDR or Sales leader on a version in review
    (who may sign is `CharterVersion.sign_off_refusal`, which the admin's button follows)."""
    if not user.has_perm("charter.sign_off_charterversion"):
        raise PermissionDenied("Only Marketing, SDR and Sales leaders sign off the charter.")
    version = _locked(version)
    if refusal := version.sign_off_refusal(user):
        raise refusal
    function = SIGN_OFF_FUNCTION_OF_ROLE[user.role]
    sign_off = SignOff.objects.create(version=version, function=function, signer=user)
    _audit(version, user, CharterEdit.Action.SIGNED, {"sign_off": [None, function.label]})
    return sign_off


@dataclass
class Rebased:
    version: CharterVersion
    onto: CharterVersion
    started_from: CharterVersion
    taken: list[str]  # rows taken from `onto`: what it changed since the draft was started
    kept: list[str]  # rows the draft itself changed, kept as the draft has them


@transaction.atomic
def rebase(version: CharterVersion, user) -> Rebased:
    """Carry a draft's own changes onto the latest published version.

    The draft was started from an older version (its base). Every row the draft did not change
    (matched across versions by natural key, as Compare matches them) takes the latest
    version's row: added, changed or removed as it was there; every row the draft changed keeps
    the draft's. A row both changed differently, or one changed and the other removed, refuses
    the whole rebase, naming each such row, and nothing is written: RevOps makes the draft's row
    what it should be on top of the latest version (or back as it was in the base) and rebases
    again. Each row written is audited as any edit is (a version in review goes back to draft
    and loses its sign-offs when a row changes); the rebase itself is one more audit row."""
    _require(user, "charter.change_charterversion", "rebase a charter draft")
    version = _locked(version)
    onto = version.rebase_target()
    if onto is None:
        latest = CharterVersion.objects.latest_published()
        raise TransitionRefused(
            f"Charter v{version.number} needs no rebase.",
            [
                f"a draft started from a version older than v{latest.number}, the latest "
                "published version"
                if latest and not version.is_frozen and version.based_on_id
                else "a draft started from a published version"
            ],
        )
    base = version.based_on
    if not base.is_frozen:
        raise TransitionRefused(
            f"Charter v{version.number} cannot be rebased: v{base.number}, which it was started "
            f"from, is {base.get_state_display().lower()} and may have changed since.",
            [f"a new draft started from v{onto.number}"],
        )
    plan = diff.three_way(base, version, onto)
    if plan.conflicts:
        raise TransitionRefused(
            f"Charter v{version.number} cannot be rebased onto v{onto.number}: both changed "
            f"the same rows since v{base.number}. Make each of this draft's rows what it should "
            f"be on top of v{onto.number} (or as it was in v{base.number}), then rebase again.",
            [
                f"{c.model._meta.verbose_name} {c.key} (v{onto.number} {c.theirs}; "
                f"this draft {c.ours})"
                for c in plan.conflicts
            ],
        )
    version.based_on = onto
    version.save(update_fields=["based_on"])
    _audit(version, user, CharterEdit.Action.REBASED, {"based_on": [base.number, onto.number]})
    with editing_as(user):
        # Removals first, linked rows before the rows they link to; then additions and
        # changes, rows before the rows that link to them.
        for take in reversed(plan.takes):
            if take.theirs is None:
                take.ours.delete()
        draft_rows: dict = {}
        for take in plan.takes:
            if take.theirs is not None:
                _take_row(take, version, draft_rows)
    return Rebased(
        version=CharterVersion.objects.get(pk=version.pk),
        onto=onto,
        started_from=base,
        taken=[take.what for take in plan.takes],
        kept=[f"{model._meta.verbose_name} {key}" for model, key in plan.kept],
    )


def _take_row(take: diff.Take, version: CharterVersion, draft_rows: dict) -> None:
    """Make the draft's row (a new one if it has none) hold the later version's values; a row
    it links to is the draft's own row of the same natural key (taken before it, as
    CONTENT_MODELS orders linked rows first)."""
    row = take.ours or take.model(version=version)
    for model_field in take.model.content_fields():
        if model_field.is_relation and model_field.related_model in CONTENT_MODELS:
            linked = getattr(take.theirs, model_field.name)
            if linked is not None:
                linked_model = model_field.related_model
                if linked_model not in draft_rows:
                    draft_rows[linked_model] = diff.rows_by_key(linked_model, version)
                linked = draft_rows[linked_model][diff.row_key(linked)]
            setattr(row, model_field.name, linked)
        else:
            setattr(row, model_field.attname, getattr(take.theirs, model_field.attname))
    row.save()


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
