"""The sweep: every clock whose next item has fallen due, found by its `next_due_at` alone and
recorded, in bounded batches, safely beside any number of other sweeps.

Each batch is one transaction that takes due clocks no other sweep holds (SKIP LOCKED on
PostgreSQL; SQLite runs one writer at a time) and claims each by a conditional UPDATE on the
`next_due_at` it read, so a clock is processed once however many sweeps run. A clock that fails
is rolled back alone, pushed forward with backoff and reported; the sweep goes on. After an
outage the first sweep catches up on everything that fell due meanwhile.
"""

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import outbox
from .engine import advance
from .models import Clock
from .rules import watch_of

log = logging.getLogger(__name__)

BATCH = 200


def retry_after(failures: int) -> timedelta:
    return min(timedelta(seconds=10 * 2**failures), timedelta(hours=1))


@dataclass
class Report:
    processed: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)
    relayed: int = 0
    seconds: float = 0.0

    def __str__(self):
        failed = "; ".join(f"clock {pk}: {error}" for pk, error in self.failed)
        return (
            f"{self.processed} clock(s) processed, {len(self.failed)} failed"
            + (f" ({failed})" if failed else "")
            + f", {self.relayed} notification(s) relayed, in {self.seconds:.2f} s"
        )


def sweep(now: datetime | None = None, *, budget_seconds: float | None = None) -> Report:
    """Record everything due by `now` (default: the clock on the wall). With a budget, stop
    starting batches after it; the next sweep goes on where this one stopped."""
    now = now or timezone.now()
    started, report = time.monotonic(), Report()
    while budget_seconds is None or time.monotonic() - started < budget_seconds:
        batch = _sweep_batch(now, report)
        if batch < BATCH:
            break
    report.relayed = outbox.relay(now)
    report.seconds = time.monotonic() - started
    if report.processed or report.failed:
        log.info("SLA sweep: %s", report)
    return report


@transaction.atomic
def _sweep_batch(now: datetime, report: Report) -> int:
    due = list(
        Clock.objects.due(now)
        .select_for_update(skip_locked=True)
        .values_list("pk", "next_due_at")[:BATCH]
    )
    for pk, due_at in due:
        try:
            with transaction.atomic():
                _process(pk, due_at, now, report)
        except Exception as error:
            log.exception("SLA sweep: clock %s failed", pk)
            report.failed.append((pk, str(error)[:200]))
            failures = Clock.objects.filter(pk=pk).values_list("failures", flat=True).first()
            Clock.objects.filter(pk=pk, next_due_at=due_at).update(
                next_due_at=now + retry_after(failures or 0),
                failures=F("failures") + 1,
                last_error=str(error)[:2000],
            )
    return len(due)


def _process(pk: int, due_at: datetime, now: datetime, report: Report) -> None:
    # The claim: only the sweep that moves `next_due_at` from the value it read processes it.
    if not Clock.objects.filter(pk=pk, next_due_at=due_at).update(next_due_at=None):
        return
    clock = Clock.objects.select_related("owner", "calendar", "breach").get(pk=pk)
    advance(clock, watch_of(clock.version_id, clock.watch_key), until=now, now=now)
    if clock.failures:
        Clock.objects.filter(pk=pk).update(failures=0, last_error="")
    report.processed += 1
