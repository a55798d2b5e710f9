"""Who reads the scoreboard and which rows behind its numbers they see. Both teams see the
same numbers (every person with a role, as the API's `scoreboard:read`); the rows behind a
number are those the viewer may see — leads and deals by their own visibility, clocks and
touches by their subject's, target accounts everyone's."""

from django.db.models import Q, QuerySet

from escalations.models import Clock
from leads.models import Lead
from pipeline.models import Opportunity
from slaportal.events.models import EventRecord

from .models import LeadFunnel


def may_read(user) -> bool:
    return user.is_superuser or user.role is not None


def _visible_ids(model, user) -> QuerySet | None:
    """The ids of the leads or deals `user` may see; None when that is every one of them (no
    semi-join over them all to keep them all)."""
    if model.objects.all_visible_to(user):
        return None
    return model.objects.visible_to(user).values("pk")


def _about(subject_type: str, ids: QuerySet | None) -> Q:
    about = Q(subject_type=subject_type)
    return about if ids is None else about & Q(subject_id__in=ids)


def rows_visible_to(rows: QuerySet, user) -> QuerySet:
    leads, deals = _visible_ids(Lead, user), _visible_ids(Opportunity, user)
    model = rows.model
    if model is LeadFunnel:
        return rows if leads is None else rows.filter(lead__in=leads)
    if model is Opportunity:
        return rows if deals is None else rows.filter(pk__in=deals)
    if model is Clock:
        return rows.filter(
            _about("lead", leads) | _about("opportunity", deals) | Q(subject_type="account")
        )
    if model is EventRecord:
        return rows.filter(_about("lead", leads))
    return rows
