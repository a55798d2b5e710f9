"""The opportunity endpoints, and the AE's acceptance of an SQL (which opens one)."""

from datetime import date, datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from leads.api import (
    ActivityIn,
    ActivityOut,
    AvailableTransitionOut,
    LeadOut,
    MeddpicIn,
    MeetingOut,
    MeetingOutcome,
    Note,
    present_lead,
    touch_fields,
    visible_lead,
)
from slaportal.api.auth import require
from slaportal.api.clocks import ClockOut, clocks_of
from slaportal.api.fields import Amount, Flag, HttpsUrl, Id, MeetingStart, UpcomingDay, text
from slaportal.api.models import Scope
from slaportal.api.responses import AUTH, BODY, CHARTER, FOUND, PARAMS, REFUSED, answers

from . import services
from .models import Opportunity, OpportunityMeeting

router = Router(tags=["opportunities"])
lead_router = Router(tags=["leads"])


class AcceptSqlIn(Schema):
    model_config = ConfigDict(extra="forbid")

    briefing_read: Flag = False
    amount: Amount | None = None
    close_date: UpcomingDay | None = None


# Accepting needs no body when the AE gives no estimate.
NO_ESTIMATE = AcceptSqlIn()


class AcceptedSqlOut(LeadOut):
    opportunity_id: int


@lead_router.post(
    "/leads/{lead_id}/transitions/ae_accept",
    response=answers({200: AcceptedSqlOut}, AUTH, FOUND, BODY, REFUSED, CHARTER),
    summary="The AE accepts the SQL; the opportunity opens in the same step",
    operation_id="lead_ae_accept",
)
def ae_accept(request, lead_id: Id, payload: AcceptSqlIn = NO_ESTIMATE):
    require(request, Scope.LEADS_WRITE)
    require(request, Scope.OPPORTUNITIES_WRITE)
    lead, opportunity = services.accept_sql(
        visible_lead(request, lead_id), request.auth, **payload.dict()
    )
    lead = present_lead(request, lead)
    lead.opportunity_id = opportunity.pk
    return lead


class NextStepIn(Schema):
    model_config = ConfigDict(extra="forbid")

    action: text(300, min_length=1, description="Who does what, e.g. “Send the SOC 2 report”.")
    due_date: UpcomingDay


class NextStepOut(Schema):
    action: str
    due_date: date
    logged_at: datetime


class OpportunityOut(Schema):
    id: int
    lead_id: int | None
    account_id: int
    name: str
    stage: Opportunity.Stage
    amount: Decimal
    original_amount: Decimal
    amount_change_percent: Decimal | None
    close_date: date
    close_date_pushes_this_quarter: int
    owner: str
    next_step: NextStepOut | None
    stage_entered_at: datetime
    stage_max_age_days: int | None
    clocks: list[ClockOut] = Field(description="Its SLA clocks, the latest first.")
    available_transitions: list[AvailableTransitionOut] = []

    @staticmethod
    def resolve_clocks(opportunity) -> list:
        return clocks_of("opportunity", opportunity.pk)

    @staticmethod
    def resolve_owner(opportunity) -> str:
        return opportunity.owner.username

    @staticmethod
    def resolve_amount_change_percent(opportunity):
        return opportunity.amount_change_percent()

    @staticmethod
    def resolve_close_date_pushes_this_quarter(opportunity) -> int:
        return services.pushes_this_quarter(opportunity)

    @staticmethod
    def resolve_next_step(opportunity):
        return opportunity.next_steps.first()

    @staticmethod
    def resolve_stage_max_age_days(opportunity):
        return services.stage_age_limit(opportunity)


def _visible(request, opportunity_id: int) -> Opportunity:
    return get_object_or_404(
        services.opportunities_visible_to(request.auth).select_related("owner"),
        pk=opportunity_id,
    )


def _present(request, opportunity: Opportunity) -> Opportunity:
    opportunity.available_transitions = services.available_transitions(opportunity, request.auth)
    return opportunity


class OpportunityOpenIn(Schema):
    model_config = ConfigDict(extra="forbid")

    account_id: Id
    name: text(200) = ""
    amount: Amount = Decimal(0)
    close_date: UpcomingDay | None = None


@router.post(
    "",
    response=answers({201: OpportunityOut}, AUTH, FOUND, BODY, REFUSED),
    summary="An AE opens an opportunity on an account they own",
)
def open_opportunity(request, payload: OpportunityOpenIn):
    require(request, Scope.OPPORTUNITIES_WRITE)
    data = payload.dict()
    account = get_object_or_404(services.accounts_open_to(request.auth), pk=data.pop("account_id"))
    opportunity = services.open_opportunity(request.auth, account=account, **data)
    return Status(201, _present(request, opportunity))


