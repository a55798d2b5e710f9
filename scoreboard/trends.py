"""Each metric week by week: the same counts as `board.scores`, each week summed from the
daily rollups where they hold the weeks; else grouped by the week of the measured event
(Monday to Sunday in the company's zone) in one query per cohort of the funnel, one per clock
metric, one for touches, and the other measures a query a week."""

from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncWeek

from slaportal import company

from . import board
from .measures import MEASURES, ClockCompliance, FunnelMeasure, LoggingTimeliness, Scope
from .models import LeadFunnel


def weeks_ending(last: date, count: int) -> list[date]:
    """The Mondays of the `count` weeks up to the one holding `last`, oldest first."""
    monday = last - timedelta(days=last.weekday())
    return [monday - timedelta(weeks=k) for k in range(count - 1, -1, -1)]


def weeks_of(first: date, last: date) -> list[date]:
    """The Mondays of the weeks that hold a day of first…last, oldest first."""
    first_monday = first - timedelta(days=first.weekday())
    return weeks_ending(last, (last - first_monday).days // 7 + 1)


def weekly(metrics, mondays: list[date], scope: Scope) -> dict[str, list[board.Score]]:
    """metric code → its score in each week of `mondays` (narrowed as `scope` is)."""
    start, _ = board.period(mondays[0], mondays[0])
    _, end = board.period(mondays[-1], mondays[-1] + timedelta(days=6))
    span = replace(scope, start=start, end=end)
    if board.rollups_for(metrics, span) is not None:
        # Each week a sum of its days' rollups (and today live): a few small queries a week.
        weeks = [board.scores(metrics, _week_of(monday, scope)) for monday in mondays]
        return {m.code: [week[i] for week in weeks] for i, m in enumerate(metrics)}
    counts: dict[str, dict[date, tuple[int, int]]] = {}
    funnel_by_cohort, clocks, others = defaultdict(list), [], []
    for metric in metrics:
        measure = MEASURES[metric.measure]
        if isinstance(measure, FunnelMeasure):
            funnel_by_cohort[measure.cohort_field].append(metric)
        elif isinstance(measure, ClockCompliance):
            clocks.append(metric)
        elif isinstance(measure, LoggingTimeliness):
            counts[metric.code] = _grouped(measure, metric, span, "occurred_at")
        else:
            others.append(metric)
    for field, group in funnel_by_cohort.items():
        counts.update(_funnel_weeks(group, field, span))
    for metric in clocks:
        counts[metric.code] = _grouped(MEASURES[metric.measure], metric, span, "started_at")
    for monday in mondays:
        week = _week_of(monday, scope)
        for metric in others:
            counts.setdefault(metric.code, {})[monday] = MEASURES[metric.measure].counts(
                metric, week
            )
    return {
        metric.code: [
            board.Score(metric, *counts.get(metric.code, {}).get(monday, (0, 0)))
            for monday in mondays
        ]
        for metric in metrics
    }


def _week_of(monday: date, scope: Scope) -> Scope:
    first, last = board.period(monday, monday + timedelta(days=6))
    return replace(scope, start=first, end=last)


def _week(field: str) -> TruncWeek:
    return TruncWeek(field, tzinfo=company.time_zone())


def _grouped(measure, metric, span: Scope, field: str) -> dict[date, tuple[int, int]]:
    rows = (
        measure.counted(metric, span)
        .annotate(week=_week(field))
        .order_by()
        .values("week")
        .annotate(d=Count("pk"), n=Count("pk", filter=measure.passed(metric, span)))
    )
    return {board.date_of_truncation(row["week"]): (row["n"], row["d"]) for row in rows}


def _funnel_weeks(metrics, field: str, span: Scope) -> dict[str, dict[date, tuple[int, int]]]:
    """The funnel metrics of one cohort, each week's pair of counts, in one query."""
    any_cohort, columns = board.funnel_columns(metrics, span)
    rows = (
        LeadFunnel.objects.filter(any_cohort)
        .annotate(week=_week(field))
        .order_by()
        .values("week")
        .annotate(**columns)
    )
    found: dict[str, dict[date, tuple[int, int]]] = {metric.code: {} for metric in metrics}
    for row in rows:
        for i, metric in enumerate(metrics):
            found[metric.code][board.date_of_truncation(row["week"])] = (row[f"n{i}"], row[f"d{i}"])
    return found
