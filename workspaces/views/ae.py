"""The AE's workspace: the SQLs awaiting their acceptance, soonest deadline first, each with
its briefing, accepted or rejected in place; below, their opportunities as a table or a board."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from leads.models import Lead
from pipeline.services import opportunities_visible_to
from slaportal.org.roles import Role

from ..actions import act_on_lead
from ..ae_tables import (
    OpportunityFilter,
    OpportunityTable,
    SqlQueueTable,
    by_stage,
    with_current_next_step,
    with_the_aes_deadline,
)
from ..deadlines import with_next_deadline
from ..forms import AeAcceptForm, ReasonForm
from ..tables import configure, csv_download
from .who import who_context

SQL_ACTIONS = ("ae_accept", "ae_reject")
VIEWS = ("table", "board")


def _sqls(request) -> dict:
    mine = (
        Lead.objects.visible_to(request.user)
        .filter(ae=request.user, state=Lead.State.SQL)
        .select_related("account", "owner")
    )
    table = SqlQueueTable(with_the_aes_deadline(mine), prefix="sql-")
    configure(table, request)
    return {
        "sql_table": table,
        "accept_form": AeAcceptForm(),
        "ae_reject_form": ReasonForm(transition="ae_reject"),
    }


def _opportunities(request) -> dict:
    mine = opportunities_visible_to(request.user).filter(owner=request.user)
    filters = OpportunityFilter(request.GET, queryset=mine.select_related("account"))
    rows = with_current_next_step(with_next_deadline(filters.qs, "opportunity"))
    table = OpportunityTable(rows, prefix="opp-")
    shown = configure(table, request)
    view = request.GET.get("view") if request.GET.get("view") in VIEWS else "table"
    return {
        "filter": filters,
        "opportunity_table": table,
        "view": view,
        "board": by_stage(shown) if view == "board" else None,
    }


def workspace(request):
    sqls, opportunities = _sqls(request), _opportunities(request)
    if download := csv_download(request, sqls["sql_table"], opportunities["opportunity_table"]):
        return download
    return render(
        request, "workspaces/ae.html", {**who_context(request, Role.AE), **sqls, **opportunities}
    )


@require_POST
def sql_action(request, lead_id: int, action: str):
    """Accept (to the new opportunity) or reject an SQL from the queue; a refusal comes back
    to the queue saying why."""
    if action not in SQL_ACTIONS:
        raise Http404("No such action.")
    lead = get_object_or_404(Lead.objects.visible_to(request.user), pk=lead_id)
    outcome = act_on_lead(request, lead, action)
    (messages.success if outcome.done else messages.error)(request, outcome.in_words())
    if outcome.next_url:
        return redirect(outcome.next_url)
    return redirect(f"{reverse('workspace', args=[Role.AE])}?{request.GET.urlencode()}")
