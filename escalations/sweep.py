"""The sweep: every clock whose next item has fallen due, found by its `next_due_at` alone and
recorded, in bounded batches, safely beside any number of other sweeps.

Each batch is one transaction that takes due clocks no other sweep holds (SKIP LOCKED on
PostgreSQL; SQLite runs one writer at a time) and claims them by a conditional UPDATE (still
due, not yet claimed), so a clock is processed once however many sweeps run. A clock that fails
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
from .models import Clock
from .recording import Record
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


def _sweep_batch(now: datetime, report: Report) -> int:
    """One batch in one transaction, its writes together; if writing them fails, the batch
    again clock by clock, so the one that fails is found and set aside."""
    try:
        with transaction.atomic():
            return _batch(now, report, together=True)
    except Exception:  # found and reported clock by clock below
        log.warning("SLA sweep: a batch failed together; going clock by clock", exc_info=True)
    with transaction.atomic():
        return _batch(now, report, together=False)


def _batch(now: datetime, report: Report, *, together: bool) -> int:
    due = dict(
        Clock.objects.due(now)
        .select_for_update(skip_locked=True)
        .values_list("pk", "next_due_at")[:BATCH]
    )
    # The claim: only the sweep that takes `next_due_at` from due to none processes the clock
    # (rows locked by this sweep on PostgreSQL, one writer at a time on SQLite: a safeguard).
    Clock.objects.filter(pk__in=due, next_due_at__lte=now).update(next_due_at=None)
    clocks = sorted(
        Clock.objects.filter(pk__in=due, next_due_at__isnull=True, stopped_at__isnull=True),
        # In the order they fell due: of two clocks on one concern, the first to break names it.
        key=lambda clock: (due[clock.pk], clock.pk),
    )
    watched = [(clock, watch_of(clock.version_id, clock.watch_key)) for clock in clocks]
    record, done, failed = Record(now), 0, []
    if together:
        record.expect(watched, until=now)
    for clock, watch in watched:
        try:
            if together:
                record.advance(clock, watch, until=now)
            else:
                _record_alone(clock, watch, now)
        except Exception as error:  # one bad clock must not stop the sweep
            record.discard(clock)
            failed.append((clock.pk, error))
        else:
            done += 1
    if together:
        record.write()
    for pk, error in failed:
        _set_aside(pk, now, error, report)
    report.processed += done
    Clock.objects.filter(pk__in=[c.pk for c, _ in watched], failures__gt=0).exclude(
        pk__in=[pk for pk, _ in failed]
    ).update(failures=0, last_error="")
    return len(due)


@transaction.atomic
def _record_alone(clock: Clock, watch, now: datetime) -> None:
    record = Record(now)
    record.advance(clock, watch, until=now)
    record.write()


def _set_aside(pk: int, now: datetime, error: Exception, report: Report):
    """Push a failing clock forward with backoff and report it; the sweep goes on."""
    log.error("SLA sweep: clock %s failed: %s", pk, error, exc_info=error)
    report.failed.append((pk, str(error)[:200]))
    failures = Clock.objects.filter(pk=pk).values_list("failures", flat=True).first() or 0
    Clock.objects.filter(pk=pk).update(
        next_due_at=now + retry_after(failures),
        failures=F("failures") + 1,
        last_error=str(error)[:2000],
    )
