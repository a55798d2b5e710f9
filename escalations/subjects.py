"""The leads, opportunities and accounts clocks run on, as the engine needs them: which other
subjects an event concerns, and how a notification names its subject."""

from django.conf import settings

from leads.models import Account, Lead
from pipeline.models import Opportunity
from slaportal.events import DomainEvent

from .models import Escalation


def related_subjects(event: DomainEvent) -> list[tuple[str, int]]:
    """An opportunity's events also concern its lead: they stop the lead's clocks that wait
    for the opportunity (opened, discovery held)."""
    if event.subject_type == "opportunity" and event.data.get("lead"):
        return [("lead", event.data["lead"])]
    return []


def _label(subject_type: str, subject_id: int) -> str:
    if subject_type == "lead":
        lead = Lead.objects.select_related("account").filter(pk=subject_id).first()
        if lead:
            return f"lead {lead.full_name or lead.email} ({lead.account.name})"
    elif subject_type == "opportunity":
        opportunity = Opportunity.objects.filter(pk=subject_id).first()
        if opportunity:
            return f"opportunity {opportunity.name} ({opportunity.get_stage_display()})"
    elif subject_type == "account":
        account = Account.objects.filter(pk=subject_id).first()
        if account:
            return f"account {account.name}"
    return f"{subject_type} {subject_id}"


def describe(escalation: Escalation, subject_type: str, subject_id: int) -> tuple[str, str]:
    """The subject line and body of the notices of one escalation step."""
    breach, clock = escalation.breach, escalation.clock
    rule = clock.name if clock else breach.name
    label = _label(subject_type, subject_id)
    kind = "SLA breach" if breach else "SLA notice"
    lines = [f"{rule} on {label}."]
    if breach:
        lines.append(f"Breached at {breach.breached_at:%Y-%m-%d %H:%M %Z}.")
    elif clock:
        lines.append(f"Target {clock.target_at:%Y-%m-%d %H:%M %Z}.")
    if escalation.action:
        lines.append(f"Required: {escalation.action}.")
    if breach and breach.action_due_at:
        lines.append(f"By {breach.action_due_at:%Y-%m-%d %H:%M %Z}.")
    lines.append(f"{settings.PORTAL_URL}/api/v1/{subject_type}s/{subject_id}")
    return f"{kind}: {rule} — {label}"[:300], "\n".join(lines)
