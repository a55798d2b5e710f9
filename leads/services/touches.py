"""Working a lead: touches (and what they tell: the three-way intro, the AE's first contact,
an engaged account), sequences, dispositions and meetings, dated by the system of record; and
cadence progress."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from slaportal.api.models import Scope, person_behind, recorded_time
from slaportal.charter.models import BusinessCalendar
from slaportal.events import Event, publish_about
from slaportal.fsm import TransitionRefused
from slaportal.records import Touch

from ..models import Account, Activity, Lead, Meeting
from ..rules import rules_in_force
from .access import may_work

# A three-way intro introduces the prospect to the AE: only an SQL has one.
INTRO_STATES = (Lead.State.SQL, Lead.State.CONVERTED)


def _locked(lead: Lead, caller, refusal: str) -> Lead:
    """The lead, locked, if the caller works it (a token: with the activities:write right)."""
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if not may_work(caller, lead, Scope.ACTIVITIES_WRITE):
        raise PermissionDenied(refusal)
    return lead


@transaction.atomic
def log_activity(
    lead: Lead,
    caller,
    *,
    channel: str,
    outcome: str,
    occurred_at: datetime | None,
    notes="",
    purpose=Activity.Purpose.TOUCH,
    rep=None,
) -> Activity:
    """A touch, timestamped by the dialer (tokens) or by the server (people), by the person
    posting or the `rep` the dialer names. An intro (an e-mail introducing the SQL's AE) is the
    lead's three-way intro: every one (an SQL the AE sent back and re-qualified has its own)."""
    lead = _locked(lead, caller, "You may not log touches on this lead.")
    if purpose == Activity.Purpose.INTRO and lead.state not in INTRO_STATES:
        raise TransitionRefused(
            "A three-way intro introduces the prospect to the AE the SQL was handed to.",
            [f"an SQL with its AE (the lead is {lead.get_state_display()})"],
        )
    activity = Activity.record(
        lead,
        caller,
        channel=channel,
        outcome=outcome,
        occurred_at=occurred_at,
        notes=notes,
        purpose=purpose,
        rep=rep,
    )
    at, actor = activity.occurred_at, activity.actor
    publish_about(
        lead,
        Event.LEAD_ACTIVITY_LOGGED,
        at,
        actor,
        channel=channel,
        outcome=outcome,
        purpose=purpose,
    )
    if channel == Activity.Channel.CALL and outcome == Activity.Outcome.CONNECTED:
        publish_about(lead, Event.LEAD_CALL_CONNECTED, at, actor)
    if purpose == Activity.Purpose.INTRO:
        lead.intro_sent_at = at
        lead.save(update_fields=["intro_sent_at"])
        publish_about(lead, Event.LEAD_INTRO_SENT, at, actor)
    note_touch(activity, lead.account, lead)
    return activity


def note_touch(touch: Touch, account: Account, lead: Lead | None) -> None:
    """What a touch tells beyond itself, made on a lead or on its opportunity alike: the lead's
    AE touching a lead they accepted is the AE's first personal contact (the first time), and a
    touch by an SDR or an AE engages the account. The caller has saved the touch."""
    at, actor = touch.occurred_at, touch.actor
    # A conditional update claims the first contact: two touches at once cannot both be it.
    if (
        lead is not None
        and actor is not None
        and Lead.objects.filter(
            pk=lead.pk, ae=actor, state=Lead.State.CONVERTED, ae_touched_at__isnull=True
        ).update(ae_touched_at=at)
    ):
        lead.ae_touched_at = at
        publish_about(lead, Event.LEAD_AE_TOUCHED, at, actor)
    subject = touch.subject_field
    publish_about(
        account,
        Event.ACCOUNT_ENGAGED,
        at,
        actor,
        **{subject: getattr(touch, f"{subject}_id")},
        channel=touch.channel,
    )


@transaction.atomic
def enroll_in_sequence(lead: Lead, caller, *, sequence: str, occurred_at: datetime | None) -> Lead:
    """The sequencer enrolled the lead in one of its sequences (dated by the sequencer; a
    person's enrolment by the server)."""
    lead = _locked(lead, caller, "You may not enrol this lead in a sequence.")
    at = recorded_time(caller, occurred_at, timezone.now())
    lead.sequence, lead.sequence_enrolled_at = sequence, at
    lead.save(update_fields=["sequence", "sequence_enrolled_at"])
    publish_about(lead, Event.LEAD_SEQUENCE_ENROLLED, at, person_behind(caller), sequence=sequence)
    return lead


@transaction.atomic
def set_disposition(
    lead: Lead, caller, *, code: str, notes: str = "", occurred_at: datetime | None
) -> Lead:
    """The standard disposition of the lead's latest work, a code of the charter's disposition
    taxonomy (the API's schema checked it), with call notes or a recording link."""
    lead = _locked(lead, caller, "You may not set the disposition of this lead.")
    at = recorded_time(caller, occurred_at, timezone.now())
    lead.disposition, lead.disposition_notes, lead.disposition_at = code, notes, at
    lead.save(update_fields=["disposition", "disposition_notes", "disposition_at"])
    publish_about(lead, Event.LEAD_DISPOSITION_SET, at, person_behind(caller), code=code)
    return lead


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
    return cadence_progress_of([lead]).get(lead.pk)


def cadence_progress_of(leads) -> dict[int, dict]:
    """`cadence_progress` of many leads (a queue page) in one query: lead id → progress."""
    working = [lead for lead in leads if lead.tier and lead.routed_at]
    if not working:
        return {}
    rules = rules_in_force()
    made = dict(
        Activity.objects.filter(
            lead__in=[lead.pk for lead in working], occurred_at__gte=F("lead__routed_at")
        )
        .values("lead")
        .annotate(touches=Count("pk"))
        .values_list("lead", "touches")
    )
    calendar = BusinessCalendar.current(rules.calendar_id)
    progress = {}
    for lead in working:
        plan = rules.cadences.get(lead.tier)
        if plan is not None:
            engine = calendar.engine(lead.timezone)
            progress[lead.pk] = _progress(lead, plan, made.get(lead.pk, 0), engine)
    return progress


def _progress(lead: Lead, plan, touches: int, engine) -> dict:
    """Where the lead is in its cadence; the next touch falls due on its even share of the
    cadence's business days (touch n of N on day ⌊(n − 1)·D / N⌋ after routing)."""
    ends_at = engine.add_days(lead.routed_at, plan.over_business_days)
    complete = touches >= plan.touches
    next_touch_due_at = (
        None
        if complete
        else engine.add_days(lead.routed_at, touches * plan.over_business_days // plan.touches)
        if touches
        else lead.routed_at
    )
    return {
        "tier": lead.tier,
        "touches": touches,
        "planned_touches": plan.touches,
        "over_business_days": plan.over_business_days,
        "ends_at": ends_at,
        "next_touch_due_at": next_touch_due_at,
        "complete": complete,
        "behind": not complete and timezone.now() >= ends_at,
    }
