"""The leads endpoints of the integration API (contract: shared/contract/API.md)."""

from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Literal
from zoneinfo import available_timezones

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import ConfigDict, ValidationInfo, field_validator

from slaportal.api.auth import require
from slaportal.api.clocks import ClockOut, clocks_of
from slaportal.api.fields import BLANK, HttpsUrl, Id, MeetingStart, OccurredAt, count, text
from slaportal.api.models import Scope, person_behind
from slaportal.api.responses import AUTH, BODY, CHARTER, FOUND, PARAMS, REFUSED, answers
from slaportal.charter.models import Taxonomy
from slaportal.charter.timezones import is_timezone
from slaportal.org.models import User

from .models import Account, Activity, Lead, SignalKind
from .rules import rules_in_force
from .services import access, intake, lifecycle, signals, touches

router = Router(tags=["leads"])
accounts_router = Router(tags=["accounts"])

Name = text(100)
# What an SDR writes down for the AE; a page or two at most.
Note = text(2000)


@cache
def _time_zones() -> list[str]:
    return sorted(available_timezones())


def _intake_actions() -> list[str]:
    return sorted(rules_in_force().actions)


def _disposition_codes() -> list[str]:
    return sorted(rules_in_force().reason_codes.get(Taxonomy.DISPOSITION, {}))


# Fields whose values are charter data: (schema, field) → the codes of the charter in force.
# Each is checked against them, and the OpenAPI document lists them as the field's enum.
CHARTER_CODES: dict[tuple[str, str], Callable[[], list[str]]] = {
    ("LeadIntakeIn", "action"): _intake_actions,
    ("DispositionIn", "code"): _disposition_codes,
}


def _charter_code(schema: str, field: str, code: str) -> str:
    known = CHARTER_CODES[schema, field]()
    if code not in known:
        raise ValueError(f"unknown {field}; the charter knows {', '.join(known)}")
    return code


class CompanyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: text(200) = ""
    domain: text(253, pattern=rf"^[^{BLANK}@/\u0000]*$") = ""
    industry: text(100) = ""
    employees: count(0, 10_000_000) | None = None
    country: text(2, pattern=r"^([A-Za-z]{2})?$", description="ISO 3166 code, e.g. US") = ""
    region: text(10, description="A US state code (NY) or a GeoNames admin1 code") = ""


class LeadIntakeIn(Schema):
    """An inbound lead or intent action. Any well-formed address is recorded: one that is not
    a valid or personal address (info@, sales@) fails that MQL criterion and is never routed."""

    model_config = ConfigDict(extra="forbid")

    email: text(254, pattern=rf"^[^@{BLANK}\u0000]+@[^@{BLANK}\u0000]+$")
    action: text(40, description="A scoring-signal code of the charter in force.")
    first_name: Name = ""
    last_name: Name = ""
    phone: text(40) = ""
    title: text(200) = ""
    occurred_at: OccurredAt | None = None
    timezone: text(64) = Field(
        "",
        description="An IANA time zone (empty: from the company's country and region).",
        json_schema_extra={"enum": ["", *_time_zones()]},
    )
    external_id: text(100, min_length=1) | None = None
    company: CompanyIn = CompanyIn()
    icp_fit: count(0, 100) | None = None

    @field_validator("action")
    @classmethod
    def known_action(cls, action: str) -> str:
        return _charter_code("LeadIntakeIn", "action", action)

    @field_validator("timezone")
    @classmethod
    def known_timezone(cls, name: str) -> str:
        if name and not is_timezone(name):
            raise ValueError("not an IANA time zone (e.g. America/New_York)")
        return name


class AvailableTransitionOut(Schema):
    name: str
    allowed: bool
    unmet: list[str]


class LeadSummaryOut(Schema):
    id: int
    account_id: int
    email: str
    first_name: str
    last_name: str
    state: Lead.State
    tier: int | None
    score: int
    icp_fit: int
    owner: str | None
    timezone: str
    suppressed_until: datetime | None
    needs_review: bool
    hold_reason: str
    routed_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_owner(lead) -> str | None:
        return lead.owner.username if lead.owner_id else None


class CadenceProgressOut(Schema):
    tier: int
    touches: int
    planned_touches: int
    over_business_days: int
    ends_at: datetime
    next_touch_due_at: datetime | None = Field(
        description="When the next planned touch falls due (null once the cadence is complete)."
    )
    complete: bool
    behind: bool


