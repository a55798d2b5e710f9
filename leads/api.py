"""The leads endpoints of the integration API (contract: shared/contract/API.md)."""

from datetime import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import ConfigDict, field_validator

from slaportal.api.auth import require
from slaportal.api.models import Scope
from slaportal.charter.timezones import is_timezone

from . import services
from .models import Activity, Lead, Meeting
from .rules import rules_in_force
from .scoring import role_based

router = Router(tags=["leads"])


def aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        raise ValueError("needs a UTC offset (ISO 8601, e.g. 2026-03-03T10:00:00-05:00)")
    return moment


def happened(moment: datetime | None) -> datetime | None:
    """A system of record's timestamp: aware, and not ahead of our clock beyond the skew."""
    if aware(moment) and moment > timezone.now() + services.CLOCK_SKEW:
        raise ValueError("is in the future")
    return moment


class CompanyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field("", max_length=200)
    domain: str = Field("", max_length=200)
    industry: str = Field("", max_length=100)
    employees: int | None = Field(None, ge=0)
    country: str = Field("", max_length=2)
    region: str = Field("", max_length=10)


class LeadIn(Schema):
    email: str = Field(..., max_length=254)
    action: str
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    phone: str = Field("", max_length=40)
    title: str = Field("", max_length=200)
    occurred_at: datetime | None = None
    timezone: str = ""
    external_id: str | None = Field(None, max_length=100)
    company: CompanyIn = CompanyIn()
    icp_fit: int | None = Field(None, ge=0, le=100)

    @field_validator("company", mode="before")
    @classmethod
    def company_object(cls, value):
        if not isinstance(value, dict | CompanyIn):
            raise ValueError("an object with name, domain, industry, employees, country, region")
        return value

    @field_validator("email")
    @classmethod
    def personal_email(cls, email: str) -> str:
        try:
            validate_email(email)
        except DjangoValidationError as error:
            raise ValueError("not a valid email address") from error
        if role_based(email, rules_in_force()):
            raise ValueError("a role-based address (info@, sales@…) is not a person")
        return email

    @field_validator("action")
    @classmethod
    def known_action(cls, action: str) -> str:
        actions = rules_in_force().actions
        if action not in actions:
            raise ValueError(f"unknown action; the charter knows {', '.join(sorted(actions))}")
        return action

    @field_validator("occurred_at")
    @classmethod
    def not_in_the_future(cls, occurred_at: datetime | None) -> datetime | None:
        return happened(occurred_at)

    @field_validator("timezone")
    @classmethod
    def known_timezone(cls, name: str) -> str:
        if name and not is_timezone(name):
            raise ValueError("not an IANA time zone (e.g. America/New_York)")
        return name


class TransitionOut(Schema):
    name: str
    allowed: bool
    unmet: list[str]


class LeadOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    state: str
    tier: int | None
    score: int
    icp_fit: int
    owner: str | None
    timezone: str
    suppressed_until: datetime | None
    needs_review: bool
    hold_reason: str
    mql_criteria: dict[str, dict]
    routed_at: datetime | None
    created_at: datetime
    clocks: list[dict] = []
    cadence: dict | None = None
    available_transitions: list[TransitionOut] = []

    @staticmethod
    def resolve_owner(lead) -> str | None:
        return lead.owner.username if lead.owner_id else None


def _out(request, lead: Lead, *, cadence: bool = True) -> Lead:
    lead.available_transitions = services.available_transitions(lead, request.auth)
    lead.cadence = services.cadence_progress(lead) if cadence else None
    return lead


@router.post("", response={200: LeadOut, 201: LeadOut}, summary="Post a lead or intent action")
def post_lead(request, payload: LeadIn):
    require(request, Scope.LEADS_WRITE)
    data = payload.dict()
    company = services.CompanyData(**data.pop("company"))
    lead, created = services.intake(services.LeadData(company=company, **data), caller=request.auth)
    # The intake answer leaves out the cadence (GET has it): intake is the hot path.
    return Status(201 if created else 200, _out(request, lead, cadence=False))


@router.get("/{lead_id}", response=LeadOut, summary="A lead, its clocks and what you can do")
def get_lead(request, lead_id: int):
    require(request, Scope.LEADS_READ)
    lead = get_object_or_404(
        services.leads_visible_to(request.auth).select_related("owner"), pk=lead_id
    )
    return _out(request, lead)


class LeadFilters(Schema):
    state: Lead.State | None = None
    owner: str | None = None
    tier: int | None = Field(None, ge=1, le=3)
    needs_review: bool | None = Field(None, description="The managers' review list (40–59).")


