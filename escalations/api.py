"""The breaches and notifications endpoints of the integration API (contract: breaches)."""

from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from slaportal.api.auth import require
from slaportal.api.fields import Id, text
from slaportal.api.models import ApiToken, Scope
from slaportal.api.responses import AUTH, BODY, FOUND, PARAMS, REFUSED, answers

from . import services
from .models import Breach, Notification

router = Router(tags=["breaches"])
notifications_router = Router(tags=["notifications"])

PAGE_SIZE, MAX_PAGE_SIZE = 50, 100


class SubjectOut(Schema):
    type: Literal["lead", "opportunity", "account"]
    id: int


class BreachOut(Schema):
    id: int
    policy: str = Field(description="The policy or hygiene trigger broken first.")
    name: str
    subject: SubjectOut
    owner: str | None
    level: int = Field(description="The highest escalation step reached.")
    escalated_to: list[str] = Field(description="The people it was addressed to (usernames).")
    breached_at: datetime
    detected_at: datetime
    status: Breach.Status
    required_action: str
    action_due_at: datetime | None
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    resolved_by: str | None
    resolved_at: datetime | None
    root_cause: str

    @staticmethod
    def resolve_policy(breach) -> str:
        return breach.code

    @staticmethod
    def resolve_subject(breach) -> dict:
        return {"type": breach.subject_type, "id": breach.subject_id}

    @staticmethod
    def resolve_owner(breach) -> str | None:
        return breach.owner.username if breach.owner_id else None

    @staticmethod
    def resolve_escalated_to(breach) -> list[str]:
        return sorted(person.username for person in breach.escalated_to.all())

    @staticmethod
    def resolve_acknowledged_by(breach) -> str | None:
        return breach.acknowledged_by.username if breach.acknowledged_by_id else None

    @staticmethod
    def resolve_resolved_by(breach) -> str | None:
        return breach.resolved_by.username if breach.resolved_by_id else None


class BreachFilters(Schema):
    status: Breach.Status | None = None
    owner: text(150) | None = Field(None, description="The owner's username.")
    policy: text(80) | None = Field(None, description="A policy or hygiene trigger code.")
    cursor: Id | None = Field(None, description="The last id of the previous page.")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


def _breaches(request):
    return services.breaches_visible_to(request.auth).select_related(
        "owner", "acknowledged_by", "resolved_by"
    )


@router.get(
    "",
    response=answers({200: list[BreachOut]}, AUTH, PARAMS),
    summary="Breaches, newest first (a page after `cursor`, the last id seen)",
)
def list_breaches(request, filters: Query[BreachFilters]):
    require(request, Scope.BREACHES_READ)
    breaches = _breaches(request).order_by("-id")
    if filters.status:
        breaches = breaches.filter(status=filters.status)
    if filters.owner:
        breaches = breaches.filter(owner__username=filters.owner)
    if filters.policy:
        breaches = breaches.filter(code=filters.policy)
    if filters.cursor:
        breaches = breaches.filter(pk__lt=filters.cursor)
    return list(breaches.prefetch_related("escalated_to")[: filters.limit])


@router.get(
    "/{breach_id}", response=answers({200: BreachOut}, AUTH, PARAMS, FOUND), summary="A breach"
)
def get_breach(request, breach_id: Id):
    require(request, Scope.BREACHES_READ)
    return get_object_or_404(_breaches(request), pk=breach_id)


@router.post(
    "/{breach_id}/acknowledge",
    response=answers({200: BreachOut}, AUTH, PARAMS, FOUND, REFUSED),
    summary="Acknowledge a breach addressed to you",
)
def acknowledge(request, breach_id: Id):
    require(request, Scope.BREACHES_WRITE)
    return services.acknowledge(get_object_or_404(_breaches(request), pk=breach_id), request.auth)


class ResolveIn(Schema):
    model_config = ConfigDict(extra="forbid")

    root_cause: text(2000, min_length=1, pattern=r"^[^\u0000]*\S[^\u0000]*$") = Field(
        description="What made it happen (required)."
    )


@router.post(
    "/{breach_id}/resolve",
    response=answers({200: BreachOut}, AUTH, PARAMS, FOUND, BODY, REFUSED),
    summary="Resolve a breach with its root cause",
)
def resolve(request, breach_id: Id, payload: ResolveIn):
    require(request, Scope.BREACHES_WRITE)
    breach = get_object_or_404(_breaches(request), pk=breach_id)
    return services.resolve(breach, request.auth, root_cause=payload.root_cause)


class NotificationOut(Schema):
    id: int
    subject: str
    body: str
    created_at: datetime
    read_at: datetime | None
    breach_id: int | None

    @staticmethod
    def resolve_breach_id(notification) -> int | None:
        return notification.escalation.breach_id if notification.escalation_id else None


class NotificationFilters(Schema):
    unread: bool | None = Field(None, description="Only the unread ones.")
    cursor: Id | None = Field(None, description="The last id of the previous page.")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


def _inbox(request):
    if isinstance(request.auth, ApiToken):
        raise PermissionDenied("Notifications are a person's own: an integration has none.")
    return Notification.objects.inbox(request.auth).select_related("escalation")


@notifications_router.get(
    "",
    response=answers({200: list[NotificationOut]}, AUTH, PARAMS),
    summary="Your notifications in the portal, newest first",
)
def list_notifications(request, filters: Query[NotificationFilters]):
    notices = _inbox(request).order_by("-id")
    if filters.unread is not None:
        notices = notices.filter(read_at__isnull=filters.unread)
    if filters.cursor:
        notices = notices.filter(pk__lt=filters.cursor)
    return list(notices[: filters.limit])


@notifications_router.post(
    "/{notification_id}/read",
    response=answers({200: NotificationOut}, AUTH, PARAMS, FOUND),
    summary="Mark one of your notifications read",
)
def mark_read(request, notification_id: Id):
    notice = get_object_or_404(_inbox(request), pk=notification_id)
    return services.mark_read(notice, request.auth)
