"""The scoreboard: every metric of the charter in force over a scope, with its colour.

Both teams see the same numbers: a scope narrows whose rows count (a person, a team), never
how they are counted. The funnel's metrics are read in one aggregate over `LeadFunnel`; each
other metric in one query.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Q, Sum
from django.utils import timezone

from slaportal import company
from slaportal.charter.models import BusinessCalendar, CharterVersion, ScoreboardMetric
from slaportal.org.models import Team, User

from .measures import MEASURES, ClockCompliance, FunnelMeasure, Scope
from .models import DailyCount, LeadFunnel, RollupSpan

EVERYONE = 0  # DailyCount.person of the counts of everyone's rows

GREEN, AMBER, RED, NONE = "green", "amber", "red", "none"


@dataclass(frozen=True)
class Score:
    metric: ScoreboardMetric
    numerator: int
    denominator: int

    @property
    def share(self) -> Fraction | None:
        if not self.denominator:
            return None
        return Fraction(100 * self.numerator, self.denominator)

    @property
    def value(self) -> Decimal | None:
        """The percentage to one decimal (the colour is judged on the exact share)."""
        share = self.share
        if share is None:
            return None
        return (Decimal(share.numerator) / Decimal(share.denominator)).quantize(Decimal("0.1"))

    @property
    def status(self) -> str:
        return status_of(self.metric, self.share)

    @property
    def definition(self):
        return MEASURES[self.metric.measure].definition

    @property
    def bounds(self) -> str:
        """The thresholds in words: "> 80 % / < 60 %" (green / red), as the seeds write them."""
        metric = self.metric
        higher = metric.direction == ScoreboardMetric.Direction.HIGHER_IS_BETTER
        better, worse = (">", "<") if higher else ("<", ">")
        green, red = (f"{value.normalize():f}" for value in (metric.green_from, metric.red_from))
        at_end = metric.green_from == (100 if higher else 0)
        return f"{'' if at_end else better + ' '}{green} % / {worse} {red} %"


def status_of(metric: ScoreboardMetric, share: Fraction | None) -> str:
    """Green beyond `green_from`, red beyond `red_from` the other way, amber between them, the
    bounds amber (the seeds' "60–80 %"); a green bound at the end of the scale (100 %, or 0 %
    for lower-is-better) is green when reached."""
    if share is None:
        return NONE
    green, red = Fraction(metric.green_from), Fraction(metric.red_from)
    if metric.direction == ScoreboardMetric.Direction.HIGHER_IS_BETTER:
        if share > green or share == green == 100:
            return GREEN
        return RED if share < red else AMBER
    if share < green or share == green == 0:
        return GREEN
    return RED if share > red else AMBER


# The days a scoreboard may be asked about, and how long a period.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
MAX_DAYS = 400  # a year and a bit: a calibration looks back a quarter, a trend a year


def period_problems(first: date, last: date) -> dict[str, str]:
    """What is wrong with the period first…last, by the field that says it (API and pages)."""
    problems = {
        field: f"Between {FIRST_DAY} and {LAST_DAY}."
        for field, day in (("from", first), ("to", last))
        if not FIRST_DAY <= day <= LAST_DAY
    }
    if first > last:
        problems["from"] = "Not after “To”."
    elif (last - first).days >= MAX_DAYS:
        problems["to"] = f"A period of at most {MAX_DAYS} days."
    return problems


def period(first: date, last: date) -> tuple[datetime, datetime]:
    """[start, end) of the business dates first…last in the company's zone."""
    zone = company.time_zone()
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def open_day_test():
    """Whether a business date has open hours on the company's calendar (the first one; with
    none, every day is open): the calendar read once for as many days as are asked."""
    calendar = BusinessCalendar.objects.order_by("pk").first()
    engine = calendar.engine() if calendar else None

    def is_open(day: date) -> bool:
        if engine is None:
            return True
        start, end = period(day, day)
        return bool(engine.elapsed(start, end))

    return is_open


def date_of_truncation(value) -> date:
    """A day, week or month truncation in the company's zone as a date (backends give an
    aware datetime, or a date)."""
    return value.date() if isinstance(value, datetime) else value


def people_of(team: Team | None = None, person: User | None = None) -> frozenset[int] | None:
    """Whose rows a scope counts: one person, a team's members, or everyone (None)."""
    if person is not None:
        return frozenset({person.pk})
    if team is not None:
        return frozenset(team.memberships.values_list("user_id", flat=True))
    return None


def scope_of(first: date, last: date, **narrowing) -> Scope:
    start, end = period(first, last)
    return Scope(start=start, end=end, now=timezone.now(), **narrowing)


def metrics_in_force(at: datetime | None = None) -> list[ScoreboardMetric]:
    """The metrics of the charter in force at `at` (a period's end: its thresholds then); a
    period before the first charter took effect is judged by the one in force now."""
    now = timezone.now()
    version = CharterVersion.objects.active(at=min(at or now, now))
    version = version or CharterVersion.objects.active(at=now)
    if version is None:
        return []
    return list(version.scoreboard_metrics.order_by("pk"))