@router.get(
    "/{opportunity_id}",
    response=answers({200: OpportunityOut}, AUTH, PARAMS, FOUND),
    summary="An opportunity",
)
def get_opportunity(request, opportunity_id: Id):
    require(request, Scope.OPPORTUNITIES_READ)
    return _present(request, _visible(request, opportunity_id))


class OpportunityFactsIn(MeddpicIn):
    """What the stage gates look for; any may come with a PATCH or an advance."""

    evaluation: Note = ""
    success_plan: Note = ""
    proposal_sent: Flag = False
    verbal_agreement: Flag = False


# An advance needs no body when the gate's facts are already recorded.
NO_FACTS = OpportunityFactsIn()


class OpportunityPatchIn(OpportunityFactsIn):
    amount: Amount | None = None
    close_date: UpcomingDay | None = None
    next_step: NextStepIn | None = None


@router.patch(
    "/{opportunity_id}",
    response=answers({200: OpportunityOut}, AUTH, FOUND, BODY, REFUSED),
    summary="Amount, close date, next step and stage facts",
)
def patch_opportunity(request, opportunity_id: Id, payload: OpportunityPatchIn):
    require(request, Scope.OPPORTUNITIES_WRITE)
    data = payload.dict(exclude_unset=True)
    opportunity = services.update(_visible(request, opportunity_id), request.auth, **data)
    return _present(request, opportunity)


@router.post(
    "/{opportunity_id}/transitions/advance",
    response=answers({200: OpportunityOut}, AUTH, FOUND, BODY, REFUSED),
    summary="To the next stage, through its entry gate",
    operation_id="opportunity_advance",
)
def advance(request, opportunity_id: Id, payload: OpportunityFactsIn = NO_FACTS):
    require(request, Scope.OPPORTUNITIES_WRITE)
    opportunity = services.advance(
        _visible(request, opportunity_id), request.auth, **payload.dict(exclude_unset=True)
    )
    return _present(request, opportunity)


@router.post(
    "/{opportunity_id}/transitions/win",
    response=answers({200: OpportunityOut}, AUTH, PARAMS, FOUND, REFUSED),
    summary="Closed won",
    operation_id="opportunity_win",
)
def win(request, opportunity_id: Id):
    require(request, Scope.OPPORTUNITIES_WRITE)
    return _present(request, services.win(_visible(request, opportunity_id), request.auth))


class LoseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason_code: text(30, description="A code of the win-loss taxonomy.") | None = None
    feedback: text(5000, description="What Marketing should learn from it.") = ""


@router.post(
    "/{opportunity_id}/transitions/lose",
    response=answers({200: OpportunityOut}, AUTH, FOUND, BODY, REFUSED, CHARTER),
    summary="Closed lost, with a win-loss code and feedback",
    operation_id="opportunity_lose",
)
def lose(request, opportunity_id: Id, payload: LoseIn):
    require(request, Scope.OPPORTUNITIES_WRITE)
    opportunity = services.lose(_visible(request, opportunity_id), request.auth, **payload.dict())
    return _present(request, opportunity)


@router.post(
    "/{opportunity_id}/activities",
    response=answers({201: ActivityOut}, AUTH, FOUND, BODY),
    summary="Log an activity",
)
def log_activity(request, opportunity_id: Id, payload: ActivityIn):
    require(request, Scope.ACTIVITIES_WRITE)
    opportunity = _visible(request, opportunity_id)
    activity = services.log_activity(opportunity, request.auth, **touch_fields(request, payload))
    return Status(201, activity)


class OpportunityMeetingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: OpportunityMeeting.Kind = OpportunityMeeting.Kind.DISCOVERY
    starts_at: MeetingStart
    meeting_url: HttpsUrl | None = None


@router.post(
    "/{opportunity_id}/meetings",
    response=answers({201: MeetingOut}, AUTH, FOUND, BODY),
    summary="Book a meeting",
)
def book_meeting(request, opportunity_id: Id, payload: OpportunityMeetingIn):
    require(request, Scope.MEETINGS_WRITE)
    meeting = services.book_meeting(
        _visible(request, opportunity_id), request.auth, **payload.dict()
    )
    return Status(201, meeting)


@router.post(
    "/{opportunity_id}/meetings/{meeting_id}/{outcome}",
    response=answers({200: MeetingOut}, AUTH, PARAMS, FOUND, REFUSED),
    summary="Record a meeting's outcome: held, no_show or cancelled",
)
def meeting_outcome(request, opportunity_id: Id, meeting_id: Id, outcome: MeetingOutcome):
    require(request, Scope.MEETINGS_WRITE)
    meeting = get_object_or_404(_visible(request, opportunity_id).meetings, pk=meeting_id)
    return services.record_meeting_outcome(meeting, request.auth, outcome)
