"""Daily rollups: each metric whose counts add up over days, counted per business day for
everyone and for each person, by the same querysets the live scoreboard runs, and replaced
whole by beat's refresh (every `ROLLUP_INTERVAL`). The scoreboard sums them for the days they
hold and counts the rest live — always today, and everything when a lead tier or a source
narrows the scope, or when the charter in force is not the one they were counted under — so
a quarter costs a sum over a few thousand rows instead of a pass over a million leads and
three million clocks. `tests/scoreboard/test_rollups_give_the_live_numbers.py` holds them to
the live counts."""

import time
from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from slaportal import company

from . import board
from .measures import MEASURES, BreachRate, ClockCompliance, FunnelMeasure
from .models import DailyCount, LeadFunnel, RollupSpan

SPAN_DAYS = 400  # a year and a bit: the longest period the scoreboard is asked for
BATCH = 5000
EVERYONE = board.EVERYONE


def _by_day(rows: QuerySet, columns: dict, day_field: str, people: tuple, *keys: str):
    """{(day, person, *keys): {column: count}}, for everyone (person 0) and for each person
    field (a row counts once under each person it names)."""
    day = TruncDate(day_field, tzinfo=company.time_zone())
    found: dict[tuple, dict] = {}
    for person in (None, *people):
        group = ["day", *keys] + ([person] if person else [])
        grouped = rows.annotate(day=day).order_by().values(*group).annotate(**columns)
        if person:
            grouped = grouped.exclude(**{person: None})
        for row in grouped:
            who = row[person] if person else EVERYONE
            found[(row["day"], who, *(row[key] for key in keys))] = row
    return found


def daily_counts(metrics, first, last) -> list[DailyCount]:
    """The additive metrics' counts for each day first…last, per person and for everyone."""
    span = board.scope_of(first, last)
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])

    def add(code, day, person, n, d):
        if d:
            pair = counts[(day, code, person)]
            pair[0] += n
            pair[1] += d

    by_cohort = defaultdict(list)
    for metric in metrics:
        measure = MEASURES[metric.measure]
        if isinstance(measure, FunnelMeasure):
            by_cohort[measure.cohort_field].append(metric)
    for field, group in by_cohort.items():
        any_cohort, columns = board.funnel_columns(group, span)
        rows = LeadFunnel.objects.filter(any_cohort)
        for (day, person), row in _by_day(rows, columns, field, ("sdr", "ae")).items():
            for i, metric in enumerate(group):
                add(metric.code, day, person, row[f"n{i}"], row[f"d{i}"])

    clocks = [m for m in metrics if isinstance(MEASURES[m.measure], ClockCompliance)]
    if clocks:
        codes = {code for metric in clocks for code in metric.policy_codes}
        rows = ClockCompliance.decided(codes, span)
        passed = MEASURES[clocks[0].measure].passed(clocks[0], span)
        columns = {"n": Count("pk", filter=passed), "d": Count("pk")}
        found = _by_day(rows, columns, "started_at", ("owner",), "code")
        for metric in clocks:
            wanted = set(metric.policy_codes)
            for (day, person, code), row in found.items():
                if code in wanted:
                    add(metric.code, day, person, row["n"], row["d"])

    for metric in metrics:
        measure = MEASURES[metric.measure]
        if isinstance(measure, BreachRate):
            for rows, breached, field, people in measure.kinds_by_day(span):
                columns = {"n": Count("pk", filter=breached), "d": Count("pk")}
                for (day, person), row in _by_day(rows, columns, field, people).items():
                    add(metric.code, day, person, row["n"], row["d"])
        elif measure.day_field and not isinstance(measure, FunnelMeasure | ClockCompliance):
            rows = measure.counted(metric, span)
            columns = {"n": Count("pk", filter=measure.passed(metric, span)), "d": Count("pk")}
            found = _by_day(rows, columns, measure.day_field, measure.people_fields)
            for (day, person), row in found.items():
                add(metric.code, day, person, row["n"], row["d"])
    return [
        DailyCount(day=day, code=code, person=person, numerator=n, denominator=d)
        for (day, code, person), (n, d) in counts.items()
    ]


@transaction.atomic
def refresh(days: int = SPAN_DAYS) -> RollupSpan | None:
    """Count the last `days` days before today anew and replace the rollups with them."""
    started = time.perf_counter()
    metrics = board.metrics_in_force()
    if not metrics:
        return None
    # One refresh at a time: the span's row is the lock (made on the first refresh).
    RollupSpan.objects.select_for_update().filter(pk=1).first()
    last = company.today() - timedelta(days=1)
    first = last - timedelta(days=days - 1)
    rows = daily_counts(metrics, first, last)
    DailyCount.objects.all().delete()
    DailyCount.objects.bulk_create(rows, batch_size=BATCH)
    span, _ = RollupSpan.objects.update_or_create(
        pk=1,
        defaults={
            "first_day": first,
            "last_day": last,
            "version_id": metrics[0].version_id,
            "refreshed_at": timezone.now(),
            "seconds": time.perf_counter() - started,
        },
    )
    return span
