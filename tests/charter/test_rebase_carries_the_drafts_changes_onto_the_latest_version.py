"""Rebasing a stale draft: every row the draft did not change becomes the latest published
version's row (changed, added or removed as there); every row the draft changed stays the
draft's. Afterwards the draft differs from the latest version by exactly its own changes."""

from datetime import timedelta

import pytest

from slaportal.charter.diff import diff_versions
from slaportal.charter.models import (
    CharterEdit,
    CharterVersion,
    DurationUnit,
    EscalationStep,
    Policy,
    ReasonCode,
    editing_as,
)
from slaportal.charter.services import rebase, start_draft, submit_for_review
from slaportal.fsm import TransitionRefused
from slaportal.org.roles import Role
from tests.charter.conftest import add_policy, publish_signed, sign_by_all

pytestmark = pytest.mark.django_db


def summary(diffs):
    return [
        (
            d.name,
            [r.key for r in d.added],
            [r.key for r in d.removed],
            [(r.key, [name for name, *_ in r.fields]) for r in d.changed],
        )
        for d in diffs
    ]


def test_the_draft_keeps_its_changes_and_takes_the_later_versions(history, revops):
    v1, v2, v3 = history.v1, history.v2, history.v3
    with editing_as(revops):
        Policy.objects.filter(version=v3, code="sdr_first_touch_t2").update(name="Tier 2, renamed")
        ReasonCode.objects.filter(version=v3, code="REJ-06").delete()
    add_policy(v3, code="ae_first_touch", name="AE first touch")
    own_changes = summary(diff_versions(v1, v3))

    rebased = rebase(v3, revops)

    v3 = CharterVersion.objects.get(pk=v3.pk)
    assert v3.based_on == v2
    assert v3.state == "draft"
    policies = dict(Policy.objects.filter(version=v3).values_list("code", "target_amount"))
    assert policies == {"sdr_first_touch_t1": 10, "sdr_first_touch_t2": 5, "ae_first_touch": 5}
    assert Policy.objects.get(version=v3, code="sdr_first_touch_t2").name == "Tier 2, renamed"
    assert list(ReasonCode.objects.filter(version=v3).values_list("code", flat=True)) == ["REJ-07"]
    assert EscalationStep.objects.filter(version=v3, policy__code="ae_first_touch").count() == 1
    # Against v2 the draft now shows exactly what it changed against v1 before.
    assert summary(diff_versions(v2, v3)) == own_changes
    assert rebased.taken == [
        "policy sdr_first_touch_t1 changed",
        "reason code sdr_rejection/REJ-07 added",
    ]
    assert "policy sdr_first_touch_t2" in rebased.kept


def test_the_rebase_and_each_row_it_writes_are_audited(history, revops):
    rebase(history.v3, revops)

    edits = CharterEdit.objects.filter(version=history.v3)
    rebased = edits.get(action=CharterEdit.Action.REBASED)
    assert (rebased.editor, rebased.changes) == (revops, {"based_on": [1, 2]})
    target = edits.get(action=CharterEdit.Action.CHANGED, subject_type="policy")
    assert (target.editor, target.changes) == (revops, {"target_amount": [5, 10]})
    added = edits.get(action=CharterEdit.Action.CREATED, subject_repr__startswith="REJ-07")
    assert added.editor == revops


def test_rows_the_later_version_removed_or_linked_anew_follow_it(history, revops, leaders):
    # v4, started from v2, drops REJ-06, adds a second escalation step to Tier 1 and cites a
    # new source for Tier 2; v5 was started from v2 before v4 was published.
    v4 = start_draft(revops, based_on=history.v2, change_notes="Ladder")
    v5 = start_draft(revops, based_on=history.v2, change_notes="Own work")
    with editing_as(revops):
        ReasonCode.objects.filter(version=v4, code="REJ-06").delete()
        EscalationStep.objects.create(
            version=v4,
            policy=Policy.objects.get(version=v4, code="sdr_first_touch_t1"),
            order=2,
            after_amount=1,
            after_unit=DurationUnit.HOURS,
            relative_to=EscalationStep.Reference.BREACH,
            notify_roles=[Role.VP_SALES],
        )
        Policy.objects.filter(version=v4, code="sdr_first_touch_t2").update(source="002 row 7")
    history.clock.shift(timedelta(hours=1))
    publish_signed(v4, revops, leaders)

    rebase(v5, revops)

    assert list(ReasonCode.objects.filter(version=v5).values_list("code", flat=True)) == ["REJ-07"]
    step = EscalationStep.objects.get(version=v5, policy__code="sdr_first_touch_t1", order=2)
    assert step.policy.version_id == v5.pk
    assert step.notify_roles == [Role.VP_SALES]
    assert Policy.objects.get(version=v5, code="sdr_first_touch_t2").source == "002 row 7"
    assert diff_versions(CharterVersion.objects.get(pk=v4.pk), v5) == []


def test_a_rebase_that_changes_rows_sends_a_version_in_review_back_to_draft(
    history, revops, leaders
):
    # v5 goes to review on top of v2 and goes stale when v4, which changed a row, is published.
    v4 = start_draft(revops, based_on=history.v2, change_notes="Q3")
    v5 = start_draft(revops, based_on=history.v2, change_notes="Q3 too")
    submit_for_review(v5, revops)
    sign_by_all(v5, leaders)
    with editing_as(revops):
        Policy.objects.filter(version=v4, code="sdr_first_touch_t2").update(target_amount=7)
    history.clock.shift(timedelta(hours=1))
    publish_signed(v4, revops, leaders)

    rebase(v5, revops)

    v5 = CharterVersion.objects.get(pk=v5.pk)
    assert (v5.state, v5.sign_offs.count(), v5.based_on_id) == ("draft", 0, v4.pk)
    assert Policy.objects.get(version=v5, code="sdr_first_touch_t2").target_amount == 7


def test_a_rebase_that_changes_no_row_keeps_the_review_and_its_sign_offs(history, revops, leaders):
    v4 = start_draft(revops, based_on=history.v2, change_notes="Notes only")
    v5 = start_draft(revops, based_on=history.v2, change_notes="Q3")
    submit_for_review(v5, revops)
    sign_by_all(v5, leaders)
    history.clock.shift(timedelta(hours=1))
    publish_signed(v4, revops, leaders)

    rebased = rebase(v5, revops)

    assert rebased.taken == []
    v5 = CharterVersion.objects.get(pk=v5.pk)
    assert (v5.state, v5.sign_offs.count(), v5.based_on_id) == ("in_review", 3, v4.pk)


def test_a_draft_already_on_the_latest_version_needs_no_rebase(history, revops):
    current = start_draft(revops, based_on=history.v2, change_notes="Up to date")

    with pytest.raises(TransitionRefused) as refused:
        rebase(current, revops)

    assert refused.value.detail == "Charter v4 needs no rebase."
    assert not CharterEdit.objects.filter(version=current, action="rebased").exists()


def test_only_someone_who_edits_the_charter_rebases(history, leaders):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        rebase(history.v3, leaders["sales"])

    assert CharterVersion.objects.get(pk=history.v3.pk).based_on == history.v1
