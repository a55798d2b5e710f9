"""What a person does to a lead from a page, as one call: the form checked, the service run,
and the outcome in words. The queue's row buttons and the lead page's forms share it, so a
refusal reads the same wherever it happens."""

from dataclasses import dataclass, field

from django.urls import reverse

from leads.models import Lead
from leads.services import lifecycle, touches
from pipeline import services as pipeline
from slaportal.fsm import TransitionRefused

from .forms import AeAcceptForm, MeetingForm, QualificationForm, ReasonForm, TouchForm
from .timeline import local

REASONED = ("reject", "recycle", "disqualify", "ae_reject")
LEAD_ACTIONS = ("accept", "qualify", "ae_accept", "touch", "meeting", *REASONED)
# The contract's transition names as a button says them, and as the outcome reports them.
TRANSITION_LABELS = {
    "accept": ("Accept", "accepted"),
    "reject": ("Reject", "rejected"),
    "qualify": ("Qualify to SQL", "qualified"),
    "recycle": ("Recycle", "recycled"),
    "disqualify": ("Disqualify", "disqualified"),
    "ae_accept": ("Accept the SQL", "accepted"),
    "ae_reject": ("Reject the SQL", "sent back"),
}


@dataclass
class Outcome:
    done: bool
    message: str
    unmet: list[str] = field(default_factory=list)
    # Where the person goes next, when the action opened something (the AE's opportunity).
    next_url: str | None = None

    def in_words(self) -> str:
        return f"{self.message} Missing: {'; '.join(self.unmet)}." if self.unmet else self.message


def form_problems(form) -> list[str]:
    problems = []
    for name, errors in form.errors.items():
        label = form[name].label if name in form.fields else ""
        problems += [f"{label}: {error}" if label else error for error in errors]
    return problems


def act_on_lead(request, lead: Lead, action: str) -> Outcome:
    """Run `action` on the lead for the signed-in person. A refusal changes nothing: the
    services run in one transaction each. PermissionDenied is left to the view (403)."""
    data = request.POST
    form = {
        "touch": lambda: TouchForm(data),
        "meeting": lambda: MeetingForm(data),
        "qualify": lambda: QualificationForm(data, instance=Lead(pk=lead.pk)),
        "ae_accept": lambda: AeAcceptForm(data),
        **{name: (lambda name=name: ReasonForm(data, transition=name)) for name in REASONED},
    }.get(action, lambda: None)()
    return attempt(form, lambda values: _run(request.user, lead, action, values))


def attempt(form, run) -> Outcome:
    """`run(values)` with what `form` holds once it is valid (no form: no values), and the
    outcome in words; a refusal changes nothing (each service is one transaction)."""
    if form is not None and not form.is_valid():
        return Outcome(False, "Nothing was changed: check what you entered.", form_problems(form))
    try:
        return run(form.cleaned_data if form is not None else {})
    except TransitionRefused as refusal:
        return Outcome(False, refusal.detail, refusal.unmet)


def _run(user, lead: Lead, action: str, values: dict) -> Outcome:
    who = lead.full_name or lead.email
    if action == "touch":
        activity = touches.log_activity(lead, user, occurred_at=None, **values)
        return Outcome(
            True, f"{activity.get_channel_display()} logged ({activity.get_outcome_display()})."
        )
    if action == "meeting":
        meeting = touches.book_meeting(lead, user, **values)
        return Outcome(True, f"Meeting booked for {local(meeting.starts_at)}.")
    if action == "ae_accept":
        _, opportunity = pipeline.accept_sql(lead, user, briefing_read=True)
        return Outcome(
            True,
            f"SQL accepted: opportunity “{opportunity.name}” opened.",
            next_url=reverse("opportunity", args=[opportunity.pk]),
        )
    lead = lifecycle.transition(lead, action, user, **values)
    done = TRANSITION_LABELS[action][1]
    return Outcome(True, f"{who} {done}: now {lead.get_state_display()}.")
