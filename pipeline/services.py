"""Writes to opportunities. The API, the browser, the admin and tasks all call these.

Pipeline depends on leads, never the reverse: accepting an SQL runs the lead's `ae_accept` and
opens the opportunity in one transaction here.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import Truncator

from leads.models import Account, Lead
from leads.rules import rules_in_force
from leads.services import lifecycle as lead_lifecycle
from leads.services.touches import note_touch, settle_meeting
from slaportal import company
from slaportal.api.models import ApiToken, Scope, person_behind
from slaportal.charter.models import Taxonomy
from slaportal.events import Event, publish_about
from slaportal.fsm import TransitionRefused, unmet
from slaportal.org.roles import Role

from .models import (
    MEDDPIC_FIELDS,
    NEXT_STAGE_TRANSITION,
    AmountChange,
    CloseDateChange,
    NextStep,
    Opportunity,
    OpportunityActivity,
    OpportunityMeeting,
    StageEntry,
    fiscal_quarter,
)
from .rules import stage_rules

# Said alone, these are not next steps ("“follow up” is not a next step").
VAGUE_NEXT_STEPS = {
    "follow up",
    "follow-up",
    "followup",
    "check in",
    "check-in",
    "touch base",
    "circle back",
    "reach out",
    "ping",
    "call",
    "email",
    "tbd",
    "next steps",
    "waiting to hear back",
}


def vague(action: str) -> bool:
    words = action.lower().strip(" .!").split()
    return " ".join(words) in VAGUE_NEXT_STEPS or len(words) < 3


def _emit(name: Event, opportunity: Opportunity, at: datetime, caller, **data) -> None:
    publish_about(opportunity, name, at, person_behind(caller), **data)


def opportunities_visible_to(caller):
    if isinstance(caller, ApiToken):
        return Opportunity.objects.all()
    return Opportunity.objects.visible_to(caller)


def accounts_open_to(caller):
    """The accounts the caller may open opportunities on: an AE their own, an AE manager their
    team's, VP Sales and RevOps any (RevOps assigns accounts to AEs); a token with the right."""
    if isinstance(caller, ApiToken):
        return (
            Account.objects.all()
            if caller.allows(Scope.OPPORTUNITIES_WRITE)
            else Account.objects.none()
        )
    if caller.is_superuser or caller.role in (Role.REVOPS, Role.VP_SALES):
        return Account.objects.all()
    if caller.role == Role.AE_MANAGER:
        return Account.objects.filter(
            Q(owner_ae=caller) | Q(owner_ae__team_membership__team__manager=caller)
        )
    if caller.role == Role.AE:
        return Account.objects.filter(owner_ae=caller)
    return Account.objects.none()


def may_work(caller, opportunity: Opportunity, scope: Scope = Scope.OPPORTUNITIES_WRITE) -> bool:
    """The AE owner, their AE manager, VP Sales and RevOps; tokens with `scope`."""
    if isinstance(caller, ApiToken):
        return caller.allows(scope)
    if caller.is_superuser or caller.role in (Role.REVOPS, Role.VP_SALES):
        return True
    if opportunity.owner_id == caller.pk:
        return True
    team = opportunity.owner.team
    return caller.role == Role.AE_MANAGER and team is not None and team.manager_id == caller.pk


def _locked(
    opportunity: Opportunity, caller, scope: Scope = Scope.OPPORTUNITIES_WRITE
) -> Opportunity:
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if not may_work(caller, opportunity, scope):
        raise PermissionDenied("You may not change this opportunity: it is not yours to work.")
    return opportunity


def _enter(opportunity: Opportunity, caller, now: datetime) -> None:
    """The stage's history row; the caller saves the opportunity, then publishes."""
    opportunity.stage_entered_at = now
    StageEntry.objects.create(
        opportunity=opportunity,
        stage=opportunity.stage,
        entered_at=now,
        actor=person_behind(caller),
    )


