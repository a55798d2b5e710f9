"""Writes to leads. The API, the browser, the admin and tasks all call these functions.

Each locks what it changes, checks who may do it, runs the transition, writes the transition log
and publishes domain events inside its transaction (the SLA engine listens to them).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from slaportal.api.models import ApiToken, Scope, person_behind, recorded_time
from slaportal.charter.models import BusinessCalendar
from slaportal.events import Event, publish_about
from slaportal.fsm import TransitionRefused, unmet
from slaportal.org.roles import Role

from . import scoring
from .models import (
    REASON_TAXONOMY,
    Account,
    Activity,
    IntentAction,
    Lead,
    LeadTransition,
    Meeting,
    SuppressedDomain,
    Territory,
    TerritoryMember,
    TerritoryRegion,
)
from .rules import rules_in_force

# How far ahead of the server's clock a system of record's `occurred_at` may be.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class CompanyData:
    name: str = ""
    domain: str = ""
    industry: str = ""
    employees: int | None = None
    country: str = ""
    region: str = ""


@dataclass(frozen=True)
class LeadData:
    """A validated intake: the API's schema has checked every field."""

    email: str
    action: str
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    title: str = ""
    occurred_at: datetime | None = None
    timezone: str = ""
    external_id: str | None = None
    company: CompanyData = CompanyData()
    icp_fit: int | None = None


def _emit(name: Event, lead: Lead, at: datetime, actor=None, **data) -> None:
    publish_about(lead, name, at, actor, **data)


def _log(lead: Lead, name: str, source: str, actor=None, reason_code="", **payload) -> None:
    LeadTransition.objects.create(
        lead=lead,
        name=name,
        from_state=source,
        to_state=lead.state,
        actor=actor,
        reason_code=reason_code,
        payload=payload,
    )
    _emit(Event.LEAD_STATE_CHANGED, lead, timezone.now(), actor, source=source, target=lead.state)


def _account_for(company: CompanyData, email: str) -> Account:
    domain = (company.domain or email.rsplit("@", 1)[1]).strip().lower()
    account, _ = Account.objects.get_or_create(
        domain=domain, defaults={"name": company.name or domain}
    )
    given = {
        "name": company.name,
        "industry": company.industry,
        "employees": company.employees,
        "country": company.country.upper(),
        "region": company.region.upper(),
    }
    changed = [
        field
        for field, value in given.items()
        if value not in ("", None) and getattr(account, field) != value
    ]
    for field in changed:
        setattr(account, field, given[field])
    if changed:
        account.save(update_fields=changed)
    return account


def territory_for(account: Account) -> tuple[Territory | None, bool]:
    """The account's territory (its own, else its region's, else its country's) and whether it
    is actively staffed; one query."""
    if account.territory_id:
        territory = account.territory
        members = territory.members.filter(is_active=True, sdr__is_active=True)
        return territory, territory.is_active and members.exists()
    staffed = Exists(
        TerritoryMember.objects.filter(
            territory=OuterRef("territory"), is_active=True, sdr__is_active=True
        )
    )
    places = (
        TerritoryRegion.objects.filter(country=account.country)
        .filter(Q(region=account.region) | Q(region=""))
        .select_related("territory")
        .annotate(staffed=staffed)
    )
    place = max(places, key=lambda p: bool(p.region), default=None)
    if place is None:
        return None, False
    return place.territory, place.staffed and place.territory.is_active


def _domain_suppression(domain: str, now: datetime) -> SuppressedDomain | None:
    return (
        SuppressedDomain.objects.filter(domain=domain)
        .filter(Q(until__isnull=True) | Q(until__gt=now))
        .first()
    )


