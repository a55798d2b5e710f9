"""A posted lead or intent action: upserted, recorded once, assessed against the charter in
force, and promoted to MQL and routed when it passes the entry criteria."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from slaportal.api.models import person_behind, recorded_time
from slaportal.charter.models import BusinessCalendar
from slaportal.events import Event, publish_about, together

from .. import scoring
from ..models import Account, IntentAction, Lead, SuppressedDomain
from ..rules import LeadRules, rules_in_force
from .access import may_post_intake
from .lifecycle import record_transition
from .routing import route, territory_for


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


@transaction.atomic
def intake(data: LeadData, *, caller=None) -> tuple[Lead, bool]:
    """Upsert the lead, record its action, re-assess it against the charter, and route it if it
    became an MQL. Re-posting the same lead and action changes nothing (idempotent). `caller` is
    the token or person posting; none is the portal itself (demo data)."""
    if not may_post_intake(caller):
        raise PermissionDenied(
            "Leads are posted by the marketing platform, forms, Marketing Ops or RevOps."
        )
    with together():  # the lead's events, published as one when the intake is done
        return _intake(data, caller)


def _intake(data: LeadData, caller) -> tuple[Lead, bool]:
    actor = person_behind(caller)
    rules = rules_in_force()
    calendar = BusinessCalendar.current(rules.calendar_id)
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
    occurred_at = recorded_time(caller, data.occurred_at, now)
    signal = rules.signals[data.action]
    action = {
        "points": signal.points,
        "tier": signal.action_tier,
        "received_at": now,
        "account": lead.account,
    }
    if created:  # nothing to deduplicate against: one INSERT
        IntentAction.objects.create(lead=lead, code=data.action, occurred_at=occurred_at, **action)
        recorded, actions = True, [scoring.ActionSeen(data.action, occurred_at)]
    else:
        _, recorded = IntentAction.objects.get_or_create(
            lead=lead, code=data.action, occurred_at=occurred_at, defaults=action
        )
        actions = [
            scoring.ActionSeen(code, at)
            for code, at in lead.actions.values_list("code", "occurred_at")
        ]
    if data.action == "unsubscribe" and not lead.unsubscribed_at:
        lead.unsubscribed_at = occurred_at
    lead.last_activity_at = max(filter(None, [lead.last_activity_at, occurred_at]))
    if data.icp_fit is not None:
        lead.icp_fit_given = True

    _assess(lead, account, actions, rules, icp_fit=data.icp_fit, now=now)
    source, change = lead.state, _promotion(lead, account, data.action, now)
    lead.save()
    # Published once the lead they describe is saved, scored and in its new state.
    if created:
        publish_about(lead, Event.LEAD_CREATED, now, actor)
    if recorded:
        publish_about(lead, Event.LEAD_ACTION_RECORDED, occurred_at, actor, action=data.action)
    publish_about(lead, Event.LEAD_SCORED, now, actor, score=lead.score)
    if change == "hand_to_account_team":
        record_transition(lead, change, source, actor, reason_code="REJ-04")
    elif change == "become_mql":
        record_transition(lead, change, source, actor, score=lead.score, tier=lead.tier)
        publish_about(lead, Event.LEAD_BECAME_MQL, now, actor, enriched=lead.icp_fit_given)
        route(lead, actor=actor, now=now, calendar=calendar)
    return lead, created


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
    lead: Lead,
    account: Account,
    actions: list[scoring.ActionSeen],
    rules: LeadRules,
    *,
    icp_fit: int | None,
    now: datetime,
) -> None:
    """Judge the lead against the charter (score, ICP fit, persona, tier, MQL criteria) and
    note what holds it back: an unstaffed territory, a suppressed domain, the review band."""
    territory, staffed = territory_for(account)
    assessment = scoring.assess(
        scoring.Person(lead.first_name, lead.last_name, lead.email, lead.phone, lead.title),
        scoring.Firmographics(account.name, account.industry, account.employees),
        actions,
        rules,
        icp_fit=icp_fit if icp_fit is not None else (lead.icp_fit if lead.icp_fit_given else None),
        unsubscribed=bool(lead.unsubscribed_at),
        territory_staffed=staffed,
        now=now,
    )
    lead.score, lead.icp_fit, lead.persona = (
        assessment.score,
        assessment.icp_fit,
        assessment.persona,
    )
    lead.tier, lead.mql_criteria = assessment.tier, assessment.criteria
    lead.charter_version_id = rules.version_id
    lead.territory = territory
    open_states = (Lead.State.INQUIRY, Lead.State.RECYCLED)
    if lead.state in open_states:
        lead.hold_reason = "" if staffed else "REJ-07"
    suppressed_domain = _domain_suppression(account.domain, now)
    if suppressed_domain and not lead.is_suppressed(now):
        lead.suppression = (
            Lead.Suppression.DAYS if suppressed_domain.until else Lead.Suppression.PERMANENT
        )
        lead.suppressed_until = suppressed_domain.until
        lead.suppression_reason = suppressed_domain.reason_code or "suppressed domain"
    lead.needs_review = (
        lead.state in open_states
        and rules.model.review_band_min <= lead.score < rules.model.mql_threshold
    )


def _domain_suppression(domain: str, now: datetime) -> SuppressedDomain | None:
    return (
        SuppressedDomain.objects.filter(domain=domain)
        .filter(Q(until__isnull=True) | Q(until__gt=now))
        .first()
    )


def _promotion(lead: Lead, account: Account, action: str, now: datetime) -> str | None:
    """The change the assessment calls for, made (not yet saved): existing customers go to
    the account team; a lead that passes the MQL gate becomes an MQL on this action."""
    source = lead.state
    if account.is_customer and source in (Lead.State.INQUIRY, Lead.State.MQL, Lead.State.RECYCLED):
        lead.hand_to_account_team()
        lead.owner, lead.ae = None, account.owner_ae
        return "hand_to_account_team"
    if source in (Lead.State.INQUIRY, Lead.State.RECYCLED) and not lead.mql_unmet():
        lead.become_mql()
        lead.mql_at, lead.needs_review, lead.qualifying_action = now, False, action
        return "become_mql"
    return None
