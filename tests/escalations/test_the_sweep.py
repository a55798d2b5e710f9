"""The sweep finds due clocks by their precomputed next due instant, catches up on everything
that fell due while it did not run, pushes a failing clock forward and reports it instead of
stopping, and says what it did."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from escalations import sweep as sweeping
from escalations.models import Breach, Clock
from escalations.recording import Record, engine_of
from escalations.rules import watch_of
from tests.escalations.conftest import sweep

pytestmark = pytest.mark.django_db

A_WEEK_LATER = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


def test_every_open_clock_knows_when_it_is_next_due(mql):
    for clock in Clock.objects.filter(stopped_at__isnull=True):
        assert clock.next_due_at == min(filter(None, [clock.warn_at, clock.target_at]))


def test_a_sweep_after_an_outage_catches_up_on_everything_due(mql, post, now):
    post(email="sam@globex.example", external_id="map-2")
    printed = sweep(A_WEEK_LATER)

    assert "0 failed" in printed
    assert Breach.objects.filter(code="sdr_first_touch_t1").count() == 2
    due = Clock.objects.filter(next_due_at__lte=A_WEEK_LATER)
    assert not due.exists()  # nothing left behind


def test_a_failing_clock_is_pushed_forward_and_reported(mql, now, monkeypatch):
    broken = Clock.objects.get(code="sdr_first_touch_t1")
    real = Record.advance

    def advance(record, clock, watch, **kwargs):
        if clock.pk == broken.pk:
            raise RuntimeError("calendar service unavailable")
        return real(record, clock, watch, **kwargs)

    monkeypatch.setattr(Record, "advance", advance)
    report = sweeping.sweep(A_WEEK_LATER)

    broken.refresh_from_db()
    assert report.failed == [(broken.pk, "calendar service unavailable")]
    assert report.processed >= 1  # the others went on
    assert broken.next_due_at == A_WEEK_LATER + sweeping.retry_after(0)
    assert (broken.failures, broken.last_error) == (1, "calendar service unavailable")
    assert "1 failed (clock" in str(report)
    assert Breach.objects.filter(code="sal_accept_reject").exists()  # recorded all the same

    monkeypatch.setattr(Record, "advance", real)
    sweeping.sweep(A_WEEK_LATER + timedelta(minutes=1))
    broken.refresh_from_db()
    assert (broken.failures, broken.status) == (0, "breached")


def test_a_batch_that_fails_to_write_is_done_again_clock_by_clock(mql, now, monkeypatch):
    """Writing a batch together failed (a constraint, a lost connection): the batch is done
    again one clock at a time, so only the clock that fails is set aside."""
    real = Record.write

    def write_alone_only(record, **kwargs):
        if len(record._clocks) > 1:
            raise RuntimeError("deadlock detected")
        return real(record, **kwargs)

    monkeypatch.setattr(Record, "write", write_alone_only)
    report = sweeping.sweep(A_WEEK_LATER)

    assert report.failed == []
    assert report.processed == Clock.objects.filter(milestones__isnull=False).distinct().count()
    assert Breach.objects.filter(code="sdr_first_touch_t1").exists()


def test_a_batch_of_many_clocks_saves_each_clocks_progress(post, now):
    for n in range(sweeping.BATCH // 8):  # enough to share values across the batch
        post(email=f"lead{n}@globex.example", external_id=f"map-batch-{n}")
    sweep(A_WEEK_LATER)

    clocks = Clock.objects.filter(code="sdr_first_touch_t1").select_related("breach")
    assert clocks.count() == sweeping.BATCH // 8
    for clock in clocks:
        watch = watch_of(clock.version_id, clock.watch_key)
        pending = clock.course.pending(watch.rules, engine_of(clock))
        assert all(at > A_WEEK_LATER for at, _ in pending)  # everything due was taken down
        assert clock.next_due_at == (pending[0][0] if pending else None)
        assert (clock.breach.subject_type, clock.breach.subject_id) == ("lead", clock.subject_id)


def test_the_sweep_reads_only_due_clocks(mql, now):
    with CaptureQueriesContext(connection) as queries:
        sweeping.sweep(datetime(2026, 3, 3, 15, 1, tzinfo=UTC))  # nothing due yet

    due_query = next(q["sql"] for q in queries if 'FROM "escalations_clock"' in q["sql"])
    assert '"next_due_at" <=' in due_query
    assert "LIMIT 200" in due_query


@pytest.mark.parametrize("bad", ["yesterday", "2026-03-03T10:00:00"])
def test_sla_sweep_refuses_a_bad_instant(bad):
    with pytest.raises(CommandError, match="--now"):
        call_command("sla_sweep", "--now", bad)
