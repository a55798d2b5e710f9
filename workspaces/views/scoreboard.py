"""The joint scoreboard and the pages of the operating cadence: every metric of the charter in
force with its colour, definition and trend; the rows behind each number; the commitments'
weekly status with their root causes and remediations; the seeds' measurement framework and
diagnostic flags; the revenue sync and pipeline review packs; the leaderboard for a wall.

Both teams see the same numbers: every person with a role reads every page. The rows behind a
number are those the viewer may see (`visible_to`); a page says when some are not theirs.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pipeline.models import Opportunity
from scoreboard import access, board, calibration, commitments, reports, trends
from scoreboard.measures import MEASURES
from scoreboard.models import CommitmentMiss
from slaportal import company
from slaportal.charter.models import ScoreboardMetric, Side
from slaportal.org.roles import Role

from .. import charts
from ..ae_tables import OpportunityTable, decorate_opportunities, with_current_next_step
from ..deadlines import with_next_deadline
from ..scoreboard_forms import RemediationForm, RootCauseForm, ScopeForm
from ..scoreboard_tables import CalibrationTable, ScoreTable, table_for
from ..tables import configure, csv_download
from .who import who_context

TREND_WEEKS = 8
PACK_DEALS = 200  # a pack prints the oldest open deals first; its CSV has them all
# The hygiene rules that say whether the forecast can be trusted.
FORECAST_INTEGRITY = ("close_date_pushed_twice", "acv_change")
PARTS = ("numerator", "denominator", "missed")
TONE = {board.GREEN: "green", board.AMBER: "amber", board.RED: "red", board.NONE: "none"}


def _reader(request) -> None:
    if not access.may_read(request.user):
        raise PermissionDenied("The scoreboard is for the revenue team.")


@dataclass(frozen=True)
class Row:
    score: board.Score
    trend: list[board.Score]
    drill: str  # the drill-down's URL without its part

    @property
    def spark(self) -> list[tuple[float, float]]:
        return charts.sparkline(
            [float(s.value) if s.value is not None else None for s in self.trend]
        )


def _query(request, **changes) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


def workspace(request, role: Role):
    """Marketing Ops' and the CRO's workspace: the scoreboard, with who they are."""
    return scoreboard(request, who_context(request, role))


def scoreboard(request, workspace: dict | None = None):
    _reader(request)
    form = ScopeForm(request.GET)
    scope = form.scope()
    metrics = board.metrics_of_period(scope)
    scores = board.scores(metrics, scope)
    mondays = trends.weeks_ending(form.last, TREND_WEEKS)
    weekly = trends.weekly(metrics, mondays, scope)
    query = _query(request)
    rows = [
        Row(
            score,
            weekly[score.metric.code],
            reverse("scoreboard-rows", args=[score.metric.code]) + f"?{query}",
        )
        for score in scores
    ]
    sides = [
        (label, [row for row in rows if row.score.metric.owner == side])
        for side, label in Side.choices
    ]
    breach_trend = weekly.get("sla_breach_rate", [])
    context = {
        "form": form,
        "first": form.first,
        "last": form.last,
        "sides": sides,
        "mondays": mondays,
        "presets": _presets(request),
        "speed": charts.columns(
            (bar.label, bar.share, f"{bar.count} of {bar.of}")
            for bar in reports.speed_to_lead(scope)
        ),
        "funnel": charts.columns(
            (bar.label, bar.count, f"{bar.share} %" if bar.share is not None else "")
            for bar in reports.funnel(scope)
        ),
        "breach_trend": charts.columns(
            (
                f"{monday:%-d %b}",
                float(s.value) if s.value is not None else None,
                f"{s.value} %" if s.value is not None else "no data",
            )
            for monday, s in zip(mondays, breach_trend, strict=False)
        ),
        "activity": _activity(scope, form),
        **(workspace or {}),
    }
    return render(request, "workspaces/scoreboard.html", context)


def _activity(scope, form):
    low, high = reports.TOUCHES_A_DAY
    top = high * 1.25
    bars = reports.touches_per_sdr(scope, form.first, form.last)
    return {
        "bars": charts.columns(
            ((bar.label, bar.count, f"{bar.count}/day") for bar in bars),
            top=top,
            tone=lambda v: "green" if v is not None and low <= v <= high else "amber",
        ),
        "band": (charts.level(high, top), charts.level(low, top) - charts.level(high, top)),
        "days": bars[0].of if bars else 0,
    }


def _presets(request) -> list[tuple[str, str]]:
    today = company.today()
    monday = today - timedelta(days=today.weekday())
    month = today.replace(day=1)
    quarter = company.quarter_start(today)
    spans = [
        ("Today", today, today),
        ("This week", monday, today),
        ("Last week", monday - timedelta(weeks=1), monday - timedelta(days=1)),
        ("This month", month, today),
        ("This quarter", quarter, today),
    ]
    return [
        (label, "?" + _query(request, **{"from": first.isoformat(), "to": last.isoformat()}))
        for label, first, last in spans
    ]


def _metric_in_force(code: str, scope) -> ScoreboardMetric:
    metric = next(
        (m for m in board.metrics_of_period(scope) if m.code == code),
        None,
    )
    if metric is None:
        raise Http404("No such metric in the charter in force.")
    return metric


def metric_rows(request, code: str):
    """The rows behind one number: the numerator's, the denominator's or those that missed."""
    _reader(request)
    form = ScopeForm(request.GET)
    scope = form.scope()
    metric = _metric_in_force(code, scope)
    part = request.GET.get("part") if request.GET.get("part") in PARTS else "denominator"
    score = board.scores([metric], scope)[0]
    found = MEASURES[metric.measure].rows(metric, scope, part)
    groups = found.items() if isinstance(found, dict) else [(MEASURES[metric.measure].unit, found)]
    lists = []
    for label, rows in groups:
        visible = access.rows_visible_to(rows, request.user)
        table = table_for(visible.order_by("-pk"), prefix=f"{label.replace(' ', '-')}-")
        lists.append(
            {"label": label, "table": table, "total": rows.count(), "seen": visible.count()}
        )
    if download := csv_download(request, *(item["table"] for item in lists)):
        return download
    for item in lists:
        configure(item["table"], request)
    return render(
        request,
        "workspaces/scoreboard_rows.html",
        {
            "form": form,
            "score": score,
            "part": part,
            "parts": [
                (name, label, "?" + _query(request, part=name))
                for name, label in zip(
                    PARTS,
                    (
                        f"Counted in ({score.numerator})",
                        f"All ({score.denominator})",
                        f"Not counted in ({score.denominator - score.numerator})",
                    ),
                    strict=True,
                )
            ],
            "lists": lists,
            "back": reverse("scoreboard") + "?" + _query(request),
        },
    )


# --- Commitments -----------------------------------------------------------------------


def commitments_page(request):
    _reader(request)
    this_week = commitments.monday_of(company.today())
    mondays = [this_week - timedelta(weeks=k) for k in range(TREND_WEEKS, 0, -1)]
    misses = {
        (miss.code, miss.week): miss for miss in CommitmentMiss.objects.filter(week__gte=mondays[0])
    }
    metrics = board.metrics_in_force()
    grid = [
        (
            metric,
            [misses.get((metric.code, monday)) for monday in mondays],
        )
        for metric in metrics
    ]
    by_team = [
        (label, [commitments.team_colour(side, monday, misses.values()) for monday in mondays])
        for side, label in Side.choices
    ]
    waiting = (
        CommitmentMiss.objects.filter(answered_at__isnull=True)
        .prefetch_related("requested_from")
        .order_by("due_at")[:50]
    )
    return render(
        request,
        "workspaces/scoreboard_commitments.html",
        {"mondays": mondays, "grid": grid, "by_team": by_team, "waiting": waiting},
    )


def commitment_page(request, miss_id: int):
    _reader(request)
    miss = get_object_or_404(
        CommitmentMiss.objects.prefetch_related("requested_from", "escalated_to"), pk=miss_id
    )
    return _commitment(request, miss, RootCauseForm(), RemediationForm())


def _commitment(request, miss, root_cause_form, remediation_form, status=200):
    user = request.user
    return render(
        request,
        "workspaces/scoreboard_commitment.html",
        {
            "miss": miss,
            "may_answer": commitments.may_answer(user, miss),
            "may_remediate": commitments.may_remediate(user, miss),
            "root_cause_form": root_cause_form,
            "remediation_form": remediation_form,
        },
        status=status,
    )


# What each form on a miss's page records, through which service.
COMMITMENT_ACTIONS = {
    "root-cause": (RootCauseForm, commitments.record_root_cause),
    "remediation": (RemediationForm, commitments.record_remediation),
}


@require_POST
def commitment_action(request, miss_id: int, action: str):
    _reader(request)
    miss = get_object_or_404(CommitmentMiss, pk=miss_id)
    if action not in COMMITMENT_ACTIONS:
        raise Http404("No such action.")
    form_class, record = COMMITMENT_ACTIONS[action]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            record(miss, request.user, **form.cleaned_data)
        except ValidationError as refusal:
            for field, problems in refusal.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, "Recorded.")
            return redirect("scoreboard-commitment", miss_id=miss.pk)
    forms = {
        name: form if name == action else cls() for name, (cls, _) in COMMITMENT_ACTIONS.items()
    }
    return _commitment(request, miss, forms["root-cause"], forms["remediation"], status=422)


# --- The measurement framework and the diagnostic flags ------------------------------------


def framework(request):
    _reader(request)
    form = ScopeForm(request.GET, default_days=28)
    scope = form.scope()
    sal = [m for m in board.metrics_in_force() if m.measure == ScoreboardMetric.Measure.MQL_TO_SAL]
    mondays = trends.weeks_ending(form.last, TREND_WEEKS)
    weekly_sal = trends.weekly(sal[:1], mondays, scope)
    days, sources = reports.mql_volume_by_source(scope)
    months, heatmap = reports.engagement_heatmap(scope)
    return render(
        request,
        "workspaces/scoreboard_framework.html",
        {
            "form": form,
            "days": days,
            "sources": sources,
            "weekly_sal": [list(zip(mondays, weeks, strict=True)) for weeks in weekly_sal.values()],
            "months": months,
            "heatmap": heatmap,
            "velocity": reports.velocity_by_account_tier(scope),
            "win_loss": reports.win_loss(scope),
        },
    )


def diagnostics(request):
    _reader(request)
    form = ScopeForm(request.GET, default_days=28)
    scope = form.scope()
    return render(
        request,
        "workspaces/scoreboard_diagnostics.html",
        {
            "form": form,
            "ae_rejections": reports.ae_rejections(scope),
            "flag_share": reports.AE_REJECTION_FLAG,
            "flag_codes": reports.AE_FLAG_CODES,
            "sdr_conversion": reports.sdr_conversion_after_maturity(form.last),
            "rejections": reports.rejections_by_code(scope),
        },
    )


def leaderboard(request):
    _reader(request)
    form = ScopeForm(request.GET, default_days=7)
    return render(
        request,
        "workspaces/scoreboard_leaderboard.html",
        {"form": form, "leaders": reports.opportunities_created(form.scope())},
    )


# --- The packs of the operating cadence ----------------------------------------------------


def revenue_sync(request):
    """The weekly revenue sync (VP Sales, VP Marketing, SDR managers, RevOps): the week's
    metrics, funnel conversion, the escalations to review and the quality issues; printable,
    its metrics as CSV."""
    _reader(request)
    sunday = commitments.monday_of(company.today()) - timedelta(days=1)
    form = ScopeForm(request.GET, default_days=7, ending=sunday)
    scope = form.scope()
    scores = board.scores(board.metrics_of_period(scope), scope)
    table = ScoreTable(scores)
    if download := csv_download(request, table):
        return download
    return render(
        request,
        "workspaces/scoreboard_revenue_sync.html",
        {
            "form": form,
            "scores": scores,
            "table": table,
            "funnel": reports.funnel(scope),
            "breaches": reports.breaches_by_policy(scope),
            "misses": commitments.misses_of(commitments.monday_of(form.first)),
            "rejections": reports.rejections_by_code(scope),
            "ae_rejections": reports.ae_rejections(scope),
        },
    )


def pipeline_review(request):
    """The bi-weekly pipeline review (CRO, VP Sales, AE managers, RevOps): opportunity SLA
    compliance, stage age against the charter's limits, forecast integrity and deal health;
    the open opportunities the viewer sees, printable and as CSV."""
    _reader(request)
    form = ScopeForm(request.GET, default_days=14)
    scope = form.scope()
    deals_open = Opportunity.objects.visible_to(request.user).filter(stage__in=Opportunity.OPEN)
    # Longest in their stage first: the deals the review is for.
    open_deals = (
        with_current_next_step(with_next_deadline(deals_open, "opportunity"))
        .select_related("owner", "account")
        .order_by("stage_entered_at", "pk")
    )
    table = OpportunityTable(open_deals)
    if download := csv_download(request, table):
        return download
    deals = decorate_opportunities(list(open_deals[:PACK_DEALS]))
    return render(
        request,
        "workspaces/scoreboard_pipeline_review.html",
        {
            "form": form,
            "table": table,
            "compliance": reports.clock_compliance_by_policy(scope, "opportunity"),
            "deals": deals,
            "shown": PACK_DEALS,
            "over_limit": [deal for deal in deals if deal.over_limit],
            "forecast": [
                row
                for row in reports.breaches_by_policy(scope)
                if row["code"] in FORECAST_INTEGRITY
            ],
            "unhealthy": [deal for deal in deals if deal.flags],
        },
    )


def calibration_pack(request):
    """The quarterly SLA calibration (all GTM leadership and RevOps): every metric over the
    quarter's weeks with what its colours say of its target, conversion and win rate by
    source, the rejections by code and the win-loss repository; printable, its metrics as CSV.
    Its output is the next charter version."""
    _reader(request)
    first, last = calibration.last_full_quarter(company.today())
    form = ScopeForm(request.GET, default_days=(last - first).days + 1, ending=last)
    scope = form.scope()
    reviews = calibration.review(scope, form.first, form.last)
    table = CalibrationTable(reviews)
    if download := csv_download(request, table):
        return download
    return render(
        request,
        "workspaces/scoreboard_calibration.html",
        {
            "form": form,
            "reviews": reviews,
            "table": table,
            "version": reviews[0].score.metric.version if reviews else None,
            "sources": reports.conversion_by_source(scope),
            "rejections": reports.rejections_by_code(scope),
            "ae_rejections": reports.ae_rejections(scope),
            "win_loss": reports.win_loss(scope),
        },
    )
