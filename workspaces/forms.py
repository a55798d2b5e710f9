"""The forms of the workspace pages: what a person types, bounded and typed before a service
sees it. The codes offered are the charter's in force, so a form never offers a retired code."""

from django import forms

from leads.models import REASON_TAXONOMY, SQL_FIELDS, Lead
from leads.rules import NoCharterInForce, rules_in_force
from leads.services.lifecycle import QUALIFICATION_FIELDS
from slaportal.records import Touch

NOTE_LENGTH = 2000


def _charter():
    """The lead rules in force; None before any charter is published (nothing to offer yet)."""
    try:
        return rules_in_force()
    except NoCharterInForce:
        return None


class TouchForm(forms.Form):
    channel = forms.ChoiceField(choices=Touch.Channel.choices)
    outcome = forms.ChoiceField(choices=Touch.Outcome.choices)
    notes = forms.CharField(max_length=NOTE_LENGTH, required=False)


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Starts at", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    meeting_url = forms.URLField(label="Meeting link", max_length=200, assume_scheme="https")


class ReasonForm(forms.Form):
    """A reason code of the transition's taxonomy in the charter in force."""

    reason_code = forms.ChoiceField(label="Reason code")

    def __init__(self, *args, transition: str, **kwargs):
        super().__init__(*args, **kwargs)
        rules = _charter()
        codes = rules.reason_codes.get(REASON_TAXONOMY[transition], {}) if rules else {}
        self.fields["reason_code"].choices = [
            ("", "Choose a code…"),
            *((code.code, f"{code.code} — {code.label}") for code in codes.values()),
        ]


class QualificationForm(forms.ModelForm):
    """What the SQL gate looks for; the gate itself (and the booked meeting) is the service's,
    so a refusal names what is still missing whatever the form let through."""

    meeting_url = forms.URLField(
        label="Meeting link", max_length=200, required=False, assume_scheme="https"
    )

    class Meta:
        model = Lead
        fields = QUALIFICATION_FIELDS
        widgets = {
            field: forms.Textarea(attrs={"rows": 2})
            for field in QUALIFICATION_FIELDS
            if field not in ("timeline", "meeting_url")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rules = _charter()
        required = {code for code, _ in rules.required_elements} if rules else set()
        for name, field in self.fields.items():
            field.required = False
            if _ELEMENT_OF.get(name) in required:
                field.label = f"{field.label} (required for SQL)"


# Lead field → the charter's qualification element it holds.
_ELEMENT_OF = {field: code for code, field in SQL_FIELDS.items()}


class AeAcceptForm(forms.Form):
    briefing_read = forms.BooleanField(label="I read the briefing")
