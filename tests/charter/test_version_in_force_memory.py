"""The version in force is remembered, but never past a hand-over or a publish here."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from slaportal.charter import in_force
from slaportal.charter.services import publish, start_draft, submit_for_review
from tests.charter.conftest import add_policy, sign_by_all

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def publish_new(revops, leaders, **kwargs):
    version = start_draft(revops, change_notes="Calibration")
    add_policy(version)
    submit_for_review(version, revops)
    sign_by_all(version, leaders)
    return publish(version, revops, **kwargs)


def test_a_publish_in_this_process_is_seen_at_once(
    revops, leaders, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        v1 = publish_new(revops, leaders)
        assert in_force.version_id_in_force() == v1.pk  # now remembered
    with time_machine.travel(T0 + timedelta(seconds=1), tick=False):  # within the memory
        with django_capture_on_commit_callbacks(execute=True):
            v2 = publish_new(revops, leaders)

        assert in_force.version_id_in_force() == v2.pk


def test_a_scheduled_hand_over_is_exact_even_while_remembered(revops, leaders):
    handover = T0 + timedelta(seconds=1)
    with time_machine.travel(T0, tick=False):
        v1 = publish_new(revops, leaders)
        v2 = publish_new(revops, leaders, effective_from=handover)
        assert in_force.version_id_in_force() == v1.pk
    with time_machine.travel(handover, tick=False):  # within the 2 s memory
        assert in_force.version_id_in_force() == v2.pk
