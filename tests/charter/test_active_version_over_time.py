"""Exactly one published version is in force at any instant; a version published for a later
instant takes over then, not before."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from slaportal.charter.models import CharterVersion
from slaportal.charter.services import (
    publish,
    start_draft,
    submit_for_review,
    supersede_replaced_versions,
)
from slaportal.charter.tasks import supersede_replaced_versions as supersede_task
from slaportal.fsm import TransitionRefused
from tests.charter.conftest import add_policy, sign_by_all

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
HANDOVER = T0 + timedelta(days=30)


def publish_new(revops, leaders, based_on=None, **kwargs):
    version = start_draft(revops, based_on=based_on, change_notes="Calibration")
    if based_on is None:
        add_policy(version)
    submit_for_review(version, revops)
    sign_by_all(version, leaders)
    return publish(version, revops, **kwargs)


def test_a_scheduled_version_takes_over_at_its_instant(revops, leaders):
    with time_machine.travel(T0, tick=False):
        v1 = publish_new(revops, leaders)
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        v2 = publish_new(revops, leaders, based_on=v1, effective_from=HANDOVER)
        assert list(CharterVersion.objects.scheduled()) == [v2]

    for moment, expected in [
        (T0, v1),
        (T0 + timedelta(days=1), v1),
        (HANDOVER - timedelta(microseconds=1), v1),
        (HANDOVER, v2),
        (HANDOVER + timedelta(days=400), v2),
    ]:
        with time_machine.travel(moment, tick=False):
            assert CharterVersion.objects.active() == expected, moment
            in_force = CharterVersion.objects.taken_effect(moment).order_by("-effective_from")
            assert in_force.first() == expected
    assert CharterVersion.objects.active(at=T0 - timedelta(seconds=1)) is None


def test_beat_marks_the_replaced_version_superseded_once(revops, leaders):
    with time_machine.travel(T0, tick=False):
        v1 = publish_new(revops, leaders)
        v2 = publish_new(revops, leaders, based_on=v1, effective_from=HANDOVER)

    with time_machine.travel(HANDOVER - timedelta(seconds=1), tick=False):
        assert supersede_task() == 0
    with time_machine.travel(HANDOVER, tick=False):
        assert supersede_task() == 1
        assert supersede_task() == 0  # idempotent

    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.state, v2.state) == ("superseded", "published")
    # History still answers: v1 was in force before the hand-over.
    assert CharterVersion.objects.active(at=HANDOVER - timedelta(hours=1)) == v1


def test_publishing_now_supersedes_the_previous_version_at_once(revops, leaders):
    with time_machine.travel(T0, tick=False):
        v1 = publish_new(revops, leaders)
    with time_machine.travel(T0 + timedelta(days=2), tick=False):
        v2 = publish_new(revops, leaders, based_on=v1)

    assert CharterVersion.objects.get(pk=v1.pk).state == "superseded"
    assert CharterVersion.objects.active(at=T0 + timedelta(days=3)) == v2
    assert supersede_replaced_versions() == []


def test_a_version_cannot_take_effect_before_one_already_published(revops, leaders):
    with time_machine.travel(T0, tick=False):
        v1 = publish_new(revops, leaders)
        v2 = publish_new(revops, leaders, based_on=v1, effective_from=HANDOVER)
        late = start_draft(revops, based_on=v2, change_notes="Late fix")
        submit_for_review(late, revops)
        sign_by_all(late, leaders)

        with pytest.raises(TransitionRefused) as refused:
            publish(late, revops, effective_from=HANDOVER - timedelta(days=1))

    assert refused.value.unmet == ["an effective-from after v2's (2026-04-01 09:00 UTC)"]
    assert CharterVersion.objects.get(pk=late.pk).state == "in_review"


def test_a_version_cannot_take_effect_in_the_past(revops, leaders):
    with time_machine.travel(T0, tick=False):
        version = start_draft(revops, change_notes="Backdated")
        add_policy(version)
        submit_for_review(version, revops)
        sign_by_all(version, leaders)

        with pytest.raises(TransitionRefused) as refused:
            publish(version, revops, effective_from=T0 - timedelta(days=1))

    assert refused.value.unmet == ["an effective-from that is not in the past"]
