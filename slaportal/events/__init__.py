"""Domain events: the one channel from the lifecycle (leads, pipeline) to the SLA engine.

`Event` is the catalogue of their names, documented in one place. Charter policies name them as
the start, stop, pause and resume events of their clocks, so a new SLA is a charter row
wherever the event it needs is listed here.

The lead and pipeline services `publish` after each change is saved, inside their transaction.
Every event is stored first (`models.EventRecord`: the durable log the clocks, the scoreboard
and the charter replay read), then handed to the handlers registered with `subscribe` (the SLA
engine), which run in that transaction too, so a clock never disagrees with the state it
watches. Handlers do no I/O: anything external is enqueued with `transaction.on_commit`.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from django.db import models


class Event(models.TextChoices):
    # Leads (subject: lead)
    LEAD_CREATED = "lead.created", "Lead created (inquiry)"
    LEAD_ACTION_RECORDED = "lead.action_recorded", "Intent action recorded"
    LEAD_SCORED = "lead.scored", "Lead scored (promoted or held)"
    LEAD_STATE_CHANGED = "lead.state_changed", "Lead changed state (any transition)"
    LEAD_BECAME_MQL = "lead.became_mql", "Lead became MQL"
    LEAD_ROUTED = "lead.routed", "Lead routed to an SDR"
    LEAD_ACCEPTED = "lead.accepted", "SDR accepted (SAL)"
    LEAD_REJECTED = "lead.rejected", "SDR rejected"
    LEAD_QUALIFIED = "lead.qualified", "Promoted to SQL"
    LEAD_RECYCLED = "lead.recycled", "Recycled"
    LEAD_DISQUALIFIED = "lead.disqualified", "Disqualified"
    LEAD_ACTIVITY_LOGGED = "lead.activity_logged", "Touch logged (call, email, LinkedIn)"
    LEAD_CALL_CONNECTED = "lead.call_connected", "Call connected"
    LEAD_SEQUENCE_ENROLLED = "lead.sequence_enrolled", "Enrolled in a sequence"
    LEAD_DISPOSITION_SET = "lead.disposition_set", "Disposition code applied"
    LEAD_MEETING_BOOKED = "lead.meeting_booked", "Meeting booked"
    LEAD_MEETING_HELD = "lead.meeting_held", "Meeting held"
    LEAD_MEETING_NO_SHOW = "lead.meeting_no_show", "Meeting no-show"
    LEAD_MEETING_CANCELLED = "lead.meeting_cancelled", "Meeting cancelled"
    LEAD_INTRO_SENT = "lead.intro_sent", "Three-way intro e-mail sent"
    LEAD_AE_ACCEPTED = "lead.ae_accepted", "AE accepted the SQL"
    LEAD_AE_REJECTED = "lead.ae_rejected", "AE rejected the SQL"
    LEAD_AE_TOUCHED = "lead.ae_touched", "AE made personal contact"
    # Accounts (subject: account; ABX)
    ACCOUNT_INTENT_SPIKE = "account.intent_spike", "Account intent spike (MQA)"
    ACCOUNT_EVENT_ATTENDED = "account.event_attended", "Event attendee or booth scan"
    ACCOUNT_GIFT_ACCEPTED = "account.gift_accepted", "Direct mail or gift accepted"
    ACCOUNT_USAGE_SURGE = "account.usage_surge", "Product usage surge (PQL)"
    ACCOUNT_ENGAGED = "account.engaged", "Account engaged (touch by SDR or AE)"
    # Opportunities (subject: opportunity)
    OPPORTUNITY_OPENED = "opportunity.opened", "Opportunity opened"
    OPPORTUNITY_STAGE_ENTERED = "opportunity.stage_entered", "Stage entered"
    OPPORTUNITY_STAGE_LEFT = "opportunity.stage_left", "Stage left"
    OPPORTUNITY_NEXT_STEP_LOGGED = "opportunity.next_step_logged", "Next step logged"
    OPPORTUNITY_ACTIVITY_LOGGED = "opportunity.activity_logged", "Activity logged"
    OPPORTUNITY_MEETING_BOOKED = "opportunity.meeting_booked", "Meeting booked"
    OPPORTUNITY_MEETING_HELD = "opportunity.meeting_held", "Meeting held"
    OPPORTUNITY_EB_MEETING_BOOKED = "opportunity.eb_meeting_booked", "EB meeting booked"
    OPPORTUNITY_SUCCESS_PLAN_AGREED = (
        "opportunity.success_plan_agreed",
        "Mutual success plan agreed",
    )
    OPPORTUNITY_PROPOSAL_SENT = "opportunity.proposal_sent", "Proposal sent"
    OPPORTUNITY_CLOSE_DATE_CHANGED = "opportunity.close_date_changed", "Close date changed"
    OPPORTUNITY_AMOUNT_CHANGED = "opportunity.amount_changed", "Amount changed"
    OPPORTUNITY_CLOSED = "opportunity.closed", "Closed (won or lost)"
    OPPORTUNITY_LOST = "opportunity.lost", "Closed lost"
    OPPORTUNITY_WIN_LOSS_RECORDED = "opportunity.win_loss_recorded", "Win-loss feedback recorded"
    # The SLA engine's own (subject: the breach's lead, account or opportunity)
    BREACH_RESOLVED = "sla.breach_resolved", "SLA breach resolved with a root cause"


@dataclass(frozen=True)
class DomainEvent:
    """Something that happened to a lead, account or opportunity, as its subscribers see it.

    `data` carries what a clock needs to decide without reading the database (the subject's
    state, tier, owner, stage, account…): the same event replayed later decides the same way.
    `id` is given only by a producer that may deliver the same event again (an integration's
    own id); a re-delivered event is recorded once and changes nothing.
    """

    name: Event
    subject_type: str  # "lead", "account" or "opportunity"
    subject_id: int
    occurred_at: datetime
    actor_id: int | None = None
    data: dict = field(default_factory=dict)
    id: UUID | None = None
    charter_version_id: int | None = None
    log_id: int | None = None  # its row in the event log, once stored


Handler = Callable[[DomainEvent], None]
_handlers: dict[Event, list[Handler]] = defaultdict(list)


def subscribe(handler: Handler, *names: Event) -> None:
    """Register `handler` for `names` (every event when none is given); idempotent."""
    for name in names or tuple(Event):
        if handler not in _handlers[name]:
            _handlers[name].append(handler)


def unsubscribe(handler: Handler) -> None:
    for handlers in _handlers.values():
        if handler in handlers:
            handlers.remove(handler)


def publish(event: DomainEvent) -> DomainEvent | None:
    """Store the event in the log, then hand it to its subscribers, all in the caller's
    transaction. A re-delivered event (an id already in the log) is dropped: None."""
    from .models import EventRecord

    recorded = EventRecord.record(event)
    if recorded is None:
        return None
    for handler in list(_handlers[recorded.name]):
        handler(recorded)
    return recorded


def publish_about(
    subject, name: Event, at: datetime, actor=None, *, event_id: UUID | None = None, **data
) -> DomainEvent | None:
    """Publish `name` about a lead, account or opportunity (its model name is the type), with
    the subject's own context (`subject.event_context()`: what a clock decides on)."""
    context = subject.event_context() if hasattr(subject, "event_context") else {}
    if clash := context.keys() & data.keys():
        raise ValueError(f"{name} would overwrite the subject's own {', '.join(sorted(clash))}")
    return publish(
        DomainEvent(
            name=name,
            subject_type=subject._meta.model_name,
            subject_id=subject.pk,
            occurred_at=at,
            actor_id=actor.pk if actor else None,
            data={**context, **data},
            id=event_id,
        )
    )
