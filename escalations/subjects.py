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


def _labels(subjects: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """How notifications name their subjects: one query per kind of subject."""
    ids = {kind: [i for k, i in subjects if k == kind] for kind, _ in subjects}
    labels = {}
    if ids.get("lead"):
        for pk, first, last, email, company in Lead.objects.filter(pk__in=ids["lead"]).values_list(
            "pk", "first_name", "last_name", "email", "account__name"
        ):
            labels["lead", pk] = f"lead {f'{first} {last}'.strip() or email} ({company})"
    if ids.get("opportunity"):
        for pk, name, stage in Opportunity.objects.filter(pk__in=ids["opportunity"]).values_list(
            "pk", "name", "stage"
        ):
            labels["opportunity", pk] = f"opportunity {name} ({Opportunity.Stage(stage).label})"
    if ids.get("account"):
        for pk, name in Account.objects.filter(pk__in=ids["account"]).values_list("pk", "name"):
            labels["account", pk] = f"account {name}"
    return labels


def describe_all(escalations: list[Escalation]) -> dict[int, tuple[str, str]]:
    """The subject line and body of each escalation step's notices, by escalation id."""

    def subject_of(escalation):
        owner = escalation.clock or escalation.breach
        return owner.subject_type, owner.subject_id

    labels = _labels({subject_of(e) for e in escalations})
    return {
        e.pk: _text(e, labels.get(subject_of(e), " ".join(map(str, subject_of(e)))))
        for e in escalations
    }


def _text(escalation: Escalation, label: str) -> tuple[str, str]:
    breach, clock = escalation.breach, escalation.clock
    rule = clock.name if clock else breach.name
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
    subject_type, subject_id = (clock or breach).subject_type, (clock or breach).subject_id
    lines.append(f"{settings.PORTAL_URL}/api/v1/{subject_type}s/{subject_id}")
    return f"{kind}: {rule} — {label}"[:300], "\n".join(lines)