class LeadOut(LeadSummaryOut):
    ae: str | None = Field(description="The AE the SQL was handed to (username).")
    mql_criteria: dict[str, dict]
    sequence: str
    sequence_enrolled_at: datetime | None
    disposition: str
    disposition_notes: str
    disposition_at: datetime | None
    intro_sent_at: datetime | None
    ae_touched_at: datetime | None
    clocks: list[ClockOut] = Field(description="Its SLA clocks, the latest first.")
    cadence: CadenceProgressOut | None = None
    available_transitions: list[AvailableTransitionOut] = []

    @staticmethod
    def resolve_clocks(lead) -> list:
        return clocks_of("lead", lead.pk)

    @staticmethod
    def resolve_ae(lead) -> str | None:
        return lead.ae.username if lead.ae_id else None


def present_lead(request, lead: Lead, *, cadence: bool = True) -> Lead:
    """The lead as the caller sees it: what they may do with it, and its cadence."""
    lead.available_transitions = access.available_transitions(lead, request.auth)
    lead.cadence = touches.cadence_progress(lead) if cadence else None
    return lead


def visible_lead(request, lead_id: int) -> Lead:
    """The lead, or 404 when the caller may not see it."""
    return get_object_or_404(
        access.leads_visible_to(request.auth).select_related("owner", "ae"), pk=lead_id
    )


@router.post(
    "",
    response=answers({200: LeadOut, 201: LeadOut}, AUTH, BODY, CHARTER),
    summary="Post a lead or intent action",
)
def post_lead(request, payload: LeadIntakeIn):
    require(request, Scope.LEADS_INTAKE)
    data = payload.dict()
    company = intake.CompanyData(**data.pop("company"))
    lead, created = intake.intake(intake.LeadData(company=company, **data), caller=request.auth)
    # The intake answer leaves out the cadence (GET has it): intake is the hot path.
    return Status(201 if created else 200, present_lead(request, lead, cadence=False))


@router.get(
    "/{lead_id}",
    response=answers({200: LeadOut}, AUTH, PARAMS, FOUND, CHARTER),
    summary="A lead, its clocks",
)
def get_lead(request, lead_id: Id):
    require(request, Scope.LEADS_READ)
    return present_lead(request, visible_lead(request, lead_id))


PAGE_SIZE, MAX_PAGE_SIZE = 50, 100


class LeadFilters(Schema):
    state: Lead.State | None = None
    owner: text(150) | None = Field(None, description="An SDR's username.")
    tier: int | None = Field(None, ge=1, le=3)
    needs_review: bool | None = Field(None, description="The managers' review list (40–59).")
    cursor: Id | None = Field(None, description="`next_cursor` of the previous page.")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class LeadPageOut(Schema):
    items: list[LeadSummaryOut]
    next_cursor: int | None = Field(description="Ask for the next page with it; null: no more.")


@router.get(
    "",
    response=answers({200: LeadPageOut}, AUTH, PARAMS),
    summary="Leads, newest first, a page at a time",
)
def list_leads(request, filters: Query[LeadFilters]):
    """Pages are cut by the last lead seen (`cursor`), never counted or skipped through, so
    every page costs the same however deep it is."""
    require(request, Scope.LEADS_READ)
    leads = access.leads_visible_to(request.auth).select_related("owner").newest_first()
    if filters.state:
        leads = leads.filter(state=filters.state)
    if filters.owner:
        leads = leads.filter(owner__username=filters.owner)
    if filters.tier:
        leads = leads.filter(tier=filters.tier)
    if filters.needs_review is not None:
        leads = leads.filter(needs_review=filters.needs_review)
    if filters.cursor:
        leads = leads.filter(pk__lt=filters.cursor)
    page = list(leads[: filters.limit + 1])
    more = len(page) > filters.limit
    return {"items": page[: filters.limit], "next_cursor": page[-2].pk if more else None}


class ReasonIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason_code: text(30, description="A code of the transition's taxonomy.") | None = None


class MeddpicIn(Schema):
    """The MEDDPIC elements as they are written down: by the SDR for the SQL gate, by the AE
    for the opportunity's stage gates."""

    model_config = ConfigDict(extra="forbid")

    metrics: Note = ""
    economic_buyer: Note = ""
    decision_criteria: Note = ""
    decision_process: Note = ""
    paper_process: Note = ""
    implicate_pain: Note = ""
    champion: Note = ""