@transaction.atomic
def open_opportunity(
    caller,
    *,
    account: Account,
    amount: Decimal = Decimal(0),
    close_date: date | None = None,
    name: str = "",
) -> Opportunity:
    """An AE opens an opportunity on an account they (or their team) own; it belongs to the AE
    opening it, else to the account's AE."""
    if not accounts_open_to(caller).filter(pk=account.pk).exists():
        raise PermissionDenied("You may open opportunities only on accounts you or your team own.")
    person = person_behind(caller)
    owner = person if person and person.role in (Role.AE, Role.AE_MANAGER) else account.owner_ae
    if owner is None:
        raise TransitionRefused(
            "The opportunity needs an owner.", ["an AE who owns the account (RevOps assigns it)"]
        )
    return _open(
        caller, account=account, owner=owner, amount=amount, close_date=close_date, name=name
    )


def _open(
    caller, *, account: Account, owner, amount: Decimal, close_date, name: str, lead=None
) -> Opportunity:
    """An opportunity in Discovery; its forecast close date must respect Stage 1's rule."""
    within = stage_rules().get(Opportunity.Stage.STAGE_1, {}).get("close_within_days")
    today = company.today()
    close_date = close_date or today + timedelta(days=within or 90)
    if within is not None and not today <= close_date <= today + timedelta(days=within):
        raise TransitionRefused(
            "The opportunity cannot open with that close date.",
            [f"a forecast close date within {within} days (is {close_date:%Y-%m-%d})"],
        )
    now = timezone.now()
    opportunity = Opportunity.objects.create(
        lead=lead,
        account=account,
        owner=owner,
        name=name or account.name,
        amount=amount,
        original_amount=amount,
        close_date=close_date,
        stage_entered_at=now,
        **({field: getattr(lead, field) for field in MEDDPIC_FIELDS} if lead else {}),
    )
    _enter(opportunity, caller, now)
    _emit(Event.OPPORTUNITY_OPENED, opportunity, now, caller)
    _emit(Event.OPPORTUNITY_STAGE_ENTERED, opportunity, now, caller)
    return opportunity


@transaction.atomic
def accept_sql(lead: Lead, caller, *, briefing_read: bool, amount=None, close_date=None):
    """The AE accepts the SQL and the opportunity opens, in one step, owned by the SQL's AE."""
    if isinstance(caller, ApiToken) and not caller.allows(Scope.OPPORTUNITIES_WRITE):
        raise PermissionDenied(
            "Accepting an SQL opens an opportunity: that needs the “opportunities:write” right."
        )
    lead = lead_lifecycle.transition(lead, "ae_accept", caller, briefing_read=briefing_read)
    opportunity = _open(
        caller,
        account=lead.account,
        owner=lead.ae,
        amount=amount if amount is not None else Decimal(0),
        close_date=close_date,
        name=Truncator(f"{lead.account.name} — {lead.full_name or lead.email}").chars(
            Opportunity._meta.get_field("name").max_length
        ),
        lead=lead,
    )
    return lead, opportunity


STAGE_FIELDS = (*MEDDPIC_FIELDS, "paper_process", "evaluation")


@transaction.atomic
def advance(opportunity: Opportunity, caller, **facts) -> Opportunity:
    """To the next stage, through its entry gate; the body may carry what the gate needs."""
    opportunity = _locked(opportunity, caller)
    now = timezone.now()
    _record_facts(opportunity, caller, now, **facts)
    method = NEXT_STAGE_TRANSITION.get(opportunity.stage)
    if method is None:
        raise TransitionRefused(
            "There is no next stage.", [f"not possible while {opportunity.get_stage_display()}"]
        )
    if missing := unmet(getattr(opportunity, method)):
        raise TransitionRefused(
            f"The opportunity cannot enter {_next_stage_name(opportunity)} yet.", missing
        )
    left = opportunity.stage
    getattr(opportunity, method)()
    _enter(opportunity, caller, now)
    opportunity.save()
    _emit(Event.OPPORTUNITY_STAGE_LEFT, opportunity, now, caller, left_stage=left)
    _emit(Event.OPPORTUNITY_STAGE_ENTERED, opportunity, now, caller)
    return opportunity


def _next_stage_name(opportunity: Opportunity) -> str:
    stages = list(Opportunity.Stage)
    return stages[stages.index(opportunity.stage) + 1].label


