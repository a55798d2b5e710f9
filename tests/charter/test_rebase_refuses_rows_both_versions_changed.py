"""A row both the draft and the later version changed, each differently (or one changed and the
other removed), refuses the rebase: the refusal names every such row, and nothing is written.
Rows are compared whole, not field by field (an amount and its unit go together)."""

from datetime import timedelta

import pytest

from slaportal.charter.models import (
    CharterEdit,
    CharterVersion,
    DurationUnit,
    EscalationStep,
    Policy,
    editing_as,
)
from slaportal.charter.services import rebase, start_draft
from slaportal.fsm import TransitionRefused
from slaportal.org.roles import Role
from tests.charter.conftest import publish_signed

pytestmark = pytest.mark.django_db


def refusal(version, user):
    with pytest.raises(TransitionRefused) as refused:
        rebase(version, user)
    return refused.value


def untouched(version, based_on):
    version = CharterVersion.objects.get(pk=version.pk)
    return version.based_on == based_on and not version.edits.filter(action="rebased").exists()


def test_a_row_both_changed_differently_is_named_and_nothing_is_written(history, revops):
    with editing_as(revops):
        Policy.objects.filter(version=history.v3, code="sdr_first_touch_t1").update(
            target_amount=15
        )
        Policy.objects.filter(version=history.v3, code="sdr_first_touch_t2").update(name="T2")
    edits_before = CharterEdit.objects.filter(version=history.v3).count()

    refused = refusal(history.v3, revops)

    assert refused.detail.startswith(
        "Charter v3 cannot be rebased onto v2: both changed the same rows since v1."
    )
    assert refused.unmet == [
        "policy sdr_first_touch_t1 (v2 changed its target; this draft changed its target)"
    ]
    assert untouched(history.v3, history.v1)
    assert Policy.objects.get(version=history.v3, code="sdr_first_touch_t1").target_amount == 15
    assert CharterEdit.objects.filter(version=history.v3).count() == edits_before


def test_different_fields_of_one_row_are_still_a_conflict(history, revops):
    # v2 set Tier 1's target amount to 10 (business minutes); the draft made the unit hours.
    with editing_as(revops):
        Policy.objects.filter(version=history.v3, code="sdr_first_touch_t1").update(
            target_unit=DurationUnit.BUSINESS_HOURS
        )

    assert refusal(history.v3, revops).unmet == [
        "policy sdr_first_touch_t1 (v2 changed its target; this draft changed its target unit)"
    ]


def test_the_same_change_on_both_sides_is_no_conflict(history, revops):
    with editing_as(revops):
        Policy.objects.filter(version=history.v3, code="sdr_first_touch_t1").update(
            target_amount=10
        )

    rebase(history.v3, revops)

    assert CharterVersion.objects.get(pk=history.v3.pk).based_on == history.v2


def test_a_row_the_draft_removed_and_the_later_version_changed(history, revops):
    with editing_as(revops):
        Policy.objects.filter(version=history.v3, code="sdr_first_touch_t1").delete()

    assert refusal(history.v3, revops).unmet == [
        "policy sdr_first_touch_t1 (v2 changed its target; this draft removed it)"
    ]
    assert untouched(history.v3, history.v1)


def test_a_row_added_on_both_sides_with_different_values(history, revops):
    from tests.charter.conftest import add_reason_code

    add_reason_code(history.v3, code="REJ-07")  # v2 added REJ-07 too, with the same values
    with editing_as(revops):
        history.v3.reason_codes.filter(code="REJ-07").update(label="Outside coverage")

    assert refusal(history.v3, revops).unmet == [
        "reason code sdr_rejection/REJ-07 (v2 added it; this draft added it)"
    ]


def add_step(version, policy_code, order=2):
    with editing_as(version.author):
        return EscalationStep.objects.create(
            version=version,
            policy=Policy.objects.get(version=version, code=policy_code),
            order=order,
            after_amount=1,
            after_unit=DurationUnit.HOURS,
            relative_to=EscalationStep.Reference.BREACH,
            notify_roles=[Role.VP_SALES],
        )


def test_a_step_the_later_version_added_to_a_policy_the_draft_removed(history, revops, leaders):
    v4 = start_draft(revops, based_on=history.v2, change_notes="Ladder")
    v5 = start_draft(revops, based_on=history.v2, change_notes="Tier 2 goes")
    add_step(v4, "sdr_first_touch_t2")
    with editing_as(revops):
        Policy.objects.filter(version=v5, code="sdr_first_touch_t2").delete()
    history.clock.shift(timedelta(hours=1))
    publish_signed(v4, revops, leaders)

    assert refusal(v5, revops).unmet == [
        "escalation step sdr_first_touch_t2/2 (v4 added it; "
        "this draft removed policy sdr_first_touch_t2)"
    ]
    assert untouched(v5, history.v2)


def test_a_step_the_draft_added_to_a_policy_the_later_version_removed(history, revops, leaders):
    v4 = start_draft(revops, based_on=history.v2, change_notes="Tier 2 goes")
    v5 = start_draft(revops, based_on=history.v2, change_notes="Ladder")
    with editing_as(revops):
        Policy.objects.filter(version=v4, code="sdr_first_touch_t2").delete()
    add_step(v5, "sdr_first_touch_t2")
    history.clock.shift(timedelta(hours=1))
    publish_signed(v4, revops, leaders)

    assert refusal(v5, revops).unmet == [
        "escalation step sdr_first_touch_t2/2 (v4 removed policy sdr_first_touch_t2; "
        "this draft added or changed it)"
    ]
    assert untouched(v5, history.v2)
    assert EscalationStep.objects.filter(version=v5, order=2).exists()
