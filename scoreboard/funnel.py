"""The lead funnel, projected from domain events into `LeadFunnel` rows.

Subscribed to every event (in the change's own transaction, so the scoreboard is never behind
what it counts), and replayed from the event log by `rebuild` — the same code either way, so
the rows are what the log says. Each gate is the first time it was passed since the lead last
became an MQL: a touch logged before that instant, or a second acceptance, changes nothing.

Cost: an MQL intake (became MQL, routed) writes its row in one INSERT; a later gate is one
conditional UPDATE; every other event (scored, action recorded, meetings…) none.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction

from leads.models import Lead
from leads.rules import rules_of
from slaportal.charter.models import BusinessCalendar
from slaportal.events import DomainEvent, Event
from slaportal.events.models import EventRecord

from .models import LeadFunnel

# Marketing's commitment: Sales is told of an MQL within two business hours (001).
HAND_OVER_WINDOW = timedelta(hours=2)
REPLAY_CHUNK = 2000

# Gates an event passes: the funnel field it dates the first time, and the code it names.
_GATES = {
    Event.LEAD_ACCEPTED: ("accepted_at", None),
    Event.LEAD_REJECTED: ("rejected_at", "rejection_code"),
    Event.LEAD_CALL_CONNECTED: ("connected_at", None),
    Event.LEAD_AE_ACCEPTED: ("converted_at", None),
    Event.LEAD_AE_REJECTED: ("ae_rejected_at", "ae_rejection_code"),
    Event.LEAD_RECYCLED: ("recycled_at", None),
    Event.LEAD_DISQUALIFIED: ("disqualified_at", None),
}
PROJECTED = frozenset(
    {
        Event.LEAD_BECAME_MQL,
        Event.LEAD_ROUTED,
        Event.LEAD_ACTIVITY_LOGGED,
        Event.LEAD_QUALIFIED,
        *_GATES,
    }
)
_UPDATED_ON_CONFLICT = [
    field.name for field in LeadFunnel._meta.concrete_fields if not field.primary_key
]


def project(events: Iterable[DomainEvent]) -> None:
    """Bring the funnel rows of the events' leads up to date with them, in order."""
    fresh: dict[int, LeadFunnel] = {}
    for event in events:
        if event.subject_type != "lead" or event.name not in PROJECTED:
            continue
        if event.name == Event.LEAD_BECAME_MQL:
            fresh[event.subject_id] = _new_cycle(event)
            continue
        row = fresh.get(event.subject_id)
        change = _change(event, row.mql_at if row else None)
        if change is None:
            continue
        gate, fields = change
        if row is not None:
            if event.occurred_at >= row.mql_at and (gate is None or getattr(row, gate) is None):
                for name, value in fields.items():
                    setattr(row, name, value)
            continue
        rows = LeadFunnel.objects.filter(pk=event.subject_id, mql_at__lte=event.occurred_at)
        if gate is not None:
            rows = rows.filter(**{f"{gate}__isnull": True})
        rows.update(**fields)
    if fresh:
        LeadFunnel.objects.bulk_create(
            fresh.values(),
            update_conflicts=True,
            unique_fields=["lead"],
            update_fields=_UPDATED_ON_CONFLICT,
        )


def _new_cycle(event: DomainEvent) -> LeadFunnel:
    context = event.data
    return LeadFunnel(
        lead_id=event.subject_id,
        account_id=context["account"],
        sdr_id=context["owner"],
        ae_id=context["ae"],
        tier=context["tier"],
        source=context["qualifying_action"],
        account_tier=context["account_tier"] or "",
        quality=context["tier"] == 1 or context.get("persona") == Lead.Persona.BUYER,
        enriched=bool(context.get("enriched")),
        mql_at=event.occurred_at,
    )


def _change(event: DomainEvent, mql_at) -> tuple[str | None, dict] | None:
    """(the gate's field, or None if not a first-time gate; the fields to set) for `event`."""
    context, at = event.data, event.occurred_at
    if event.name in _GATES:
        gate, code_field = _GATES[event.name]
        fields = {gate: at}
        if code_field:
            fields[code_field] = context.get("reason_code") or ""
        if event.name == Event.LEAD_AE_ACCEPTED:
            fields["ae_id"] = context["ae"]
        return gate, fields
    if event.name == Event.LEAD_ROUTED:
        return "routed_at", {
            "routed_at": at,
            "sdr_id": context["owner"],
            "notified_in_time": _in_time(event, mql_at),
        }
    if event.name == Event.LEAD_ACTIVITY_LOGGED:
        if context.get("purpose", "touch") != "touch":
            return None
        return "first_touch_at", {"first_touch_at": at}
    if event.name == Event.LEAD_QUALIFIED:
        # RevOps handing an SQL to another AE is no second SQL: only its AE changes.
        if context.get("reassigned"):
            return None, {"ae_id": context["ae"]}
        return "qualified_at", {"qualified_at": at, "ae_id": context["ae"]}
    return None


def _in_time(routed: DomainEvent, mql_at) -> bool | None:
    if mql_at is None:
        mql_at = (
            LeadFunnel.objects.filter(pk=routed.subject_id).values_list("mql_at", flat=True).first()
        )
    if mql_at is None or routed.charter_version_id is None:
        return None
    calendar = BusinessCalendar.current(rules_of(routed.charter_version_id).calendar_id)
    deadline = calendar.engine(routed.data["timezone"]).add(mql_at, HAND_OVER_WINDOW)
    return routed.occurred_at <= deadline


@transaction.atomic
def rebuild() -> int:
    """The funnel anew from the event log; the number of leads in it."""
    LeadFunnel.objects.all().delete()
    records = EventRecord.objects.filter(subject_type="lead", name__in=PROJECTED).order_by("id")
    batch: list[DomainEvent] = []
    for record in records.iterator(chunk_size=REPLAY_CHUNK):
        batch.append(record.as_event())
        if len(batch) == REPLAY_CHUNK:
            project(batch)
            batch = []
    project(batch)
    return LeadFunnel.objects.count()
