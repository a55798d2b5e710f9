"""The lead page: who, where it stands against the MQL criteria, one timeline, and what the
viewer may do next, each refused transition saying what is missing."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from leads.models import Lead
from leads.services import access
from leads.services.touches import cadence_progress
from slaportal.charter.models import MqlCriterion

from ..actions import LEAD_ACTIONS, REASONED, TRANSITION_LABELS, act_on_lead
from ..deadlines import attach_next_clocks, with_next_deadline
from ..forms import AeAcceptForm, MeetingForm, QualificationForm, ReasonForm, TouchForm
from ..timeline import lead_timeline

_CRITERION_NAMES = {**dict(MqlCriterion.Code.choices), "score": "Score"}


def _visible(request, lead_id: int) -> Lead:
    """The lead with its next running clock, or 404 when the viewer may not see it."""
    leads = Lead.objects.visible_to(request.user).select_related(
        "account", "owner", "ae", "territory"
    )
    (lead,) = attach_next_clocks([get_object_or_404(with_next_deadline(leads, "lead"), pk=lead_id)])
    return lead


def lead_page(request, lead_id: int):
    lead = _visible(request, lead_id)
    # The moves out of the lead's state for whoever works it (an SDR is not offered the AE's,
    # nor the reverse); a move its gates hold back is shown with what is missing.
    transitions = [
        {**move, "label": TRANSITION_LABELS[move["name"]][0]}
        for move in access.available_transitions(lead, request.user)
        if move["from_here"] and access.may_act(request.user, lead, move["name"])
    ]
    criteria = [
        {"name": _CRITERION_NAMES.get(code, code), **result}
        for code, result in lead.mql_criteria.items()
    ]
    return render(
        request,
        "workspaces/lead.html",
        {
            "lead": lead,
            "criteria": criteria,
            "cadence": cadence_progress(lead),
            "transitions": transitions,
            "allowed": {t["name"] for t in transitions if t["allowed"]},
            # The SQL gate is met by filling in this form: it shows while the gate is unmet.
            "may_qualify": lead.state == Lead.State.SAL
            and access.may_act(request.user, lead, "qualify"),
            "timeline": lead_timeline(lead),
            "touch_form": TouchForm(),
            "meeting_form": MeetingForm(),
            "qualification_form": QualificationForm(instance=lead),
            "reason_forms": {name: ReasonForm(transition=name) for name in REASONED},
            "ae_accept_form": AeAcceptForm(),
        },
    )


@require_POST
def lead_action(request, lead_id: int, action: str):
    if action not in LEAD_ACTIONS:
        raise Http404("No such action.")
    lead = _visible(request, lead_id)
    outcome = act_on_lead(request, lead, action)
    if outcome.done:
        messages.success(request, outcome.message)
    else:
        messages.error(request, outcome.in_words())
    return redirect(outcome.next_url) if outcome.next_url else redirect("lead", lead_id=lead.pk)