def _record_facts(
    opportunity,
    caller,
    now,
    *,
    proposal_sent=False,
    verbal_agreement=False,
    success_plan="",
    **fields,
) -> None:
    for field, value in fields.items():
        if field in STAGE_FIELDS and value:
            setattr(opportunity, field, value)
    happened = []
    if proposal_sent and not opportunity.proposal_sent_at:
        opportunity.proposal_sent_at = now
        happened.append(Event.OPPORTUNITY_PROPOSAL_SENT)
    if verbal_agreement and not opportunity.verbal_agreement_at:
        opportunity.verbal_agreement_at = now
    if success_plan:
        opportunity.success_plan, opportunity.success_plan_agreed_at = success_plan, now
        happened.append(Event.OPPORTUNITY_SUCCESS_PLAN_AGREED)
    opportunity.save()
    for name in happened:
        _emit(name, opportunity, now, caller)


@transaction.atomic
def win(opportunity: Opportunity, caller) -> Opportunity:
    opportunity = _locked(opportunity, caller)
    return _close(opportunity, caller, "win")


@transaction.atomic
def lose(opportunity: Opportunity, caller, *, reason_code: str | None, feedback: str = ""):
    """Closed lost, with a win-loss code of the charter and feedback for Marketing."""
    opportunity = _locked(opportunity, caller)
    codes = rules_in_force().reason_codes.get(Taxonomy.WIN_LOSS, {})
    if reason_code and reason_code not in codes:
        raise TransitionRefused(
            "“lose” needs a reason code from the Win-loss taxonomy.",
            [f"a reason code: one of {', '.join(sorted(codes))}"],
        )
    opportunity.loss_reason_code, opportunity.loss_feedback = reason_code or "", feedback
    return _close(opportunity, caller, "lose")


def _close(opportunity: Opportunity, caller, method: str) -> Opportunity:
    if missing := unmet(getattr(opportunity, method)):
        raise TransitionRefused(f"The opportunity cannot be closed by “{method}” now.", missing)
    now = timezone.now()
    left = opportunity.stage
    getattr(opportunity, method)()
    opportunity.closed_at, opportunity.closed_by = now, person_behind(caller)
    opportunity.save()
    StageEntry.objects.create(
        opportunity=opportunity,
        stage=opportunity.stage,
        entered_at=now,
        actor=person_behind(caller),
    )
    _emit(Event.OPPORTUNITY_STAGE_LEFT, opportunity, now, caller, left_stage=left)
    _emit(Event.OPPORTUNITY_CLOSED, opportunity, now, caller)
    if opportunity.stage == Opportunity.Stage.LOST:
        _emit(Event.OPPORTUNITY_LOST, opportunity, now, caller)
        _emit(
            Event.OPPORTUNITY_WIN_LOSS_RECORDED,
            opportunity,
            now,
            caller,
            reason_code=opportunity.loss_reason_code,
        )
    return opportunity


def pushes_this_quarter(opportunity: Opportunity) -> int:
    return opportunity.close_date_changes.filter(
        quarter=fiscal_quarter(company.today()), new__gt=F("old")
    ).count()


@transaction.atomic
def update(
    opportunity: Opportunity, caller, *, amount=None, close_date=None, next_step=None, **facts
) -> Opportunity:
    """PATCH: amount and close date with their history, the next step, and stage facts."""
    opportunity = _locked(opportunity, caller)
    if opportunity.stage in Opportunity.CLOSED:
        raise TransitionRefused("A closed opportunity does not change.", ["an open opportunity"])
    now = timezone.now()
    actor = person_behind(caller)
    changed = []
    if close_date is not None and close_date != opportunity.close_date:
        CloseDateChange.objects.create(
            opportunity=opportunity,
            old=opportunity.close_date,
            new=close_date,
            changed_at=now,
            changed_by=actor,
            quarter=fiscal_quarter(company.today()),
        )
        opportunity.close_date = close_date
        changed.append(
            (
                Event.OPPORTUNITY_CLOSE_DATE_CHANGED,
                {
                    "close_date": str(close_date),
                    "pushes_this_quarter": pushes_this_quarter(opportunity),
                },
            )
        )
    if amount is not None and amount != opportunity.amount:
        old, opportunity.amount = opportunity.amount, amount
        percent = opportunity.amount_change_percent() or Decimal(0)
        AmountChange.objects.create(
            opportunity=opportunity,
            old=old,
            new=amount,
            percent_of_original=percent,
            changed_at=now,
            changed_by=actor,
        )
        changed.append(
            (
                Event.OPPORTUNITY_AMOUNT_CHANGED,
                {"amount": str(amount), "percent_of_original": str(percent)},
            )
        )
    opportunity.save()
    for name, data in changed:
        _emit(name, opportunity, now, caller, **data)
    if next_step is not None:
        log_next_step(opportunity, caller, **next_step)
    _record_facts(opportunity, caller, now, **facts)
    return opportunity