def metrics_of_period(scope: Scope) -> list[ScoreboardMetric]:
    return metrics_in_force(at=scope.end - timedelta(microseconds=1))


def scores(metrics: list[ScoreboardMetric], scope: Scope) -> list[Score]:
    """Each metric's numerator and denominator over `scope`, in the order given: the days the
    daily rollups hold summed from them, the rest counted live."""
    rolled, live = _rolled_up(metrics, scope)
    additive = [m for m in metrics if MEASURES[m.measure].daily]
    counts = _live_counts([m for m in metrics if m not in additive], scope)
    if live is not None:
        for code, (n, d) in _live_counts(additive, live).items():
            rolled_n, rolled_d = rolled.get(code, (0, 0))
            rolled[code] = (rolled_n + n, rolled_d + d)
    counts.update({m.code: rolled.get(m.code, (0, 0)) for m in additive})
    return [Score(metric, *counts[metric.code]) for metric in metrics]


def _live_counts(metrics: list[ScoreboardMetric], scope: Scope) -> dict[str, tuple[int, int]]:
    funnel = [m for m in metrics if isinstance(MEASURES[m.measure], FunnelMeasure)]
    clocks = [m for m in metrics if isinstance(MEASURES[m.measure], ClockCompliance)]
    counts = {**_funnel_counts(funnel, scope), **_clock_counts(clocks, scope)}
    for metric in metrics:
        if metric.code not in counts:
            counts[metric.code] = MEASURES[metric.measure].counts(metric, scope)
    return counts


def _rollups_hold(scope: Scope) -> bool:
    """Whether the daily rollups can count `scope`'s rows: everyone's are split by lead tier
    and source, a person's are whole."""
    return scope.people is None or (scope.tier is None and not scope.source)


def rollups_for(metrics, scope: Scope) -> RollupSpan | None:
    """The rollups' span, if they hold the first day of `scope` for these metrics."""
    if not metrics or not _rollups_hold(scope):
        return None
    span = RollupSpan.objects.filter(version=metrics[0].version_id).first()
    if span is None or not span.first_day <= company.date_of(scope.start) <= span.last_day:
        return None
    return span


def _rolled_up(metrics, scope: Scope) -> tuple[dict[str, tuple[int, int]], Scope | None]:
    """The additive metrics' sums over the first days of `scope` that the rollups hold, and
    what is left to count live (None: nothing). Rollups keep whole days, so a scope they do not
    hold (people narrowed by tier or source), or metrics of another charter version, are
    counted live."""
    span = rollups_for(metrics, scope)
    if span is None:
        return {}, scope
    first = company.date_of(scope.start)
    last = min(company.date_of(scope.end - timedelta(microseconds=1)), span.last_day)
    people = [EVERYONE] if scope.people is None else list(scope.people)
    counts = DailyCount.objects.filter(day__gte=first, day__lte=last, person__in=people)
    if scope.tier is not None:
        counts = counts.filter(tier=scope.tier)
    if scope.source:
        counts = counts.filter(source=scope.source)
    sums = counts.order_by().values("code").annotate(n=Sum("numerator"), d=Sum("denominator"))
    rolled = {row["code"]: (row["n"], row["d"]) for row in sums}
    rest, _ = period(last + timedelta(days=1), last + timedelta(days=1))
    return rolled, (replace(scope, start=rest) if rest < scope.end else None)


def _clock_counts(metrics: list[ScoreboardMetric], scope: Scope) -> dict[str, tuple[int, int]]:
    """Every clock-compliance metric from one query: each policy's counts, summed per metric."""
    if not metrics:
        return {}
    by_policy = ClockCompliance.counts_by_policy(
        {code for metric in metrics for code in metric.policy_codes}, scope
    )
    return {
        metric.code: _summed(by_policy.get(code, (0, 0)) for code in metric.policy_codes)
        for metric in metrics
    }


def _summed(pairs) -> tuple[int, int]:
    numerator = denominator = 0
    for n, d in pairs:
        numerator, denominator = numerator + n, denominator + d
    return numerator, denominator


def funnel_columns(metrics: list[ScoreboardMetric], scope: Scope) -> tuple[Q, dict]:
    """The funnel metrics as one aggregate: the rows in any of their cohorts, and each metric's
    pair of filtered counts (`d<i>`, `n<i>`) over them."""
    any_cohort, columns = Q(), {}
    for i, metric in enumerate(metrics):
        measure = MEASURES[metric.measure]
        cohort = measure.cohort(scope)
        any_cohort |= cohort
        columns[f"d{i}"] = Count("pk", filter=cohort)
        columns[f"n{i}"] = Count("pk", filter=cohort & measure.passed(metric, scope))
    return any_cohort, columns


def _funnel_counts(metrics: list[ScoreboardMetric], scope: Scope) -> dict[str, tuple[int, int]]:
    if not metrics:
        return {}
    any_cohort, columns = funnel_columns(metrics, scope)
    totals = LeadFunnel.objects.filter(any_cohort).aggregate(**columns)
    return {metric.code: (totals[f"n{i}"], totals[f"d{i}"]) for i, metric in enumerate(metrics)}
