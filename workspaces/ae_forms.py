"""The forms of the opportunity page, and what each runs: the form checked, the pipeline's
service called, the outcome in words. A refusal changes nothing (each service is one
transaction) and reads as the lead page's do; PermissionDenied is left to the view (403)."""

from django import forms
from django.utils.formats import date_format

from leads.rules import NoCharterInForce, rules_in_force
from pipeline import services as pipeline
from pipeline.models import MEDDPIC_FIELDS, Opportunity, OpportunityMeeting
from slaportal import company
from slaportal.charter.models import Taxonomy

from .actions import Outcome, attempt
from .forms import NOTE_LENGTH, MeetingForm, TouchForm
from .timeline import local


class NextStepForm(forms.Form):
    action = forms.CharField(
        label="Next step",
        max_length=300,
        help_text="Who does what, e.g. “Send the SOC 2 report to Lee”.",
    )
    due_date = forms.DateField(label="Due", widget=forms.DateInput(attrs={"type": "date"}))

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < company.today():
            raise forms.ValidationError("a next step is due today or later")
        return due


class ForecastForm(forms.Form):
    amount = forms.DecimalField(min_value=0, max_digits=12, decimal_places=2)
    close_date = forms.DateField(label="Close date", widget=forms.DateInput(attrs={"type": "date"}))


# What the gate into the next stage looks for, by the stage the opportunity is in (the close
# date the later gates also need is the forecast form's).
_NEXT_GATE_FACTS = {
    Opportunity.Stage.STAGE_1: tuple(MEDDPIC_FIELDS),
    Opportunity.Stage.STAGE_2: ("evaluation",),
    Opportunity.Stage.STAGE_3: ("proposal_sent", "success_plan"),
    Opportunity.Stage.STAGE_4: ("verbal_agreement", "paper_process"),
}


class StageFactsForm(forms.ModelForm):
    """The facts sent with a stage move; only what its gate needs is offered, and a blank
    field leaves what is recorded (the service records only what is given)."""

    proposal_sent = forms.BooleanField(label="Proposal sent", required=False)
    verbal_agreement = forms.BooleanField(label="Verbal agreement given", required=False)

    class Meta:
        model = Opportunity
        fields = (*MEDDPIC_FIELDS, "evaluation", "success_plan", "paper_process")
        widgets = {field: forms.Textarea(attrs={"rows": 2}) for field in fields}

    def __init__(self, *args, stage: str, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = _NEXT_GATE_FACTS.get(stage, ())
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
            else:
                self.fields[name].required = False


class LoseForm(forms.Form):
    reason_code = forms.ChoiceField(label="Win-loss code")
    feedback = forms.CharField(
        label="Feedback for Marketing",
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        try:
            codes = rules_in_force().reason_codes.get(Taxonomy.WIN_LOSS, {})
        except NoCharterInForce:
            codes = {}
        self.fields["reason_code"].choices = [
            ("", "Choose a code…"),
            *((code.code, f"{code.code} — {code.label}") for code in codes.values()),
        ]


class OpportunityMeetingForm(MeetingForm):
    kind = forms.ChoiceField(choices=OpportunityMeeting.Kind.choices)
    field_order = ("kind", "starts_at", "meeting_url")


OPPORTUNITY_ACTIONS = ("next_step", "forecast", "advance", "win", "lose", "touch", "meeting")


def act_on_opportunity(request, opportunity: Opportunity, action: str) -> Outcome:
    data = request.POST
    form = {
        "next_step": lambda: NextStepForm(data),
        "forecast": lambda: ForecastForm(data),
        "advance": lambda: StageFactsForm(
            data, stage=opportunity.stage, instance=Opportunity(pk=opportunity.pk)
        ),
        "lose": lambda: LoseForm(data),
        "touch": lambda: TouchForm(data),
        "meeting": lambda: OpportunityMeetingForm(data),
    }.get(action, lambda: None)()
    return attempt(form, lambda values: _run(request.user, opportunity, action, values))


def _run(user, opportunity: Opportunity, action: str, values: dict) -> Outcome:
    if action == "next_step":
        # Through `update`: it locks the row and checks who may work it; log_next_step alone
        # does neither.
        pipeline.update(opportunity, user, next_step=values)
        due = date_format(values["due_date"], "D j M")
        return Outcome(True, f"Next step logged: {values['action']} (due {due}).")
    if action == "forecast":
        pipeline.update(opportunity, user, **values)
        return Outcome(True, "Forecast saved; any change is kept in its history.")
    if action == "advance":
        opportunity = pipeline.advance(opportunity, user, **values)
        return Outcome(True, f"Moved to {opportunity.get_stage_display()}.")
    if action == "win":
        pipeline.win(opportunity, user)
        return Outcome(True, "Closed won.")
    if action == "lose":
        pipeline.lose(opportunity, user, **values)
        return Outcome(True, f"Closed lost ({values['reason_code']}).")
    if action == "touch":
        activity = pipeline.log_activity(opportunity, user, occurred_at=None, **values)
        return Outcome(
            True, f"{activity.get_channel_display()} logged ({activity.get_outcome_display()})."
        )
    meeting = pipeline.book_meeting(opportunity, user, **values)
    return Outcome(True, f"{meeting.get_kind_display()} booked for {local(meeting.starts_at)}.")
