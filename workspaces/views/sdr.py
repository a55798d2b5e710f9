"""The SDR's queue: their MQLs and SALs, soonest deadline first, worked in place."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.views.decorators.http import require_POST

from leads.models import Lead
from slaportal.org.roles import Role

from ..actions import act_on_lead
from ..deadlines import with_next_deadline
from ..filters import QUEUE_STATES, LeadQueueFilter
from ..forms import ReasonForm, TouchForm
from ..tables import SdrQueueTable, configure, csv_download
from .who import who_context


def _queue(request, outcome=None) -> dict:
    mine = (
        Lead.objects.visible_to(request.user)
        .filter(owner=request.user, state__in=QUEUE_STATES)
        # For the page's rows only: joined, every lead of the queue would meet its account
        # before the sort picks the page.
        .prefetch_related("account")
    )
    filters = LeadQueueFilter(request.GET, queryset=mine)
    table = SdrQueueTable(with_next_deadline(filters.qs, "lead"))
    configure(table, request)
    return {
        "filter": filters,
        "table": table,
        **_row_controls(request),
        "outcome": outcome,
    }


def _row_controls(request) -> dict:
    """What every row's actions share, made once for the page rather than once a row: the
    rows' action URLs differ only in the lead's id, and the choices are the same for all."""
    touch, reject = TouchForm(), ReasonForm(transition="reject")
    return {
        "queue_actions": reverse("sdr-queue-action", args=[0, "accept"]).removesuffix("0/accept/"),
        "query": request.GET.urlencode(),
        "channel_options": _options(touch.fields["channel"].choices),
        "outcome_options": _options(touch.fields["outcome"].choices),
        "reject_options": _options(reject.fields["reason_code"].choices),
    }


def _options(choices) -> str:
    return format_html_join("", '<option value="{}">{}</option>', choices)


def workspace(request):
    queue = _queue(request)
    if download := csv_download(request, queue["table"]):
        return download
    return render(request, "workspaces/sdr.html", {**who_context(request, Role.SDR), **queue})


@require_POST
def queue_action(request, lead_id: int, action: str):
    """A row's button: the action, then the queue again (re-sorted) in place of the old one."""
    lead = get_object_or_404(Lead.objects.visible_to(request.user), pk=lead_id)
    outcome = act_on_lead(request, lead, action)
    if request.htmx:
        return render(request, "workspaces/sdr_queue.html", _queue(request, outcome))
    (messages.success if outcome.done else messages.error)(request, outcome.in_words())
    return redirect(f"{reverse('workspace', args=[Role.SDR])}?{request.GET.urlencode()}")
