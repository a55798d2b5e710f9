"""What a scoreboard page counts over, from its query string (the same words as
`GET /api/v1/scoreboard`: from, to, team, owner, tier, source), and the commitment forms."""

from datetime import date, timedelta

from django import forms

from leads.rules import NoCharterInForce, rules_in_force
from scoreboard import board, commitments
from scoreboard.measures import Scope
from slaportal import company
from slaportal.org.models import Team, User

TEXT_LENGTH = commitments.MAX_TEXT


class ScopeForm(forms.Form):
    to = forms.DateField(required=False, label="To")
    team = forms.ModelChoiceField(
        queryset=Team.objects.order_by("name"), to_field_name="name", required=False
    )
    owner = forms.ModelChoiceField(
        queryset=User.objects.filter(groups__isnull=False).order_by("username").distinct(),
        to_field_name="username",
        required=False,
        label="Person",
    )
    tier = forms.TypedChoiceField(
        choices=[("", "Any"), (1, "Tier 1"), (2, "Tier 2"), (3, "Tier 3")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    source = forms.ChoiceField(required=False, label="Source")

    def __init__(self, data, *, default_days: int = 7, ending: date | None = None):
        super().__init__(data)
        self.ending = ending
        # `from` is a keyword: the field is added by name, as the query string spells it.
        self.fields = {"from": forms.DateField(required=False, label="From"), **self.fields}
        self.default_days = default_days
        try:
            signals = sorted(rules_in_force().actions)
        except NoCharterInForce:  # nothing to offer until RevOps publishes one
            signals = []
        self.fields["source"].choices = [("", "Any"), *((code, code) for code in signals)]

    def clean(self):
        cleaned = super().clean()
        last = cleaned.get("to") or self.ending or company.today()
        first = cleaned.get("from") or last - timedelta(days=self.default_days - 1)
        for field, problem in board.period_problems(first, last).items():
            self.add_error(field, problem)
        cleaned["from"], cleaned["to"] = first, last
        return cleaned

    @property
    def first(self) -> date:
        return self.cleaned_data["from"] if self.is_valid() else self._default()[0]

    @property
    def last(self) -> date:
        return self.cleaned_data["to"] if self.is_valid() else self._default()[1]

    def _default(self) -> tuple[date, date]:
        last = self.ending or company.today()
        return last - timedelta(days=self.default_days - 1), last

    def scope(self) -> Scope:
        data = self.cleaned_data if self.is_valid() else {}
        return board.scope_of(
            self.first,
            self.last,
            people=board.people_of(data.get("team"), data.get("owner")),
            tier=data.get("tier"),
            source=data.get("source") or None,
        )


class RootCauseForm(forms.Form):
    root_cause = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_LENGTH)
    corrective_action = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_LENGTH
    )


class RemediationForm(forms.Form):
    meeting_at = forms.DateTimeField(
        label="Remediation meeting", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    remediation = forms.CharField(
        label="Remediation agreed", widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_LENGTH
    )
