"""The daily SLA flash (002's operating cadence): the prior business day's compliance, its
breaches and the priority leads still waiting, posted to Slack with the red items tagged by
name, and to the attendees' bells. Told once per day (the outbox's topic), so beat firing twice
posts once."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.urls import reverse

from escalations import outbox
from escalations.models import Breach
from slaportal import company
from slaportal.org.roles import Role

from . import board, commitments
from .measures import MEASURES, ClockCompliance, FunnelMeasure
from .models import LeadFunnel

ATTENDEES = (Role.SDR_MANAGER, Role.AE_MANAGER, Role.REVOPS)  # 002: the flash's readers
PRIORITY_SHOWN = 10
COLOUR_MARK = {board.GREEN: "🟢", board.AMBER: "🟠", board.RED: "🔴", board.NONE: "⚪"}


@dataclass(frozen=True)
class Flash:
    day: date
    scores: list[board.Score]
    breaches: list[tuple[str, int]]  # (policy name, how many)
    breach_owners: list[tuple[str, int]]  # (person, how many)
    red_names: dict[str, list[str]]  # metric code → the people whose rows missed it
    waiting: list[LeadFunnel]  # Tier 1 MQLs not touched yet, oldest first
    waiting_count: int

    @property
    def subject(self) -> str:
        return f"SLA flash — {self.day:%a %-d %b %Y}"

    def text(self) -> str:
        lines = ["*Compliance*"]
        for score in self.scores:
            value = "no data" if score.value is None else f"{score.value} %"
            line = f"{COLOUR_MARK[score.status]} {score.metric.name}: {value}"
            line += f" ({score.numerator}/{score.denominator})"
            if names := self.red_names.get(score.metric.code):
                line += " — " + ", ".join(f"@{name}" for name in names)
            lines.append(line)
        total = sum(n for _, n in self.breaches)
        lines.append(f"*Breaches* ({total})")
        lines += [f"• {name}: {n}" for name, n in self.breaches] or ["• none"]
        if self.breach_owners:
            lines.append("By owner: " + ", ".join(f"@{who} {n}" for who, n in self.breach_owners))
        lines.append(f"*Priority leads outstanding* ({self.waiting_count} Tier 1 not yet touched)")
        for row in self.waiting:
            owner = f"@{row.sdr.username}" if row.sdr_id else "unrouted"
            lines.append(f"• {row.lead.email} — MQL {_local(row.mql_at):%a %H:%M}, {owner}")
        return "\n".join(lines)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(company.time_zone())


def prior_business_day(today: date) -> date:
    """The last day before `today` with open hours on the company's calendar (within two
    weeks; else the day before)."""
    is_open = board.open_day_test()
    for back in range(1, 15):
        if is_open(day := today - timedelta(days=back)):
            return day
    return today - timedelta(days=1)


def compose(day: date) -> Flash:
    scope = board.scope_of(day, day)
    scores = board.scores(board.metrics_of_period(scope), scope)
    breached = Breach.objects.filter(breached_at__gte=scope.start, breached_at__lt=scope.end)
    owners = Counter(
        dict(
            breached.exclude(owner=None)
            .values_list("owner__username")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    end_of_day = scope.end
    waiting = LeadFunnel.objects.filter(
        tier=1,
        mql_at__lt=end_of_day,
        first_touch_at__isnull=True,
        rejected_at__isnull=True,
        recycled_at__isnull=True,
        disqualified_at__isnull=True,
        lead__state="mql",
    ).select_related("lead", "sdr")
    return Flash(
        day=day,
        scores=scores,
        breaches=list(breached.values_list("name").annotate(n=Count("pk")).order_by("-n", "name")),
        breach_owners=owners.most_common(),
        red_names={
            score.metric.code: _people_who_missed(score, scope)
            for score in scores
            if score.status == board.RED
        },
        waiting=list(waiting.order_by("mql_at")[:PRIORITY_SHOWN]),
        waiting_count=waiting.count(),
    )


def _people_who_missed(score: board.Score, scope) -> list[str]:
    """The usernames behind a red metric's misses, most misses first (clocks by their owner,
    funnel rows by their SDR)."""
    measure = MEASURES[score.metric.measure]
    person = {ClockCompliance: "owner__username", FunnelMeasure: "sdr__username"}.get(type(measure))
    if person is None:
        return []
    missed = measure.rows(score.metric, scope, "missed").exclude(**{person: None})
    counts = missed.values_list(person).annotate(n=Count("pk")).order_by("-n", person)
    return [name for name, _ in counts]


def post(day: date) -> Flash:
    """Compose the flash of `day` and tell Slack and the attendees (once per day)."""
    flash = compose(day)
    outbox.tell(
        f"flash:{day.isoformat()}",
        commitments.holders(ATTENDEES),
        flash.subject,
        flash.text(),
        link=reverse("scoreboard") + f"?from={day}&to={day}",
    )
    return flash
