"""The opportunity page: where it stands (stage age against its limit, the current next step,
the forecast against the original, its clocks and hygiene flags), one timeline of its
histories, and what the viewer may do next, each blocked stage move naming its unmet gate."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from escalations.models import Clock
from pipeline import services as pipeline
from pipeline.models import Opportunity

from ..ae_forms import (
    OPPORTUNITY_ACTIONS,
    ForecastForm,
    LoseForm,
    NextStepForm,
    OpportunityMeetingForm,
    StageFactsForm,
    act_on_opportunity,
)
from ..ae_tables import decorate_opportunities, with_current_next_step
from ..deadlines import with_next_deadline
from ..forms import TouchForm
from ..timeline import opportunity_timeline

MOVE_LABELS = {"advance": "Move to the next stage", "win": "Close won", "lose": "Close lost"}


def _visible(request, opportunity_id: int) -> Opportunity:
    """The opportunity, decorated as on the list, or 404 when the viewer may not see it."""
    opportunities = pipeline.opportunities_visible_to(request.user).select_related(
        "account", "owner", "lead"
    )
    rows = with_current_next_step(with_next_deadline(opportunities, "opportunity"))
    (opportunity,) = decorate_opportunities([get_object_or_404(rows, pk=opportunity_id)])
    return opportunity


def opportunity_page(request, opportunity_id: int):
    opportunity = _visible(request, opportunity_id)
    moves = [
        {**move, "label": MOVE_LABELS[move["name"]]}
        for move in pipeline.available_transitions(opportunity, request.user)
    ]
    is_open = opportunity.stage in Opportunity.OPEN
    return render(
        request,
        "workspaces/opportunity.html",
        {
            "opportunity": opportunity,
            "may_work": is_open and pipeline.may_work(request.user, opportunity),
            "moves": moves,
            "clocks": Clock.objects.of("opportunity", opportunity.pk).open().order_by("target_at"),
            "pushes_this_quarter": pipeline.pushes_this_quarter(opportunity),
            "timeline": opportunity_timeline(opportunity),
            "next_step_form": NextStepForm(),
            "forecast_form": ForecastForm(
                initial={"amount": opportunity.amount, "close_date": opportunity.close_date}
            ),
            "facts_form": StageFactsForm(stage=opportunity.stage, instance=opportunity),
            "lose_form": LoseForm(),
            "touch_form": TouchForm(),
            "meeting_form": OpportunityMeetingForm(),
        },
    )


@require_POST
def opportunity_action(request, opportunity_id: int, action: str):
    if action not in OPPORTUNITY_ACTIONS:
        raise Http404("No such action.")
    opportunity = get_object_or_404(
        pipeline.opportunities_visible_to(request.user), pk=opportunity_id
    )
    outcome = act_on_opportunity(request, opportunity, action)
    (messages.success if outcome.done else messages.error)(request, outcome.in_words())
    return redirect("opportunity", opportunity_id=opportunity.pk)
