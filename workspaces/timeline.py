"""One timeline of a lead or an opportunity: what it did, what was done to it, and what its
clocks said, newest first. A query per kind of record, each bounded: a long-lived lead shows
its latest entries, not its whole life."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.formats import date_format
from django.utils.timezone import localtime

from escalations.models import Breach, Clock

SHOWN = 100


def local(moment: datetime) -> str:
    """An instant as the viewer reads it: in their zone (the page's active one)."""
    return date_format(localtime(moment), "D j M Y, H:i T")


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # the CSS class of the entry: intent, touch, meeting, transition, clock, breach
    text: str
    actor: object = None


def _clock_entries(subject_type: str, subject_id: int) -> list[Entry]:
    entries = []
    for clock in Clock.objects.of(subject_type, subject_id).order_by("-started_at")[:SHOWN]:
        entries.append(Entry(clock.started_at, "clock", f"Clock started: {clock.name}"))
        if clock.stopped_at:
            entries.append(
                Entry(
                    clock.stopped_at, "clock", f"Clock {clock.get_status_display()}: {clock.name}"
                )
            )
    return entries


def _breach_entries(subject_type: str, subject_id: int) -> list[Entry]:
    entries = []
    breaches = Breach.objects.filter(subject_type=subject_type, subject_id=subject_id)
    for breach in breaches.select_related("acknowledged_by", "resolved_by")[:SHOWN]:
        entries.append(Entry(breach.breached_at, "breach", f"Breach: {breach.name}"))
        if breach.acknowledged_at:
            entries.append(
                Entry(
                    breach.acknowledged_at, "breach", "Breach acknowledged", breach.acknowledged_by
                )
            )
        if breach.resolved_at:
            entries.append(
                Entry(
                    breach.resolved_at,
                    "breach",
                    f"Breach resolved: {breach.root_cause}",
                    breach.resolved_by,
                )
            )
    return entries


def _touch_entries(touches) -> list[Entry]:
    return [
        Entry(
            touch.occurred_at,
            "touch",
            f"{touch.get_channel_display()} — {touch.get_outcome_display()}"
            + (f": {touch.notes}" if touch.notes else ""),
            touch.actor,
        )
        for touch in touches.select_related("actor")[:SHOWN]
    ]


def _newest(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda entry: entry.at, reverse=True)[:SHOWN]


def lead_timeline(lead) -> list[Entry]:
    entries = [
        Entry(action.occurred_at, "intent", f"Intent: {action.code} (+{action.points})")
        for action in lead.actions.all()[:SHOWN]
    ]
    entries += _touch_entries(lead.activities)
    for meeting in lead.meetings.select_related("booked_by").order_by("-booked_at")[:SHOWN]:
        entries.append(
            Entry(
                meeting.booked_at,
                "meeting",
                f"Meeting booked ({meeting.kind}) for {local(meeting.starts_at)}",
                meeting.booked_by,
            )
        )
        if meeting.status != meeting.Status.BOOKED:
            entries.append(
                Entry(
                    meeting.status_changed_at, "meeting", f"Meeting {meeting.get_status_display()}"
                )
            )
    entries += [
        Entry(
            change.at,
            "transition",
            f"{change.from_state} → {change.to_state} ({change.name}"
            + (f", {change.reason_code}" if change.reason_code else "")
            + ")",
            change.actor,
        )
        for change in lead.transitions.select_related("actor").order_by("-at")[:SHOWN]
    ]
    return _newest(entries + _clock_entries("lead", lead.pk) + _breach_entries("lead", lead.pk))


def opportunity_timeline(opportunity) -> list[Entry]:
    """Its histories (stages entered, next steps, close-date and amount changes), its touches
    and meetings, and what its clocks said."""
    entries = [
        Entry(entry.entered_at, "transition", f"Entered {entry.get_stage_display()}", entry.actor)
        for entry in opportunity.stage_entries.select_related("actor").order_by("-entered_at")[
            :SHOWN
        ]
    ]
    entries += [
        Entry(step.logged_at, "next-step", f"Next step: {step}", step.logged_by)
        for step in opportunity.next_steps.select_related("logged_by")[:SHOWN]
    ]
    entries += [
        Entry(
            change.changed_at,
            "close-date",
            f"Close date {change.old:%Y-%m-%d} → {change.new:%Y-%m-%d}"
            + (" (pushed)" if change.is_push else " (pulled in)"),
            change.changed_by,
        )
        for change in opportunity.close_date_changes.select_related("changed_by").order_by(
            "-changed_at"
        )[:SHOWN]
    ]
    entries += [
        Entry(
            change.changed_at,
            "amount",
            f"Amount {change.old} → {change.new} ({change.percent_of_original:+}% of original)",
            change.changed_by,
        )
        for change in opportunity.amount_changes.select_related("changed_by").order_by(
            "-changed_at"
        )[:SHOWN]
    ]
    entries += _touch_entries(opportunity.activities)
    entries += [
        Entry(
            meeting.booked_at,
            "meeting",
            f"{meeting.get_kind_display()} booked for {local(meeting.starts_at)}"
            + (
                ""
                if meeting.status == meeting.Status.BOOKED
                else f" ({meeting.get_status_display()})"
            ),
        )
        for meeting in opportunity.meetings.order_by("-booked_at")[:SHOWN]
    ]
    return _newest(
        entries
        + _clock_entries("opportunity", opportunity.pk)
        + _breach_entries("opportunity", opportunity.pk)
    )
