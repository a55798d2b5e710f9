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


def rows_visible_to(rows: QuerySet, user) -> QuerySet:
    leads = Lead.objects.visible_to(user).values("pk")
    deals = Opportunity.objects.visible_to(user).values("pk")
    model = rows.model
    if model is LeadFunnel:
        return rows.filter(lead__in=leads)
    if model is Opportunity:
        return rows.filter(pk__in=deals)
    if model is Clock:
        return rows.filter(
            Q(subject_type="lead", subject_id__in=leads)
            | Q(subject_type="opportunity", subject_id__in=deals)
            | Q(subject_type="account")
        )
    if model is EventRecord:
        return rows.filter(subject_type="lead", subject_id__in=leads)
    return rows
