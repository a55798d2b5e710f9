"""Daily rollups: each metric whose counts add up over days, counted per business day for
everyone (split by the lead tier and source of the rows counted) and for each person, by the
same querysets the live scoreboard runs, and replaced whole by beat's refresh (every
`ROLLUP_INTERVAL`). The scoreboard sums them for the days they hold and counts the rest live —
always today, and everything when people are narrowed by tier or source, or when the charter
in force is not the one they were counted under — so a quarter costs a sum over a few
thousand rows instead of a pass over a million leads and three million clocks.
`tests/scoreboard/test_rollups_give_the_live_numbers.py` holds them to the live counts."""

import time
from collections import Counter, defaultdict
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from slaportal import company

from . import board
from .measures import MEASURES, BreachRate, ClockCompliance, DailyRows, FunnelMeasure
from .models import DailyCount, LeadFunnel, RollupSpan

SPAN_DAYS = 400  # a year and a bit: the longest period the scoreboard is asked for
BATCH = 5000
EVERYONE = board.EVERYONE


def _by_day(rows: QuerySet, columns: dict, daily: DailyRows, *keys: str) -> dict[tuple, dict]:
    """{(day, person, tier, source, *keys): {column: count}}: everyone's (person 0) by the
    rows' lead tier (0: none) and source (empty: none), and each person's whole (tier 0,
    source empty; a row counts once under each person it names)."""
    day = TruncDate(daily.day_field, tzinfo=company.time_zone())
    found: dict[tuple, Counter] = defaultdict(Counter)
    everyone = (
        rows.annotate(day=day, lead_tier=daily.tier, lead_source=daily.source)
        .order_by()
        .values("day", "lead_tier", "lead_source", *keys)
        .annotate(**columns)
    )
    for row in everyone:
        tier, source = row["lead_tier"] or 0, row["lead_source"] or ""
        found[(row["day"], EVERYONE, tier, source, *(row[key] for key in keys))].update(
            {column: row[column] for column in columns}
        )
    for person in daily.people:
        grouped = (
            rows.exclude(**{person: None})
            .annotate(day=day)
            .order_by()
            .values("day", person, *keys)
            .annotate(**columns)
        )
        for row in grouped:
            found[(row["day"], row[person], 0, "", *(row[key] for key in keys))].update(
                {column: row[column] for column in columns}
            )
    return found


def daily_counts(metrics, first, last) -> list[DailyCount]:
    """The additive metrics' counts for each day first…last: everyone's by lead tier and
    source, and each person's."""
    span = board.scope_of(first, last)
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])

    def add(code, day, person, tier, source, n, d):
        if d:
            pair = counts[(day, code, person, tier, source)]
            pair[0] += n
            pair[1] += d

    by_cohort = defaultdict(list)
    for metric in metrics:
        measure = MEASURES[metric.measure]
        if isinstance(measure, FunnelMeasure):
            by_cohort[measure.cohort_field].append(metric)
    for group in by_cohort.values():
        any_cohort, columns = board.funnel_columns(group, span)
        rows = LeadFunnel.objects.filter(any_cohort)
        daily = MEASURES[group[0].measure].daily
        for (day, *whose), row in _by_day(rows, columns, daily).items():
            for i, metric in enumerate(group):
                add(metric.code, day, *whose, row[f"n{i}"], row[f"d{i}"])

    clocks = [m for m in metrics if isinstance(MEASURES[m.measure], ClockCompliance)]
    if clocks:
        codes = {code for metric in clocks for code in metric.policy_codes}
        rows = ClockCompliance.decided(codes, span)
        measure = MEASURES[clocks[0].measure]
        columns = {"n": Count("pk", filter=measure.passed(clocks[0], span)), "d": Count("pk")}
        found = _by_day(rows, columns, measure.daily, "code")
        for metric in clocks:
            wanted = set(metric.policy_codes)
            for (day, *whose, code), row in found.items():
                if code in wanted:
                    add(metric.code, day, *whose, row["n"], row["d"])

    for metric in metrics:
        measure = MEASURES[metric.measure]
        if isinstance(measure, BreachRate):
            kinds = measure.kinds_by_day(span)
        elif measure.daily and not isinstance(measure, FunnelMeasure | ClockCompliance):
            kinds = [(measure.counted(metric, span), measure.passed(metric, span), measure.daily)]
        else:
            continue
        for rows, passed, daily in kinds:
            columns = {"n": Count("pk", filter=passed), "d": Count("pk")}
            for (day, *whose), row in _by_day(rows, columns, daily).items():
                add(metric.code, day, *whose, row["n"], row["d"])
    return [
        DailyCount(
            day=day, code=code, person=person, tier=tier, source=source, numerator=n, denominator=d
        )
        for (day, code, person, tier, source), (n, d) in counts.items()
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