@transaction.atomic
def intake(data: LeadData, *, caller=None) -> tuple[Lead, bool]:
    """Upsert the lead, record its action, re-assess it against the charter, and route it if it
    became an MQL. Re-posting the same lead and action changes nothing (idempotent). `caller` is
    the token or person posting; none is the portal itself (demo data)."""
    actor = person_behind(caller)
    rules = rules_in_force()
    calendar = BusinessCalendar.objects.get(pk=rules.calendar_id)
    now = timezone.now()
    email = data.email.strip().lower()
    account = _account_for(data.company, email)
    existing = Lead.objects.select_for_update().filter(
        Q(external_id=data.external_id) if data.external_id else Q(email=email)
    )
    lead = existing.first() or (
        data.external_id and Lead.objects.select_for_update().filter(email=email).first()
    )
    created = False
    if not lead:
        lead, created = _create_lead(email, data, account, calendar)
    for field in ("first_name", "last_name", "phone", "title"):
        if getattr(data, field):
            setattr(lead, field, getattr(data, field))
    if data.timezone:
        lead.timezone = data.timezone
    if created:
        _emit(Event.LEAD_CREATED, lead, now, actor)

    occurred_at = recorded_time(caller, data.occurred_at, now)
    signal = rules.signals[data.action]
    action = {"points": signal.points, "tier": signal.action_tier, "received_at": now}
    if created:  # nothing to deduplicate against: one INSERT
        IntentAction.objects.create(lead=lead, code=data.action, occurred_at=occurred_at, **action)
        recorded, actions = True, [scoring.ActionSeen(data.action, occurred_at)]
    else:
        _, recorded = IntentAction.objects.get_or_create(
            lead=lead, code=data.action, occurred_at=occurred_at, defaults=action
        )
        actions = None
    if recorded:
        _emit(Event.LEAD_ACTION_RECORDED, lead, occurred_at, actor, action=data.action)
    if data.action == "unsubscribe" and not lead.unsubscribed_at:
        lead.unsubscribed_at = occurred_at
    lead.last_activity_at = max(filter(None, [lead.last_activity_at, occurred_at]))

    _assess(lead, account, rules, icp_fit=data.icp_fit, now=now, actions=actions)
    _advance(lead, account, actor, now, calendar)
    return lead, created


def _create_lead(email: str, data: LeadData, account: Account, calendar) -> tuple[Lead, bool]:
    """A new lead, or the one a concurrent intake of the same email has just created."""
    lead = Lead(
        email=email,
        account=account,
        external_id=data.external_id or None,
        timezone=calendar.timezone_for(
            timezone=data.timezone, country=account.country, region=account.region
        ),
    )
    try:
        with transaction.atomic():
            lead.save(force_insert=True)
    except IntegrityError:
        return Lead.objects.select_for_update().get(email=email), False
    return lead, True


def _assess(
    lead: Lead, account: Account, rules, *, icp_fit: int | None, now: datetime, actions=None
) -> None:
    """Score the lead, compute its ICP fit, persona and tier, and evaluate the MQL criteria."""
    person = scoring.Person(lead.first_name, lead.last_name, lead.email, lead.phone, lead.title)
    company = scoring.Firmographics(account.name, account.industry, account.employees)
    if actions is None:
        actions = [
            scoring.ActionSeen(code, at)
            for code, at in lead.actions.values_list("code", "occurred_at")
        ]
    if icp_fit is not None:
        lead.icp_fit, lead.icp_fit_given = icp_fit, True
    elif not lead.icp_fit_given:
        lead.icp_fit = scoring.icp_fit_of(company, rules)
    lead.score, _ = scoring.score_of(
        person, company, actions, rules, unsubscribed=bool(lead.unsubscribed_at), now=now
    )
    lead.persona = scoring.persona_of(lead.title, rules)
    lead.tier = scoring.tier_of(actions, rules)
    territory, staffed = territory_for(account)
    lead.territory = territory
    if lead.state in (Lead.State.INQUIRY, Lead.State.RECYCLED):
        lead.hold_reason = "" if staffed else "REJ-07"
    lead.mql_criteria = scoring.criteria_of(
        person,
        company,
        actions,
        rules,
        icp_fit=lead.icp_fit,
        score=lead.score,
        territory_staffed=staffed,
    )
    lead.charter_version_id = rules.version_id
    suppressed_domain = _domain_suppression(account.domain, now)
    if suppressed_domain and not lead.is_suppressed(now):
        lead.suppression = (
            Lead.Suppression.DAYS if suppressed_domain.until else Lead.Suppression.PERMANENT
        )
        lead.suppressed_until = suppressed_domain.until
        lead.suppression_reason = suppressed_domain.reason_code or "suppressed domain"
    open_states = (Lead.State.INQUIRY, Lead.State.RECYCLED)
    lead.needs_review = (
        lead.state in open_states
        and rules.model.review_band_min <= lead.score < rules.model.mql_threshold
    )


def _advance(lead: Lead, account: Account, actor, now: datetime, calendar) -> None:
    """Save the assessed lead; existing customers go to the account team; a lead that passes
    the MQL gate becomes an MQL and is routed."""
    source = lead.state
    if account.is_customer and source in (Lead.State.INQUIRY, Lead.State.MQL, Lead.State.RECYCLED):
        lead.hand_to_account_team()
        lead.owner, lead.ae = None, account.owner_ae
        name = "hand_to_account_team"
    elif source in (Lead.State.INQUIRY, Lead.State.RECYCLED) and not lead.mql_unmet():
        lead.become_mql()
        lead.mql_at, lead.needs_review = now, False
        name = "become_mql"
    else:
        name = None
    lead.save()
    _emit(Event.LEAD_SCORED, lead, now, actor, score=lead.score)
    if name == "hand_to_account_team":
        _log(lead, name, source, actor, reason_code="REJ-04")
    elif name == "become_mql":
        _log(lead, name, source, actor, score=lead.score, tier=lead.tier)
        _emit(Event.LEAD_BECAME_MQL, lead, now, actor, tier=lead.tier)
        route(lead, actor=actor, now=now, calendar=calendar)