@router.get("", response=list[LeadOut], summary="Leads, newest first")
@paginate(LimitOffsetPagination)
def list_leads(request, filters: Query[LeadFilters]):
    require(request, Scope.LEADS_READ)
    leads = services.leads_visible_to(request.auth).select_related("owner").newest_first()
    if filters.state:
        leads = leads.filter(state=filters.state)
    if filters.owner:
        leads = leads.filter(owner__username=filters.owner)
    if filters.tier:
        leads = leads.filter(tier=filters.tier)
    if filters.needs_review is not None:
        leads = leads.filter(needs_review=filters.needs_review)
    return leads


class TransitionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason_code: str | None = Field(None, max_length=30)
    pain: str = ""
    timeline: str = Field("", max_length=200)
    meeting_url: str = Field("", max_length=200)
    metrics: str = ""
    economic_buyer: str = ""
    decision_criteria: str = ""
    decision_process: str = ""
    paper_process: str = ""
    implicate_pain: str = ""
    champion: str = ""
    briefing: str = ""
    briefing_read: bool = False

    @field_validator("meeting_url")
    @classmethod
    def a_link(cls, url: str) -> str:
        if url and not url.startswith(("https://", "http://")):
            raise ValueError("a meeting link starting with https://")
        return url


# `accept` needs no body: an absent one is an empty object.
NOTHING_NEEDED = TransitionIn()


def _visible_lead(request, lead_id: int) -> Lead:
    return get_object_or_404(services.leads_visible_to(request.auth), pk=lead_id)


@router.post("/{lead_id}/transitions/{name}", response=LeadOut, summary="Move a lead")
def transition(request, lead_id: int, name: str, payload: TransitionIn = NOTHING_NEEDED):
    require(request, Scope.LEADS_WRITE)
    lead = _visible_lead(request, lead_id)
    lead = services.transition(lead, name, request.auth, **payload.dict(exclude_unset=True))
    return _out(request, lead)


class OccurredIn(Schema):
    occurred_at: datetime | None = None

    @field_validator("occurred_at")
    @classmethod
    def not_in_the_future(cls, occurred_at: datetime | None) -> datetime | None:
        return happened(occurred_at)


class ActivityIn(OccurredIn):
    model_config = ConfigDict(extra="forbid")

    channel: Activity.Channel
    outcome: Activity.Outcome
    notes: str = Field("", max_length=5000)


class ActivityOut(Schema):
    id: int
    channel: str
    outcome: str
    occurred_at: datetime
    received_at: datetime
    notes: str


@router.post("/{lead_id}/activities", response={201: ActivityOut}, summary="Log a touch")
def log_activity(request, lead_id: int, payload: ActivityIn):
    require(request, Scope.ACTIVITIES_WRITE)
    activity = services.log_activity(
        _visible_lead(request, lead_id), request.auth, **payload.dict()
    )
    return Status(201, activity)


class MeetingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    starts_at: datetime
    meeting_url: str = Field(..., max_length=200)
    kind: str = Field("discovery", max_length=30)

    _link = field_validator("meeting_url")(TransitionIn.a_link.__func__)

    @field_validator("starts_at")
    @classmethod
    def with_offset(cls, starts_at: datetime) -> datetime:
        return aware(starts_at)


MEETING_OUTCOMES = (Meeting.Status.HELD, Meeting.Status.NO_SHOW, Meeting.Status.CANCELLED)


class MeetingOut(Schema):
    id: int
    kind: str
    starts_at: datetime
    meeting_url: str
    status: str
    booked_at: datetime


@router.post("/{lead_id}/meetings", response={201: MeetingOut}, summary="Book a meeting")
def book_meeting(request, lead_id: int, payload: MeetingIn):
    require(request, Scope.MEETINGS_WRITE)
    meeting = services.book_meeting(_visible_lead(request, lead_id), request.auth, **payload.dict())
    return Status(201, meeting)


@router.post(
    "/{lead_id}/meetings/{meeting_id}/{outcome}",
    response=MeetingOut,
    summary="Record a meeting's outcome: held, no_show or cancelled",
)
def meeting_outcome(request, lead_id: int, meeting_id: int, outcome: str):
    require(request, Scope.MEETINGS_WRITE)
    if outcome not in MEETING_OUTCOMES:
        raise Http404("Outcomes are held, no_show and cancelled.")
    meeting = get_object_or_404(_visible_lead(request, lead_id).meetings, pk=meeting_id)
    return services.record_meeting_outcome(meeting, request.auth, outcome)
