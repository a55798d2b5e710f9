"""What is due next on a lead or opportunity: its soonest running clock.

A queue is ordered by it, so it is an annotation of the queue's own query (a probe of the
`clock_open_by_subject` index per candidate row); the clocks of the rows shown are then read in
one query. Overdue clocks (target passed, still running) come first: they are the most urgent.
"""

from django.db.models import F, OuterRef, QuerySet, Subquery

from escalations.models import Clock


def running_clocks(subject_type: str):
    return Clock.objects.filter(
        subject_type=subject_type,
        subject_id=OuterRef("pk"),
        stopped_at__isnull=True,  # the partial index clock_open_by_subject
        status=Clock.Status.RUNNING,
    ).order_by("target_at", "pk")


def with_next_deadline(rows: QuerySet, subject_type: str) -> QuerySet:
    """`rows` with `next_deadline` and `next_clock_id`, soonest deadline first, rows without a
    running clock last (newest first among them)."""
    clocks = running_clocks(subject_type)
    return rows.annotate(
        next_deadline=Subquery(clocks.values("target_at")[:1]),
        next_clock_id=Subquery(clocks.values("pk")[:1]),
    ).order_by(F("next_deadline").asc(nulls_last=True), "-pk")


def attach_next_clocks(rows) -> list:
    """Each row's `next_clock` (or None), read in one query for the rows shown."""
    rows = list(rows)
    clocks = Clock.objects.in_bulk([row.next_clock_id for row in rows if row.next_clock_id])
    for row in rows:
        row.next_clock = clocks.get(row.next_clock_id)
    return rows