def route(lead: Lead, *, actor=None, now: datetime | None = None, calendar=None) -> Lead:
    """Give an MQL to an SDR of its territory: the on-call SDR outside business hours, else the
    active SDR whose last lead is oldest. An unstaffed territory holds it (REJ-07)."""
    now = now or timezone.now()
    member = None
    if lead.territory_id:
        # One assignment at a time per territory: the round-robin stays fair under concurrency.
        territory = Territory.objects.select_for_update().get(pk=lead.territory_id)
        member = (
            territory.members.filter(is_active=True, sdr__is_active=True)
            .order_by(F("last_assignment").asc(nulls_first=True), "id")
            .select_related("sdr")
            .first()
            if territory.is_active
            else None
        )
    if member is None:
        lead.owner, lead.hold_reason = None, "REJ-07"
        lead.save(update_fields=["owner", "hold_reason"])
        return lead
    calendar = calendar or BusinessCalendar.objects.get(pk=rules_in_force().calendar_id)
    after_hours = not calendar.engine(lead.timezone).is_open(now)
    if after_hours and territory.on_call_sdr_id:
        owner = territory.on_call_sdr
    else:
        territory.assignments += 1
        territory.save(update_fields=["assignments"])
        TerritoryMember.objects.filter(pk=member.pk).update(
            last_assignment=territory.assignments, assigned_count=F("assigned_count") + 1
        )
        owner = member.sdr
    lead.owner, lead.routed_at, lead.hold_reason = owner, now, ""
    lead.save(update_fields=["owner", "routed_at", "hold_reason"])
    _emit(Event.LEAD_ROUTED, lead, now, actor, owner=owner.username, after_hours=after_hours)
    return lead


# The contract's transition names, by who works them.
SDR_TRANSITIONS = ("accept", "reject", "qualify", "recycle", "disqualify")
AE_TRANSITIONS = ("ae_accept", "ae_reject")
# ae_reject runs one of these, depending on the AE-REJ code; any of them shows availability.
_MODEL_TRANSITION = {"ae_reject": "return_to_sal"}


def leads_visible_to(caller):
    if isinstance(caller, ApiToken):
        return Lead.objects.all()
    return Lead.objects.visible_to(caller)


def may_act(caller, lead: Lead, name: str) -> bool:
    """An SDR on their own leads, an AE on SQLs assigned to them, managers for their team,
    RevOps for all; an integration token with the leads:write right for all."""
    if isinstance(caller, ApiToken):
        return caller.allows(Scope.LEADS_WRITE)
    if caller.is_superuser or caller.role == Role.REVOPS:
        return True
    worker = lead.owner if name in SDR_TRANSITIONS else lead.ae
    if worker is None:
        return False
    if worker.pk == caller.pk:
        return True
    manager_role = Role.SDR_MANAGER if name in SDR_TRANSITIONS else Role.AE_MANAGER
    team = worker.team
    return caller.role == manager_role and team is not None and team.manager_id == caller.pk


def available_transitions(lead: Lead, caller) -> list[dict]:
    """For the caller: each transition, whether they may run it now, and what is missing."""
    available = []
    for name in SDR_TRANSITIONS + AE_TRANSITIONS:
        missing = unmet(getattr(lead, _MODEL_TRANSITION.get(name, name)))
        if not may_act(caller, lead, name):
            missing = ["you do not work this lead", *missing]
        available.append({"name": name, "allowed": not missing, "unmet": missing})
    return available


# --- the lifecycle -------------------------------------------------------------------------

