"""The managers' workspace (SDR and AE managers, the VPs, RevOps): the breaches and escalations
addressed to them or their team, the team's due-next board, the review band, the day-12
review of open SALs and RevOps' arbitration. Each tab is open to the roles it names (403 for
the others); every row comes through the viewer's visibility (404 for what they may not see).
"""

from dataclasses import dataclass, field
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from escalations import services
from leads.models import Lead
from leads.rules import NoCharterInForce
from leads.services import review
from slaportal.org.roles import Role

from ..actions import Outcome, attempt, form_problems
from ..deadlines import with_next_deadline
from ..manager_filters import BoardFilter, BreachFilter
from ..manager_forms import ArbitrationForm, BulkAcknowledgeForm, NoteForm, ResolveForm
from ..manager_tables import (
    ArbitrationTable,
    BoardTable,
    BreachTable,
    ReviewTable,
    SalReviewTable,
)
from ..tables import configure, csv_download
from .who import who_context

MANAGERS = (Role.SDR_MANAGER, Role.AE_MANAGER, Role.VP_SALES, Role.VP_MARKETING, Role.REVOPS)


@dataclass(frozen=True)
class Tab:
    name: str
    label: str
    roles: tuple[Role, ...]
    template: str

    def url(self, role: Role) -> str:
        # The breach list is the workspace itself: where a manager lands.
        if self.name == "breaches":
            return reverse("workspace", args=[role])
        return reverse(f"manager-{self.name}")


BREACHES = Tab("breaches", "Breaches", MANAGERS, "workspaces/manager_breaches.html")
BOARD = Tab("board", "Due next", MANAGERS, "workspaces/manager_board.html")
REVIEW = Tab("review", "Review band", review.REVIEWERS, "workspaces/manager_review.html")
# Open SALs are the SDR side's; the AE manager's leads are SQLs.
SAL_REVIEW = Tab(
    "sal-review",
    "Open SAL review",
    (Role.SDR_MANAGER, Role.VP_SALES, Role.VP_MARKETING, Role.REVOPS),
    "workspaces/manager_sal_review.html",
)
ARBITRATION = Tab(
    "arbitration", "Arbitration", (Role.REVOPS,), "workspaces/manager_arbitration.html"
)
TABS = (BREACHES, BOARD, REVIEW, SAL_REVIEW, ARBITRATION)


@dataclass
class Report(Outcome):
    """A bulk action's outcome: what was done, and each row refused with its reason."""

    refused: list[str] = field(default_factory=list)

    def in_words(self) -> str:
        refused = f" Refused: {' '.join(self.refused)}" if self.refused else ""
        return super().in_words() + refused


def _role(request) -> Role:
    # A superuser without a manager's role sees the pages as RevOps does (everything).
    role = request.user.role
    return role if role in MANAGERS else Role.REVOPS


def _open(request, tab: Tab) -> None:
    user = request.user
    if not (user.is_superuser or user.role in tab.roles):
        raise PermissionDenied(f"{tab.label} is for {', '.join(role.label for role in tab.roles)}.")


def _page(request, tab: Tab, listing: dict, role: Role | None = None):
    if "table" in listing and (download := csv_download(request, listing["table"])):
        return download
    role = role or _role(request)
    tabs = [
        {"label": t.label, "url": t.url(role), "current": t is tab}
        for t in TABS
        if request.user.is_superuser or role in t.roles
    ]
    return render(
        request,
        tab.template,
        {**who_context(request, role), "tabs": tabs, "tab": tab, **listing},
    )


def _after(request, tab: Tab, listing, outcome: Outcome):
    """After an action: the list again in place (htmx), else back to the page with a message."""
    if request.htmx:
        return render(request, "workspaces/manager_list.html", listing(request, outcome))
    (messages.success if outcome.done else messages.error)(request, outcome.in_words())
    return redirect(f"{tab.url(_role(request))}?{request.GET.urlencode()}")


def _who(lead: Lead) -> str:
    return lead.full_name or lead.email


def _attempt(form, service, said) -> Outcome:
    """The form checked, the service run with what it holds, the outcome in words. A refusal
    changes nothing (each service is one transaction); PermissionDenied is the view's 403."""
    return attempt(form, lambda values: Outcome(True, said(service(**values))))


# The breaches and escalations addressed to the viewer or their team, oldest first.


def _breaches(request, outcome=None) -> dict:
    visible = services.breaches_visible_to(request.user).select_related(
        "owner", "acknowledged_by", "resolved_by"
    )
    filters = BreachFilter(request.GET, queryset=visible, viewer=request.user)
    table = BreachTable(filters.qs.order_by("breached_at", "pk"))
    configure(table, request)
    return {
        "filter": filters,
        "table": table,
        "list_id": "breaches",
        "resolve_form": ResolveForm(),
        "outcome": outcome,
    }


def workspace(request, role: Role):
    return _page(request, BREACHES, _breaches(request), role)


BREACH_ACTIONS = {
    "acknowledge": (None, services.acknowledge, "acknowledged"),
    "resolve": (ResolveForm, services.resolve, "resolved"),
}


