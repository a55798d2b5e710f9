"""The lead's transitions as the contract names them, their reason codes and consequences."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from slaportal.api.models import person_behind
from slaportal.events import Event, publish_about
from slaportal.fsm import TransitionRefused, unmet
from slaportal.org.roles import Role

from ..models import REASON_TAXONOMY, Lead, LeadTransition, SuppressedDomain
from ..rules import rules_in_force
from .access import AE_TRANSITIONS, SDR_TRANSITIONS, may_act

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
# Where a reason code with no target state of its own sends the lead.
_OWN_TARGET = {
    "reject": Lead.State.REJECTED,
    "recycle": Lead.State.RECYCLED,
    "disqualify": Lead.State.DISQUALIFIED,
    "ae_reject": Lead.State.SAL,
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


def record_transition(
    lead: Lead, name: str, source: str, actor=None, reason_code="", **payload
) -> None:
    """The lead's history row for a state change it has just saved, and its event."""
    LeadTransition.objects.create(
        lead=lead,
        name=name,
        from_state=source,
        to_state=lead.state,
        actor=actor,
        reason_code=reason_code,
        payload=payload,
    )
    publish_about(
        lead, Event.LEAD_STATE_CHANGED, timezone.now(), actor, source=source, target=lead.state
    )


def _run(lead: Lead, method: str, name: str, actor, reason_code: str = "", **payload) -> None:
    """Run the model transition `method` for the contract's `name`, refusing with its gates."""
    bound = getattr(lead, method)
    if missing := unmet(bound):
        raise TransitionRefused(f"The lead cannot be moved by “{name}” now.", missing)
    source = lead.state
    bound()
    lead.save()
    record_transition(lead, name, source, actor, reason_code=reason_code, **payload)


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
    target = code.target_state or _OWN_TARGET[name]
    if target != lead.state:
        _run(lead, _TO_STATE[target], name, actor, reason_code=code.code)
    else:
        record_transition(lead, name, lead.state, actor, reason_code=code.code)
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
    publish_about(lead, _EVENT_OF[name], now, actor, reason_code=body.get("reason_code") or "")
    return lead
