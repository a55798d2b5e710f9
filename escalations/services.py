"""What people and integrations do with breaches and notifications. The API, the admin and the
workspaces call these."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from slaportal.api.models import ApiToken, Scope, person_behind
from slaportal.events import DomainEvent, Event, publish
from slaportal.fsm import TransitionRefused, unmet
from slaportal.org.roles import Role

from .models import Breach, Clock, Notification

# Who sees, acknowledges and resolves every breach.
_OVERSEERS = (Role.REVOPS, Role.VP_SALES, Role.VP_MARKETING, Role.CRO)


def breaches_visible_to(caller):
    """Tokens with the right and the overseers see all; a manager their team's and what was
    addressed to them; anyone else their own and what was addressed to them."""
    if isinstance(caller, ApiToken):
        allowed = caller.allows(Scope.BREACHES_READ) or caller.allows(Scope.BREACHES_WRITE)
        return Breach.objects.all() if allowed else Breach.objects.none()
    if caller.is_superuser or caller.role in _OVERSEERS:
        return Breach.objects.all()
    mine = Q(owner=caller) | Q(escalated_to=caller)
    if caller.role in (Role.SDR_MANAGER, Role.AE_MANAGER):
        mine |= Q(owner__team_membership__team__manager=caller)
    return Breach.objects.filter(
        pk__in=Breach.objects.filter(mine).values("pk")
    )  # one row per breach, however it is reached


def may_handle(caller, breach: Breach) -> bool:
    """Acknowledge and resolve: whom it was escalated to, the owner's manager, the overseers;
    tokens with the right. The owner alone does not close their own breach."""
    if isinstance(caller, ApiToken):
        return caller.allows(Scope.BREACHES_WRITE)
    if caller.is_superuser or caller.role in _OVERSEERS:
        return True
    if breach.escalated_to.filter(pk=caller.pk).exists():
        return True
    team = breach.owner.team if breach.owner_id else None
    return team is not None and team.manager_id == caller.pk


def _locked(breach: Breach, caller) -> Breach:
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    if not may_handle(caller, breach):
        raise PermissionDenied("You may not act on this breach: it was not escalated to you.")
    return breach


@transaction.atomic
def acknowledge(breach: Breach, caller) -> Breach:
    breach = _locked(breach, caller)
    if missing := unmet(breach.acknowledge):
        raise TransitionRefused("The breach cannot be acknowledged now.", missing)
    breach.acknowledge()
    breach.acknowledged_at, breach.acknowledged_by = timezone.now(), person_behind(caller)
    breach.save()
    return breach


@transaction.atomic
def resolve(breach: Breach, caller, *, root_cause: str) -> Breach:
    """Resolved with its root cause; a hygiene escalation's required action counts as done."""
    breach = _locked(breach, caller)
    breach.root_cause = root_cause.strip()
    if missing := unmet(breach.resolve):
        raise TransitionRefused("The breach cannot be resolved yet.", missing)
    breach.resolve()
    now = timezone.now()
    breach.resolved_at, breach.resolved_by = now, person_behind(caller)
    breach.save()
    actor = person_behind(caller)
    publish(
        DomainEvent(
            name=Event.BREACH_RESOLVED,
            subject_type=breach.subject_type,
            subject_id=breach.subject_id,
            occurred_at=now,
            actor_id=actor.pk if actor else None,
            data={"breach": breach.pk, "code": breach.code},
        )
    )
    return breach


@transaction.atomic
def mark_read(notification: Notification, user) -> Notification:
    if notification.recipient_id != user.pk:
        raise PermissionDenied("This notification is someone else's.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user) -> int:
    """Every unread in-portal notification of the user, read now; how many there were."""
    return Notification.objects.inbox(user).unread().update(read_at=timezone.now())


def clocks_of(subject_type: str, subject_id: int) -> list[dict]:
    """A subject's clocks, latest first, as its representation shows them (one query)."""
    return [
        {"policy": clock.pop("code"), **clock}
        for clock in Clock.objects.of(subject_type, subject_id)
        .order_by("-started_at", "-pk")
        .values(
            "id",
            "code",
            "name",
            "status",
            "started_at",
            "target_at",
            "warn_at",
            "breach_at",
            "stopped_at",
        )
    ]