def log_next_step(opportunity: Opportunity, caller, *, action: str, due_date: date) -> NextStep:
    if vague(action):
        raise TransitionRefused(
            "That is not a next step.",
            ["a specific action (who does what), not “follow up”"],
        )
    step = NextStep.objects.create(
        opportunity=opportunity,
        action=action.strip(),
        due_date=due_date,
        logged_by=person_behind(caller),
    )
    _emit(
        Event.OPPORTUNITY_NEXT_STEP_LOGGED,
        opportunity,
        step.logged_at,
        caller,
        due_date=str(due_date),
    )
    return step


@transaction.atomic
def log_activity(
    opportunity: Opportunity,
    caller,
    *,
    channel: str,
    outcome: str,
    occurred_at: datetime | None,
    notes: str = "",
    rep=None,
) -> OpportunityActivity:
    """A touch, dated and attributed as on a lead (the dialer's time, the rep it names); it
    engages the account, and may be the AE's first personal contact with the lead."""
    opportunity = _locked(opportunity, caller, Scope.ACTIVITIES_WRITE)
    activity = OpportunityActivity.record(
        opportunity,
        caller,
        channel=channel,
        outcome=outcome,
        occurred_at=occurred_at,
        notes=notes,
        rep=rep,
    )
    publish_about(
        opportunity,
        Event.OPPORTUNITY_ACTIVITY_LOGGED,
        activity.occurred_at,
        activity.actor,
        channel=channel,
    )
    note_touch(activity, opportunity.account, opportunity.lead)
    return activity


@transaction.atomic
def book_meeting(
    opportunity: Opportunity,
    caller,
    *,
    kind: str,
    starts_at: datetime,
    meeting_url: str | None = None,
) -> OpportunityMeeting:
    opportunity = _locked(opportunity, caller, Scope.MEETINGS_WRITE)
    meeting = OpportunityMeeting.objects.create(
        opportunity=opportunity, kind=kind, starts_at=starts_at, meeting_url=meeting_url or ""
    )
    _emit(Event.OPPORTUNITY_MEETING_BOOKED, opportunity, meeting.booked_at, caller, kind=kind)
    if kind == OpportunityMeeting.Kind.ECONOMIC_BUYER:
        _emit(Event.OPPORTUNITY_EB_MEETING_BOOKED, opportunity, meeting.booked_at, caller)
    return meeting


@transaction.atomic
def record_meeting_outcome(meeting: OpportunityMeeting, caller, status: str):
    meeting = OpportunityMeeting.objects.select_for_update().get(pk=meeting.pk)
    _locked(meeting.opportunity, caller, Scope.MEETINGS_WRITE)
    settle_meeting(meeting, status)
    if status == OpportunityMeeting.Status.HELD:
        _emit(
            Event.OPPORTUNITY_MEETING_HELD,
            meeting.opportunity,
            meeting.status_changed_at,
            caller,
            kind=meeting.kind,
        )
    return meeting


def available_transitions(opportunity: Opportunity, caller) -> list[dict]:
    method = NEXT_STAGE_TRANSITION.get(opportunity.stage)
    checks = {
        "advance": unmet(getattr(opportunity, method)) if method else ["no next stage"],
        "win": unmet(opportunity.win),
        "lose": [
            m for m in unmet(opportunity.lose) if not m.startswith(("a win-loss", "win-loss"))
        ],
    }
    allowed_to = may_work(caller, opportunity)
    return [
        {
            "name": name,
            "allowed": allowed_to and not missing,
            "unmet": missing if allowed_to else ["you do not work this opportunity", *missing],
        }
        for name, missing in checks.items()
    ]


def stage_age_limit(opportunity: Opportunity) -> int | None:
    return stage_rules().get(opportunity.stage, {}).get("max_age_days")