class QualifyIn(MeddpicIn):
    """What the SQL gate needs; what was given before need not be repeated."""

    pain: Note = ""
    timeline: text(200) = ""
    meeting_url: HttpsUrl | None = None
    briefing: text(10_000) = ""


LEAD_TRANSITIONS = {
    "accept": (None, "The SDR accepts the MQL (SAL)"),
    "reject": (ReasonIn, "The SDR rejects the MQL with an SDR rejection code"),
    "qualify": (QualifyIn, "The SDR promotes the SAL to SQL through the SQL gate"),
    "recycle": (ReasonIn, "Recycle with a recycle code (suppressed for its window)"),
    "disqualify": (ReasonIn, "Disqualify with a disqualification code"),
    "ae_reject": (ReasonIn, "The AE rejects the SQL with an AE-REJ code"),
}
# `ae_accept` opens the opportunity too: pipeline/api.py serves it.


def _transition_view(name: str, body: type[Schema] | None):
    if body is None:

        def move(request, lead_id: Id):
            require(request, Scope.LEADS_WRITE)
            lead = lifecycle.transition(visible_lead(request, lead_id), name, request.auth)
            return present_lead(request, lead)

    else:

        def move(request, lead_id: Id, payload: body):
            require(request, Scope.LEADS_WRITE)
            lead = lifecycle.transition(
                visible_lead(request, lead_id), name, request.auth, **payload.dict()
            )
            return present_lead(request, lead)

    return move


for _name, (_body, _summary) in LEAD_TRANSITIONS.items():
    router.post(
        f"/{{lead_id}}/transitions/{_name}",
        response=answers(
            {200: LeadOut}, AUTH, PARAMS, FOUND, BODY if _body else {}, REFUSED, CHARTER
        ),
        summary=_summary,
        operation_id=f"lead_{_name}",
    )(_transition_view(_name, _body))


class ActivityIn(Schema):
    """A touch on a lead or an opportunity."""

    model_config = ConfigDict(extra="forbid")

    channel: Activity.Channel
    outcome: Activity.Outcome
    occurred_at: OccurredAt | None = None
    notes: text(5000) = ""
    rep: (
        text(
            150,
            min_length=1,
            description="The username of the active user who made the touch, for a dialer "
            "logging on their behalf (integrations only: a person's touch is their own; a "
            "username no active user has is a 404).",
            json_schema_extra={"format": "username"},
        )
        | None
    ) = None


class LeadActivityIn(ActivityIn):
    # The document says it too: an intro is an e-mail.
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"purpose": {"const": "intro"}}, "required": ["purpose"]},
            "then": {"properties": {"channel": {"const": "email"}}},
        }
    )

    purpose: Activity.Purpose = Field(
        Activity.Purpose.TOUCH,
        description="“intro”: the three-way intro e-mail introducing the SQL's AE (an e-mail, "
        "on an SQL).",
    )

    @field_validator("purpose")
    @classmethod
    def intro_by_email(cls, purpose: str, info: ValidationInfo) -> str:
        # (A channel that failed its own check is named there, not here.)
        channel = info.data.get("channel", Activity.Channel.EMAIL)
        if purpose == Activity.Purpose.INTRO and channel != Activity.Channel.EMAIL:
            raise ValueError("an intro is an e-mail: channel must be “email”")
        return purpose


def touch_fields(request, payload: ActivityIn) -> dict:
    """The touch as the services take it: the rep a dialer names, as the user."""
    fields = payload.dict()
    username = fields.pop("rep")
    fields["rep"] = None if username is None else _rep(request, username)
    return fields


def _rep(request, username: str) -> User:
    """The person a dialer names. Naming someone the portal does not know is a reference to
    nothing, as an unknown id is: 404, saying which."""
    if person_behind(request.auth):
        raise ValidationError(
            [
                {
                    "loc": ["body", "payload", "rep"],
                    "msg": "only an integration names the rep; a person's touch is their own",
                    "type": "value_error",
                }
            ]
        )
    rep = User.objects.filter(username=username, is_active=True).first()
    if rep is None:
        raise Http404(f"No active user is named “{username}”: the rep must be one.")
    return rep


class ActivityOut(Schema):
    id: int
    channel: str
    outcome: str
    purpose: str
    occurred_at: datetime
    received_at: datetime
    notes: str
    actor: str | None

    @staticmethod
    def resolve_actor(activity) -> str | None:
        return activity.actor.username if activity.actor_id else None


