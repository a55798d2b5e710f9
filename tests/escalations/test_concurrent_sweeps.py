"""Any number of sweeps may run at once (several workers, a late beat tick): on PostgreSQL two
sweeps over the same due clocks record each item once, with no failure and no duplicate."""

import threading
from collections import Counter
from datetime import UTC, datetime

import pytest
from django.db import connection

from escalations.models import Breach, Escalation, Milestone, Notification
from escalations.sweep import sweep
from leads.models import Lead

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

LATER = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)  # a week on: everything of day one is due


def test_two_sweeps_at_once_record_each_item_once(post, now, org):
    assert connection.vendor == "postgresql"
    for n in range(12):
        post(email=f"lead{n}@acme.example", external_id=f"map-{n}")
    assert Lead.objects.filter(state="mql").count() == 12
    now.move_to(LATER)
    start, reports = threading.Barrier(2), []

    def run():
        try:
            start.wait()
            reports.append(sweep(LATER))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [report.failed for report in reports] == [[], []]
    assert sum(report.processed for report in reports) > 0
    per_item = Counter(Milestone.objects.values_list("clock", "kind"))
    assert max(per_item.values()) == 1
    per_step = Counter(Escalation.objects.values_list("clock", "step"))
    assert max(per_step.values()) == 1
    assert Breach.objects.filter(code="sdr_first_touch_t1").count() == 12
    per_address = Counter(Notification.objects.values_list("escalation", "channel", "address"))
    assert max(per_address.values()) == 1
    assert sweep(LATER).processed == 0  # nothing left, nothing twice