QUALIFICATION_FIELDS = (
    "pain",
    "timeline",
    "meeting_url",
    "metrics",
    "economic_buyer",
    "decision_criteria",
    "decision_process",
    "paper_process",
    "implicate_pain",
    "champion",
    "briefing",
)
# The state a reason code sends a lead to → the transition that gets it there.
_TO_STATE = {
    Lead.State.REJECTED: "reject",
    Lead.State.RECYCLED: "recycle",
    Lead.State.DISQUALIFIED: "disqualify",
    Lead.State.SAL: "return_to_sal",
    Lead.State.ARBITRATION: "send_to_arbitration",
    Lead.State.ACCOUNT_TEAM: "hand_to_account_team",
}
_EVENT_OF = {
    "accept": Event.LEAD_ACCEPTED,
    "reject": Event.LEAD_REJECTED,
    "qualify": Event.LEAD_QUALIFIED,
    "recycle": Event.LEAD_RECYCLED,
    "disqualify": Event.LEAD_DISQUALIFIED,
    "ae_accept": Event.LEAD_AE_ACCEPTED,
    "ae_reject": Event.LEAD_AE_REJECTED,
}


def _run(lead: Lead, method: str, name: str, actor, reason_code: str = "", **payload) -> None:
    """Run the model transition `method` for the contract's `name`, refusing with its gates."""
    bound = getattr(lead, method)
    if missing := unmet(bound):
        raise TransitionRefused(f"The lead cannot be moved by “{name}” now.", missing)
    source = lead.state
    bound()
    lead.save()
    _log(lead, name, source, actor, reason_code=reason_code, **payload)


def _reason(name: str, reason_code: str | None):
    taxonomy = REASON_TAXONOMY[name]
    codes = rules_in_force().reason_codes.get(taxonomy, {})
    if reason_code not in codes:
        raise TransitionRefused(
            f"“{name}” needs a reason code from the {taxonomy.label} taxonomy.",
            [f"a reason code: one of {', '.join(sorted(codes))}"],
        )
    return codes[reason_code]


def _apply_consequence(lead: Lead, code, now: datetime) -> None:
    """What the charter says a reason code does, beyond the state change."""
    Effect, Suppression = type(code).SideEffect, type(code).Suppression
    if code.suppression == Suppression.DAYS:
        lead.suppression, lead.suppressed_until = (
            Lead.Suppression.DAYS,
            now + timedelta(days=code.suppression_days),
        )
    elif code.suppression == Suppression.PERMANENT:
        lead.suppression, lead.suppressed_until = Lead.Suppression.PERMANENT, None
    elif code.suppression == Suppression.UNTIL_ENRICHED:
        lead.suppression, lead.suppressed_until = Lead.Suppression.UNTIL_ENRICHED, None
    if code.suppression != Suppression.NONE:
        lead.suppression_reason = code.code
    if code.side_effect in (Effect.SUPPRESS_DOMAIN, Effect.SUPPRESS_COMPANY):
        SuppressedDomain.objects.get_or_create(
            domain=lead.account.domain, defaults={"reason_code": code.code}
        )
    if code.side_effect == Effect.DO_NOT_ROUTE:
        lead.do_not_route = True
    if code.side_effect == Effect.ROUTE_TO_TERRITORY:
        lead.owner, lead.hold_reason = None, code.code
    if code.check_in_after_days:
        lead.check_in_due_at = now + timedelta(days=code.check_in_after_days)
    lead.save()


def _with_reason(lead: Lead, name: str, actor, reason_code: str | None, now: datetime) -> None:
    code = _reason(name, reason_code)
    target = code.target_state or Lead.State.REJECTED
    if target != lead.state:
        _run(lead, _TO_STATE[target], name, actor, reason_code=code.code)
    else:
        _log(lead, name, lead.state, actor, reason_code=code.code)
    _apply_consequence(lead, code, now)
    if code.side_effect == type(code).SideEffect.ROUTE_TO_ACCOUNT_TEAM:
        if lead.state != Lead.State.ACCOUNT_TEAM:
            _run(lead, "hand_to_account_team", name, actor, reason_code=code.code)
        lead.owner, lead.ae = None, lead.account.owner_ae
        lead.save(update_fields=["owner", "ae"])


def _assign_ae(lead: Lead) -> None:
    """The account's AE, else the AE with the fewest open SQLs."""
    if lead.ae_id:
        return
    if lead.account.owner_ae_id:
        lead.ae = lead.account.owner_ae
        return
    from slaportal.org.models import User

    lead.ae = (
        User.objects.with_role(Role.AE)
        .filter(is_active=True)
        .annotate(open_sqls=models.Count("sql_leads", filter=Q(sql_leads__state=Lead.State.SQL)))
        .order_by("open_sqls", "id")
        .first()
    )


