"""The opportunity endpoints, and the AE's acceptance of an SQL (which opens one)."""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, field_validator

from leads.api import (
    MEETING_OUTCOMES,
    ActivityIn,
    ActivityOut,
    LeadOut,
    MeetingIn,
    MeetingOut,
    _out,
    _visible_lead,
)
from leads.models import Account
from slaportal.api.auth import require
from slaportal.api.models import Scope

from . import services
from .models import Opportunity, OpportunityMeeting

router = Router(tags=["opportunities"])
lead_router = Router(tags=["leads"])


class AcceptIn(Schema):
    model_config = ConfigDict(extra="forbid")

    briefing_read: bool = False
    amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    close_date: date | None = None


NO_ESTIMATE = AcceptIn()


class AcceptedOut(LeadOut):
    opportunity_id: int


@lead_router.post(
    "/leads/{lead_id}/transitions/ae_accept",
    response=AcceptedOut,
    summary="The AE accepts the SQL; the opportunity opens in the same step",
)
def ae_accept(request, lead_id: int, payload: AcceptIn = NO_ESTIMATE):
    require(request, Scope.LEADS_WRITE)
    lead, opportunity = services.accept_sql(
        _visible_lead(request, lead_id), request.auth, **payload.dict()
    )
    lead = _out(request, lead)
    lead.opportunity_id = opportunity.pk
    return lead


class NextStepIn(Schema):
    action: str = Field(..., min_length=1, max_length=300)
    due_date: date

    @field_validator("due_date")
    @classmethod
    def not_past(cls, due: date) -> date:
        if due < timezone.localdate():
            raise ValueError("is in the past")
        return due


class NextStepOut(Schema):
    action: str
    due_date: date
    logged_at: datetime


class OpportunityOut(Schema):
    id: int
    lead_id: int | None
    account_id: int
    name: str
    stage: str
    amount: Decimal
    original_amount: Decimal
    amount_change_percent: Decimal | None
    close_date: date
    close_date_pushes_this_quarter: int
    owner: str
    next_step: NextStepOut | None
    stage_entered_at: datetime
    stage_max_age_days: int | None
    clocks: list[dict] = []
    available_transitions: list[dict] = []

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


class OpenIn(Schema):
    model_config = ConfigDict(extra="forbid")

    account_id: int
    name: str = Field("", max_length=200)
    amount: Decimal = Field(Decimal(0), ge=0, max_digits=12, decimal_places=2)
    close_date: date | None = None


@router.post("", response={201: OpportunityOut}, summary="An AE opens an opportunity")
def open_opportunity(request, payload: OpenIn):
    require(request, Scope.OPPORTUNITIES_WRITE)
    data = payload.dict()
    account = get_object_or_404(Account, pk=data.pop("account_id"))
    opportunity = services.open_opportunity(request.auth, account=account, **data)
    return Status(201, _present(request, opportunity))


@router.get("/{opportunity_id}", response=OpportunityOut, summary="An opportunity")
def get_opportunity(request, opportunity_id: int):
    require(request, Scope.OPPORTUNITIES_READ)
    return _present(request, _visible(request, opportunity_id))


class FactsIn(Schema):
    """What the stage gates look for; any may come with a PATCH or an advance."""

    model_config = ConfigDict(extra="forbid")

    metrics: str = ""
    economic_buyer: str = ""
    decision_criteria: str = ""
    decision_process: str = ""
    implicate_pain: str = ""
    champion: str = ""
    paper_process: str = ""
    evaluation: str = ""
    success_plan: str = ""
    proposal_sent: bool = False
    verbal_agreement: bool = False


class PatchIn(FactsIn):
    amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    close_date: date | None = None
    next_step: NextStepIn | None = None

    @field_validator("close_date")
    @classmethod
    def not_past(cls, close: date | None) -> date | None:
        if close is not None and close < timezone.localdate():
            raise ValueError("is in the past")
        return close


@router.patch("/{opportunity_id}", response=OpportunityOut, summary="Amount, close date, next step")
def patch_opportunity(request, opportunity_id: int, payload: PatchIn):
    require(request, Scope.OPPORTUNITIES_WRITE)
    data = payload.dict(exclude_unset=True)
    opportunity = services.update(_visible(request, opportunity_id), request.auth, **data)
    return _present(request, opportunity)


class TransitionIn(FactsIn):
    reason_code: str | None = Field(None, max_length=30)
    feedback: str = Field("", max_length=5000)


NOTHING_NEEDED = TransitionIn()


@router.post(
    "/{opportunity_id}/transitions/{name}", response=OpportunityOut, summary="advance, win, lose"
)
def transition(request, opportunity_id: int, name: str, payload: TransitionIn = NOTHING_NEEDED):
    require(request, Scope.OPPORTUNITIES_WRITE)
    opportunity = services.transition(
        _visible(request, opportunity_id), name, request.auth, **payload.dict(exclude_unset=True)
    )
    return _present(request, opportunity)


@router.post("/{opportunity_id}/activities", response={201: ActivityOut}, summary="Log an activity")
def log_activity(request, opportunity_id: int, payload: ActivityIn):
    require(request, Scope.OPPORTUNITIES_WRITE)
    activity = services.log_activity(
        _visible(request, opportunity_id), request.auth, **payload.dict()
    )
    return Status(201, activity)


class OpportunityMeetingIn(MeetingIn):
    kind: OpportunityMeeting.Kind = OpportunityMeeting.Kind.DISCOVERY
    meeting_url: str = Field("", max_length=200)


@router.post("/{opportunity_id}/meetings", response={201: MeetingOut}, summary="Book a meeting")
def book_meeting(request, opportunity_id: int, payload: OpportunityMeetingIn):
    require(request, Scope.OPPORTUNITIES_WRITE)
    meeting = services.book_meeting(
        _visible(request, opportunity_id), request.auth, **payload.dict()
    )
    return Status(201, meeting)


@router.post(
    "/{opportunity_id}/meetings/{meeting_id}/{outcome}",
    response=MeetingOut,
    summary="Record a meeting's outcome: held, no_show or cancelled",
)
def meeting_outcome(request, opportunity_id: int, meeting_id: int, outcome: str):
    require(request, Scope.OPPORTUNITIES_WRITE)
    if outcome not in MEETING_OUTCOMES:
        raise Http404("Outcomes are held, no_show and cancelled.")
    meeting = get_object_or_404(_visible(request, opportunity_id).meetings, pk=meeting_id)
    return services.record_meeting_outcome(meeting, request.auth, outcome)
