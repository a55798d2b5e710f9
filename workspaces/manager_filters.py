"""The filters of the managers' lists (django-filter), and whose leads a team's board holds."""

import django_filters
from django import forms
from django.db.models import QuerySet

from escalations.models import Breach
from leads.models import Lead
from slaportal.org.models import Team, User
from slaportal.org.roles import Role

from .filters import QUEUE_STATES

TIERS = [(1, "Tier 1"), (2, "Tier 2"), (3, "Tier 3")]


class BreachFilter(django_filters.FilterSet):
    """Unresolved breaches unless a status is chosen: what still needs someone."""

    status = django_filters.ChoiceFilter(
        choices=[*Breach.Status.choices, ("all", "Any status")],
        method="by_status",
        empty_label="Open and acknowledged",
    )
    policy = django_filters.CharFilter(field_name="code", label="Policy code", max_length=80)
    owner = django_filters.ModelChoiceFilter(queryset=User.objects.none(), empty_label="Anyone")
    mine = django_filters.BooleanFilter(
        method="addressed_to_viewer",
        label="Addressed to me",
        widget=forms.CheckboxInput(),
    )

    class Meta:
        model = Breach
        fields = ["status", "policy", "owner"]

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        # A manager picks among their team; the overseers among everyone on a team.
        people = User.objects.filter(team_membership__isnull=False)
        if team := managed_team(viewer):
            people = people.filter(team_membership__team=team)
        self.filters["owner"].queryset = people.order_by("username")

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.unresolved()
        return super().filter_queryset(queryset)

    def by_status(self, breaches, name, value):
        return breaches if value == "all" else breaches.filter(status=value)

    def addressed_to_viewer(self, breaches, name, value):
        return breaches.filter(escalated_to=self.viewer) if value else breaches


class BoardFilter(django_filters.FilterSet):
    """A manager's board is their team's; the overseers choose a team (the first by name
    until they do), so a board is always one team's queue, never the whole table."""

    team = django_filters.ModelChoiceFilter(
        queryset=Team.objects.all(), method="of_team", empty_label=None
    )
    tier = django_filters.ChoiceFilter(choices=TIERS, empty_label="Any tier")

    class Meta:
        model = Lead
        fields = ["team", "tier"]

    def __init__(self, data, *args, viewer, **kwargs):
        data = data.copy()
        if team := managed_team(viewer):
            data["team"] = team.pk
        else:
            data.setdefault("team", Team.objects.values_list("pk", flat=True).first() or "")
        super().__init__(data, *args, **kwargs)
        if team:
            self.filters["team"].queryset = Team.objects.filter(pk=team.pk)

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("team"):
            return queryset.none()  # no team yet: nobody's queue to show
        return super().filter_queryset(queryset)

    def of_team(self, leads, name, team):
        return team_leads(leads, team)


def managed_team(viewer) -> Team | None:
    """The team a manager runs; None for the overseers, who look across teams."""
    return viewer.team if viewer.role in (Role.SDR_MANAGER, Role.AE_MANAGER) else None


def team_leads(leads: QuerySet, team: Team) -> QuerySet:
    """What a team is working: an SDR team's MQLs and SALs (the `lead_queue` index per
    owner), an AE team's SQLs."""
    members = team.memberships.values("user")
    if team.kind == Team.Kind.SDR:
        return leads.filter(owner__in=members, state__in=QUEUE_STATES)
    return leads.filter(ae__in=members, state=Lead.State.SQL)
