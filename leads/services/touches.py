"""Touches and meetings on a lead, dated by the system of record, and cadence progress."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from slaportal.api.models import Scope, person_behind
from slaportal.charter.models import BusinessCalendar
from slaportal.events import Event, publish_about
from slaportal.fsm import TransitionRefused

from ..models import Activity, Lead, Meeting
from ..rules import rules_in_force
from .access import may_work


@transaction.atomic
def log_activity(
    lead: Lead, caller, *, channel: str, outcome: str, occurred_at: datetime | None, notes=""
) -> Activity:
    """A touch, timestamped by the dialer (tokens) or by the server (people)."""
    if not may_work(caller, lead, Scope.ACTIVITIES_WRITE):
        raise PermissionDenied("You may not log touches on this lead.")
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    activity = Activity.record(
        lead, caller, channel=channel, outcome=outcome, occurred_at=occurred_at, notes=notes
    )
    at, actor = activity.occurred_at, activity.actor
    publish_about(lead, Event.LEAD_ACTIVITY_LOGGED, at, actor, channel=channel, outcome=outcome)
    if channel == Activity.Channel.CALL and outcome == Activity.Outcome.CONNECTED:
        publish_about(lead, Event.LEAD_CALL_CONNECTED, at, actor)
    return activity


@transaction.atomic
def book_meeting(lead: Lead, caller, *, starts_at: datetime, meeting_url: str, kind="discovery"):
    if not may_work(caller, lead, Scope.MEETINGS_WRITE):
        raise PermissionDenied("You may not book meetings on this lead.")
    actor = person_behind(caller)
    meeting = Meeting.objects.create(
        lead=lead, starts_at=starts_at, meeting_url=meeting_url, kind=kind, booked_by=actor
    )
    publish_about(lead, Event.LEAD_MEETING_BOOKED, meeting.booked_at, actor, meeting=meeting.pk)
    return meeting


_MEETING_EVENTS = {
    Meeting.Status.HELD: Event.LEAD_MEETING_HELD,
    Meeting.Status.NO_SHOW: Event.LEAD_MEETING_NO_SHOW,
    Meeting.Status.CANCELLED: Event.LEAD_MEETING_CANCELLED,
}


def settle_meeting(meeting, status: str) -> None:
    """Held, no-show or cancelled: only a booked meeting has an outcome, and only once. For
    the meetings of leads and of opportunities alike (the caller has locked the row)."""
    if meeting.status != Meeting.Status.BOOKED:
        raise TransitionRefused(
            f"The meeting is already {meeting.get_status_display().lower()}.", ["a booked meeting"]
        )
    meeting.status, meeting.status_changed_at = status, timezone.now()
    meeting.save(update_fields=["status", "status_changed_at"])


@transaction.atomic
def record_meeting_outcome(meeting: Meeting, caller, status: str) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("lead").get(pk=meeting.pk)
    if not may_work(caller, meeting.lead, Scope.MEETINGS_WRITE):
        raise PermissionDenied("You may not change meetings of this lead.")
    settle_meeting(meeting, status)
    publish_about(
        meeting.lead,
        _MEETING_EVENTS[status],
        meeting.status_changed_at,
        person_behind(caller),
        meeting=meeting.pk,
    )
    return meeting


def cadence_progress(lead: Lead) -> dict | None:
    """Touches made against the tier's cadence since the lead was routed."""
    if not lead.tier or not lead.routed_at:
        return None
    rules = rules_in_force()
    plan = rules.cadences.get(lead.tier)
    if plan is None:
        return None
    calendar = BusinessCalendar.objects.get(pk=rules.calendar_id).engine(lead.timezone)
    touches = lead.activities.filter(occurred_at__gte=lead.routed_at).count()
    ends_at = calendar.add_days(lead.routed_at, plan.over_business_days)
    return {
        "tier": lead.tier,
        "touches": touches,
        "planned_touches": plan.touches,
        "over_business_days": plan.over_business_days,
        "ends_at": ends_at,
        "complete": touches >= plan.touches,
        "behind": touches < plan.touches and timezone.now() >= ends_at,
    }