@transaction.atomic
def transition(lead: Lead, name: str, caller, **body) -> Lead:
    """Run the contract's transition `name` on the lead for `caller` (a person or a token)."""
    if name not in SDR_TRANSITIONS + AE_TRANSITIONS:
        raise Http404(f"No transition named “{name}”.")
    lead = Lead.objects.select_for_update().select_related("account").get(pk=lead.pk)
    if not may_act(caller, lead, name):
        raise PermissionDenied(f"You may not “{name}” this lead: it is not yours to work.")
    actor = person_behind(caller)
    now = timezone.now()
    if name == "accept":
        _run(lead, "accept", name, actor)
    elif name in ("reject", "recycle", "disqualify", "ae_reject"):
        if name == "ae_reject" and lead.state != Lead.State.SQL:
            raise TransitionRefused(
                "Only an SQL can be rejected by the AE.",
                [f"not possible while lead is {lead.get_state_display()}"],
            )
        _with_reason(lead, name, actor, body.get("reason_code"), now)
    elif name == "qualify":
        for field in QUALIFICATION_FIELDS:
            if body.get(field):
                setattr(lead, field, body[field])
        _assign_ae(lead)
        lead.ae_flags = lead.preferred_unmet()
        missing = unmet(lead.qualify) + ([] if lead.ae_id else ["an AE to hand the SQL to"])
        if missing:
            raise TransitionRefused("The lead cannot be moved by “qualify” now.", missing)
        _run(lead, "qualify", name, actor, ae=lead.ae.username, flagged=lead.ae_flags)
    elif name == "ae_accept":
        if body.get("briefing_read") and not lead.briefing_read_at:
            lead.briefing_read_at = now
        _run(lead, "ae_accept", name, actor)
    _emit(_EVENT_OF[name], lead, now, actor, reason_code=body.get("reason_code") or "")
    return lead


# --- touches and meetings --------------------------------------------------------------------


def may_work(caller, lead: Lead, scope: Scope) -> bool:
    if isinstance(caller, ApiToken):
        return caller.allows(scope)
    return may_act(caller, lead, "accept") or may_act(caller, lead, "ae_accept")


@transaction.atomic
def log_activity(
    lead: Lead, caller, *, channel: str, outcome: str, occurred_at: datetime | None, notes=""
) -> Activity:
    """A touch, timestamped by the dialer (tokens) or by the server (people)."""
    if not may_work(caller, lead, Scope.ACTIVITIES_WRITE):
        raise PermissionDenied("You may not log touches on this lead.")
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    now = timezone.now()
    actor = person_behind(caller)
    at = recorded_time(caller, occurred_at, now)
    activity = Activity.objects.create(
        lead=lead,
        channel=channel,
        outcome=outcome,
        occurred_at=at,
        received_at=now,
        notes=notes,
        actor=actor,
    )
    lead.last_activity_at = max(filter(None, [lead.last_activity_at, at]))
    lead.save(update_fields=["last_activity_at"])
    _emit(Event.LEAD_ACTIVITY_LOGGED, lead, at, actor, channel=channel, outcome=outcome)
    if channel == Activity.Channel.CALL and outcome == Activity.Outcome.CONNECTED:
        _emit(Event.LEAD_CALL_CONNECTED, lead, at, actor)
    return activity


@transaction.atomic
def book_meeting(lead: Lead, caller, *, starts_at: datetime, meeting_url: str, kind="discovery"):
    if not may_work(caller, lead, Scope.MEETINGS_WRITE):
        raise PermissionDenied("You may not book meetings on this lead.")
    actor = person_behind(caller)
    meeting = Meeting.objects.create(
        lead=lead, starts_at=starts_at, meeting_url=meeting_url, kind=kind, booked_by=actor
    )
    _emit(Event.LEAD_MEETING_BOOKED, lead, meeting.booked_at, actor, meeting=meeting.pk)
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
    actor = person_behind(caller)
    _emit(
        _MEETING_EVENTS[status], meeting.lead, meeting.status_changed_at, actor, meeting=meeting.pk
    )
    return meeting


def cadence_progress(lead: Lead) -> dict | None:
    """Touches made against the tier's cadence since the lead was routed."""
    if not lead.tier or not lead.routed_at:
        return None
    plan = rules_in_force().cadences.get(lead.tier)
    if plan is None:
        return None
    calendar = BusinessCalendar.objects.get(pk=rules_in_force().calendar_id).engine(lead.timezone)
    touches = lead.activities.filter(occurred_at__gte=lead.routed_at).count()
    return {
        "tier": lead.tier,
        "touches": touches,
        "planned_touches": plan.touches,
        "over_business_days": plan.over_business_days,
        "ends_at": (ends_at := calendar.add_days(lead.routed_at, plan.over_business_days)),
        "complete": touches >= plan.touches,
        "behind": touches < plan.touches and timezone.now() >= ends_at,
    }
