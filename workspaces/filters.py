"""The filters of the queues and lists (django-filter)."""

import django_filters
from django.db.models import Q

from leads.models import Lead

QUEUE_STATES = (Lead.State.MQL, Lead.State.SAL)


class LeadQueueFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        choices=[(state.value, state.label) for state in QUEUE_STATES], empty_label="MQL and SAL"
    )
    tier = django_filters.ChoiceFilter(
        choices=[(1, "Tier 1"), (2, "Tier 2"), (3, "Tier 3")], empty_label="Any tier"
    )
    q = django_filters.CharFilter(method="search", label="Search", max_length=100)

    class Meta:
        model = Lead
        fields = ["state", "tier"]

    def search(self, leads, name, value):
        """Name, e-mail or company, as a rep remembers them."""
        return leads.filter(
            Q(email__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(account__name__icontains=value)
        )