@router.post(
    "/{lead_id}/activities",
    response=answers({201: ActivityOut}, AUTH, FOUND, BODY, REFUSED),
    summary="Log a touch (or the three-way intro e-mail)",
)
def log_activity(request, lead_id: Id, payload: LeadActivityIn):
    require(request, Scope.ACTIVITIES_WRITE)
    lead = visible_lead(request, lead_id)
    activity = touches.log_activity(lead, request.auth, **touch_fields(request, payload))
    return Status(201, activity)


class SequenceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    sequence: text(100, min_length=1, description="The sequencer's name of the sequence.")
    occurred_at: OccurredAt | None = None


@router.post(
    "/{lead_id}/sequence",
    response=answers({201: LeadOut}, AUTH, FOUND, BODY, CHARTER),
    summary="The sequencer enrolled the lead in a sequence",
)
def enroll_in_sequence(request, lead_id: Id, payload: SequenceIn):
    require(request, Scope.ACTIVITIES_WRITE)
    lead = touches.enroll_in_sequence(
        visible_lead(request, lead_id), request.auth, **payload.dict()
    )
    return Status(201, present_lead(request, lead))


class DispositionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    code: text(30, description="A code of the disposition taxonomy of the charter in force.")
    notes: Note = Field("", description="Call notes or a recording link.")
    occurred_at: OccurredAt | None = None

    @field_validator("code")
    @classmethod
    def known_code(cls, code: str) -> str:
        return _charter_code("DispositionIn", "code", code)


@router.post(
    "/{lead_id}/disposition",
    response=answers({201: LeadOut}, AUTH, FOUND, BODY, CHARTER),
    summary="Apply a standard disposition code to the lead's latest work",
)
def set_disposition(request, lead_id: Id, payload: DispositionIn):
    require(request, Scope.ACTIVITIES_WRITE)
    lead = touches.set_disposition(visible_lead(request, lead_id), request.auth, **payload.dict())
    return Status(201, present_lead(request, lead))


class MeetingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    starts_at: MeetingStart
    meeting_url: HttpsUrl
    kind: text(30, min_length=1) = "discovery"


class MeetingOut(Schema):
    id: int
    kind: str
    starts_at: datetime
    meeting_url: str
    status: str
    booked_at: datetime


MeetingOutcome = Literal["held", "no_show", "cancelled"]


@router.post(
    "/{lead_id}/meetings",
    response=answers({201: MeetingOut}, AUTH, FOUND, BODY),
    summary="Book a meeting",
)
def book_meeting(request, lead_id: Id, payload: MeetingIn):
    require(request, Scope.MEETINGS_WRITE)
    meeting = touches.book_meeting(visible_lead(request, lead_id), request.auth, **payload.dict())
    return Status(201, meeting)


@router.post(
    "/{lead_id}/meetings/{meeting_id}/{outcome}",
    response=answers({200: MeetingOut}, AUTH, PARAMS, FOUND, REFUSED),
    summary="Record a meeting's outcome: held, no_show or cancelled",
)
def meeting_outcome(request, lead_id: Id, meeting_id: Id, outcome: MeetingOutcome):
    require(request, Scope.MEETINGS_WRITE)
    meeting = get_object_or_404(visible_lead(request, lead_id).meetings, pk=meeting_id)
    return touches.record_meeting_outcome(meeting, request.auth, outcome)


class AccountSignalIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: SignalKind
    occurred_at: OccurredAt | None = None
    external_id: (
        text(100, min_length=1, description="The reporting system's id: a re-post is the same.")
        | None
    ) = None
    detail: text(2000, description="What happened: topic, event, gift, usage.") = ""


class AccountSignalOut(Schema):
    id: int
    account_id: int
    kind: SignalKind
    occurred_at: datetime
    received_at: datetime
    external_id: str | None
    detail: str


@accounts_router.post(
    "/{account_id}/signals",
    response=answers({200: AccountSignalOut, 201: AccountSignalOut}, AUTH, FOUND, BODY, REFUSED),
    summary="Post an account signal: intent spike, event attended, gift accepted, usage surge",
)
def post_signal(request, account_id: Id, payload: AccountSignalIn):
    """201 a new signal; 200 the signal an earlier post of the same `external_id` made."""
    require(request, Scope.SIGNALS_WRITE)
    account = get_object_or_404(Account, pk=account_id)
    signal, created = signals.record_signal(account, request.auth, **payload.dict())
    return Status(201 if created else 200, signal)
