"""The forms of the managers' pages. What a decision needs (a root cause, an AE for a
reassignment) is the service's to require, so its refusal names what is missing; the forms
bound and type what is typed."""

from functools import cached_property

from django import forms

from escalations.models import Breach
from leads.services.review import DECISIONS
from slaportal.org.models import User
from slaportal.org.roles import Role

from .forms import NOTE_LENGTH, ReasonForm

# At most a page of rows is selected at once: each is acknowledged in its own transaction.
BULK_LIMIT = 100


class ResolveForm(forms.Form):
    root_cause = forms.CharField(
        label="Root cause", max_length=NOTE_LENGTH, required=False, strip=True
    )


class BulkAcknowledgeForm(forms.Form):
    """The breaches ticked on the list, among those the viewer sees (one query): an id of
    another's is refused as not there."""

    breach = forms.ModelMultipleChoiceField(
        queryset=Breach.objects.none(),
        label="Breaches",
        error_messages={"required": "Tick the breaches to acknowledge."},
    )

    def __init__(self, *args, breaches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["breach"].queryset = breaches.order_by("breached_at", "pk")

    def clean_breach(self):
        chosen = self.cleaned_data["breach"]
        if len(chosen) > BULK_LIMIT:
            raise forms.ValidationError(f"Choose at most {BULK_LIMIT} breaches at once.")
        return chosen


class NoteForm(forms.Form):
    note = forms.CharField(label="Note", max_length=NOTE_LENGTH, required=False)


class ArbitrationForm(ReasonForm):
    """A decision on an SQL in arbitration; a recycle's code is the recycle taxonomy's."""

    decision = forms.ChoiceField(
        choices=[(name, name.replace("_", " ").capitalize()) for name in DECISIONS]
    )
    ae = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="New AE", empty_label="—"
    )
    note = forms.CharField(label="Note", max_length=NOTE_LENGTH, required=False)

    field_order = ["decision", "ae", "reason_code", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, transition="recycle", **kwargs)
        self.fields["reason_code"].required = False
        self.fields["reason_code"].label = "Recycle code"
        self.fields["ae"].queryset = (
            User.objects.with_role(Role.AE).filter(is_active=True).order_by("username")
        )

    @cached_property
    def ae_options(self) -> list:
        """The AEs read once for every row's select (a model field's choices query anew on
        each iteration)."""
        return list(self.fields["ae"].choices)