@require_POST
def breach_action(request, breach_id: int, action: str):
    if action not in BREACH_ACTIONS:
        raise Http404("No such action.")
    _open(request, BREACHES)
    breach = get_object_or_404(services.breaches_visible_to(request.user), pk=breach_id)
    form_class, service, done = BREACH_ACTIONS[action]
    outcome = _attempt(
        form_class(request.POST) if form_class else None,
        partial(service, breach, request.user),
        lambda breach: f"“{breach.name}” {done}.",
    )
    return _after(request, BREACHES, _breaches, outcome)


@require_POST
def acknowledge_selected(request):
    """Each ticked breach acknowledged in its own transaction: one refused (already handled,
    not addressed to the viewer) does not hold the others back."""
    _open(request, BREACHES)
    form = BulkAcknowledgeForm(request.POST, breaches=services.breaches_visible_to(request.user))
    if not form.is_valid():
        outcome = Outcome(False, "Nothing was acknowledged.", form_problems(form))
        return _after(request, BREACHES, _breaches, outcome)
    chosen = form.cleaned_data["breach"]
    refused = []
    for breach in chosen:
        try:
            outcome = _attempt(None, partial(services.acknowledge, breach, request.user), str)
        except PermissionDenied as denial:
            outcome = Outcome(False, str(denial))
        if not outcome.done:
            refused.append(f"“{breach.name}” (#{breach.pk}): {outcome.in_words()}")
    acknowledged = len(chosen) - len(refused)
    outcome = Report(
        acknowledged > 0,
        f"{acknowledged} of {len(chosen)} breaches acknowledged.",
        refused=refused,
    )
    return _after(request, BREACHES, _breaches, outcome)


# The team's due-next board: its open leads, soonest deadline first.


def board(request):
    _open(request, BOARD)
    leads = Lead.objects.visible_to(request.user).select_related("account", "owner", "ae")
    filters = BoardFilter(request.GET, queryset=leads, viewer=request.user)
    table = BoardTable(with_next_deadline(filters.qs, "lead"))
    configure(table, request)
    return _page(request, BOARD, {"filter": filters, "table": table, "list_id": "board"})


# The review band (40–59): promote to MQL over the score, or hold in nurture.


def _review(request, outcome=None) -> dict:
    leads = Lead.objects.visible_to(request.user).review_list().select_related("account")
    table = ReviewTable(leads)
    configure(table, request)
    return {"table": table, "list_id": "review", "note_form": NoteForm(), "outcome": outcome}


def review_list(request):
    _open(request, REVIEW)
    return _page(request, REVIEW, _review(request))


REVIEW_DECISIONS = {
    "promote": (
        review.promote_from_review,
        lambda lead: f"{_who(lead)} promoted to MQL, routed to {lead.owner or 'nobody yet'}.",
    ),
    "hold": (review.hold_in_review, lambda lead: f"{_who(lead)} held in nurture."),
}


@require_POST
def review_action(request, lead_id: int, decision: str):
    if decision not in REVIEW_DECISIONS:
        raise Http404("No such decision.")
    _open(request, REVIEW)
    lead = get_object_or_404(Lead.objects.visible_to(request.user), pk=lead_id)
    service, said = REVIEW_DECISIONS[decision]
    outcome = _attempt(NoteForm(request.POST), partial(service, lead, request.user), said)
    return _after(request, REVIEW, _review, outcome)


# The day-12 review: SALs still open on or after their check-in day.


def sal_review(request):
    _open(request, SAL_REVIEW)
    try:
        due = review.open_sals_for_review(Lead.objects.visible_to(request.user))
    except (review.NoSalCheckIn, NoCharterInForce) as missing:
        return _page(request, SAL_REVIEW, {"unavailable": str(missing)})
    table = SalReviewTable(due.leads)
    configure(table, request)
    return _page(
        request,
        SAL_REVIEW,
        {"table": table, "list_id": "sal-review", "business_days": due.business_days},
    )


# RevOps' arbitration of SQLs an AE sent back for a territory or ownership conflict.


def _arbitration(request, outcome=None) -> dict:
    leads = (
        Lead.objects.visible_to(request.user)
        .filter(state=Lead.State.ARBITRATION)  # the lead_by_state index, oldest first
        .select_related("account", "owner", "ae")
        .order_by("pk")
    )
    table = ArbitrationTable(leads)
    configure(table, request)
    return {
        "table": table,
        "list_id": "arbitration",
        "arbitration_form": ArbitrationForm(),
        "outcome": outcome,
    }


def arbitration(request):
    _open(request, ARBITRATION)
    return _page(request, ARBITRATION, _arbitration(request))


@require_POST
def arbitrate(request, lead_id: int):
    _open(request, ARBITRATION)
    lead = get_object_or_404(Lead.objects.visible_to(request.user), pk=lead_id)
    outcome = _attempt(
        ArbitrationForm(request.POST),
        partial(review.arbitrate, lead, request.user),
        lambda lead: f"{_who(lead)} arbitrated: now {lead.get_state_display()}.",
    )
    return _after(request, ARBITRATION, _arbitration, outcome)
