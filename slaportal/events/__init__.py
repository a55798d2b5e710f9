"""Domain events: the one channel from the lifecycle (leads, pipeline) to the SLA engine.

`Event` is the catalogue of their names, documented in one place. Charter policies name them as
the start, stop, pause and resume events of their clocks, so a new SLA is a charter row
wherever the event it needs is listed here.

The lead and pipeline services `publish` after each change is saved, inside their transaction.
Every event is stored first (`models.EventRecord`: the durable log the clocks, the scoreboard
and the charter replay read), then handed to the handlers registered with `subscribe` (one
event at a time) or `subscribe_batches` (the SLA engine: the events of one change together),
which run in that transaction too, so a clock never disagrees with the state it watches.
Handlers do no I/O: anything external is enqueued with `transaction.on_commit`. A change that
publishes several events at once (an intake) does so within `together()`: one INSERT into
the log for all of them.
"""

import threading
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
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
    LEAD_ARBITRATED = "lead.arbitrated", "RevOps arbitrated an SQL the AE sent back (AE-REJ-05)"
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
BatchHandler = Callable[[list[DomainEvent]], None]
_handlers: dict[Event, list[Handler]] = defaultdict(list)
_batch_handlers: list[BatchHandler] = []


def subscribe(handler: Handler, *names: Event) -> None:
    """Register `handler` for `names` (every event when none is given); idempotent."""
    for name in names or tuple(Event):
        if handler not in _handlers[name]:
            _handlers[name].append(handler)


def subscribe_batches(handler: BatchHandler) -> None:
    """Register `handler` for every event, handed the events published together (one, outside
    `together()`) as a list: a handler that reads state for each event can read it once for
    the change that published them."""
    if handler not in _batch_handlers:
        _batch_handlers.append(handler)


def unsubscribe(handler: Handler) -> None:
    for handlers in _handlers.values():
        if handler in handlers:
            handlers.remove(handler)


def publish(event: DomainEvent) -> DomainEvent | None:
    """Store the event in the log, then hand it to its subscribers, all in the caller's
    transaction. A re-delivered event (an id already in the log) is dropped: None. Inside
    `together()`, the event is held until the block ends: None."""
    from .models import EventRecord

    held = getattr(_together, "held", None)
    if held is not None:
        held.append(event)
        return None
    recorded = EventRecord.record(event)
    if recorded is not None:
        _hand_over([recorded])
    return recorded


def _hand_over(recorded: list[DomainEvent]) -> None:
    for event in recorded:
        for handler in list(_handlers[event.name]):
            handler(event)
    if recorded:
        for batch_handler in list(_batch_handlers):
            batch_handler(recorded)


_together = threading.local()


@contextmanager
def together():
    """Publish the events of one change when it is done: one INSERT into the log for all of
    them, then each to its subscribers in the order published, still in the caller's
    transaction. An intake publishes up to six (created, action recorded, scored, state
    changed, became MQL, routed); each still carries the context it was published with, and
    one re-delivered (its id already in the log) is still dropped. If the block raises,
    nothing it held is published (its transaction or savepoint is rolled back), also when it
    runs within another block."""
    from .models import EventRecord

    outer = getattr(_together, "held", None)
    if outer is not None:  # within another block: that one publishes, unless this one fails
        mark = len(outer)
        try:
            yield
        except BaseException:
            del outer[mark:]
            raise
        return
    _together.held = held = []
    try:
        yield
    finally:
        _together.held = None  # a handler that publishes in turn publishes at once
    _hand_over(EventRecord.record_all(held))


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
