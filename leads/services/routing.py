"""Where an MQL goes: its territory, and the SDR whose turn it is."""

from datetime import datetime

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from slaportal.charter.models import BusinessCalendar
from slaportal.events import Event, publish_about

from ..models import Account, Lead, Territory, TerritoryMember, TerritoryRegion
from ..rules import rules_in_force


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
    calendar = calendar or BusinessCalendar.current(rules_in_force().calendar_id)
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
    publish_about(lead, Event.LEAD_ROUTED, now, actor, after_hours=after_hours)
    return lead
