"""Published and superseded versions, and every row in them, cannot change."""

import pytest

from slaportal.charter.models import (
    CharterEdit,
    CharterVersion,
    CharterVersionFrozen,
    EscalationStep,
    Policy,
    ReasonCode,
    editing_as,
)
from slaportal.charter.services import publish, start_draft, submit_for_review
from tests.charter.conftest import add_policy, sign_by_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(draft, revops, leaders):
    submit_for_review(draft, revops)
    sign_by_all(draft, leaders)
    return publish(draft, revops)


FROZEN = "published and superseded versions cannot be changed"


def test_a_row_of_a_published_version_cannot_be_saved(published):
    policy = Policy.objects.get(version=published)
    policy.target_amount = 60

    with pytest.raises(CharterVersionFrozen, match=FROZEN):
        policy.save()

    assert Policy.objects.get(pk=policy.pk).target_amount == 5


def test_nor_deleted_nor_added_to(published):
    with pytest.raises(CharterVersionFrozen):
        ReasonCode.objects.get(version=published).delete()
    with pytest.raises(CharterVersionFrozen):
        add_policy(published, code="another")

    assert published.reason_codes.count() == 1
    assert published.policies.count() == 1


def test_bulk_updates_and_deletes_are_refused_too(published):
    with pytest.raises(CharterVersionFrozen):
        Policy.objects.filter(version=published).update(target_amount=1)
    with pytest.raises(CharterVersionFrozen):
        EscalationStep.objects.filter(version=published).delete()

    assert Policy.objects.get(version=published).target_amount == 5
    assert EscalationStep.objects.filter(version=published).count() == 1


def test_the_version_itself_is_frozen(published):
    version = CharterVersion.objects.get(pk=published.pk)
    version.change_notes = "rewritten history"

    with pytest.raises(CharterVersionFrozen):
        version.save()
    with pytest.raises(CharterVersionFrozen):
        CharterVersion.objects.get(pk=published.pk).delete()


def test_a_new_draft_copies_everything_and_leaves_the_original_alone(published, revops):
    draft = start_draft(revops, based_on=published, change_notes="Q2 calibration")

    copied_policy = draft.policies.get()
    assert copied_policy.pk != Policy.objects.get(version=published).pk
    assert copied_policy.escalation_steps.get().version == draft
    assert draft.reason_codes.get().code == "REJ-06"
    assert draft.based_on == published

    with editing_as(revops):
        copied_policy.target_amount = 15
        copied_policy.save()
    assert Policy.objects.get(version=published).target_amount == 5


def test_every_edit_is_audited_field_by_field(revops):
    version = start_draft(revops, change_notes="Audit me")
    policy = add_policy(version)

    with editing_as(revops):
        policy.target_amount = 30
        policy.name = "SDR first touch (Tier 1)"
        policy.save()

    changed = version.edits.filter(action=CharterEdit.Action.CHANGED).get()
    assert changed.editor == revops
    assert changed.subject_type == "policy"
    assert changed.changes == {
        "name": ["SDR first touch, Tier 1", "SDR first touch (Tier 1)"],
        "target_amount": [5, 30],
    }
    assert version.edits.filter(action=CharterEdit.Action.CREATED).count() == 2  # policy, step


def test_saving_an_unchanged_row_writes_no_audit_row(revops):
    version = start_draft(revops, change_notes="Quiet")
    policy = add_policy(version)
    before = version.edits.count()

    Policy.objects.get(pk=policy.pk).save()

    assert version.edits.count() == before
