"""A version is published only with a sign-off from each of Marketing, SDR and Sales
leadership, by RevOps; an edit after a sign-off sends it back to draft."""

import pytest
from django.core.exceptions import PermissionDenied

from slaportal.charter.models import CharterEdit, CharterVersion, Policy, editing_as
from slaportal.charter.services import publish, sign_off, start_draft, submit_for_review
from slaportal.fsm import TransitionRefused
from tests.charter.conftest import sign_by_all

pytestmark = pytest.mark.django_db


def test_review_needs_change_notes(revops):
    version = start_draft(revops)

    with pytest.raises(TransitionRefused) as refused:
        submit_for_review(version, revops)

    assert refused.value.unmet == ["change notes saying what this version changes"]


def test_publishing_needs_a_sign_off_from_each_function(draft, revops, leaders):
    submit_for_review(draft, revops)
    sign_off(draft, leaders["sdr"])

    with pytest.raises(TransitionRefused) as refused:
        publish(draft, revops)

    assert refused.value.unmet == [
        "sign-off from Marketing leadership",
        "sign-off from Sales leadership",
    ]
    assert CharterVersion.objects.get(pk=draft.pk).state == "in_review"


def test_three_sign_offs_then_revops_publishes(draft, revops, leaders):
    submit_for_review(draft, revops)
    sign_by_all(draft, leaders)

    published = publish(draft, revops)

    assert published.state == "published"
    assert published.published_by == revops
    assert CharterVersion.objects.active() == published
    assert set(published.sign_offs.values_list("function", flat=True)) == {
        "marketing",
        "sdr",
        "sales",
    }


def test_the_same_person_cannot_sign_twice(draft, revops, leaders):
    submit_for_review(draft, revops)
    sign_off(draft, leaders["sales"])

    with pytest.raises(TransitionRefused, match="You have already signed"):
        sign_off(draft, leaders["sales"])
    with pytest.raises(TransitionRefused, match="Sales leadership has already signed"):
        sign_off(draft, leaders["sales_too"])
    assert draft.sign_offs.count() == 1


def test_only_leaders_sign_and_only_in_review(draft, revops, leaders, sdr):
    with pytest.raises(PermissionDenied):
        sign_off(draft, sdr)
    with pytest.raises(PermissionDenied):
        sign_off(draft, revops)
    with pytest.raises(TransitionRefused, match="is draft"):
        sign_off(draft, leaders["marketing"])


def test_only_revops_publishes(draft, revops, leaders):
    submit_for_review(draft, revops)
    sign_by_all(draft, leaders)

    with pytest.raises(PermissionDenied, match="publish the charter"):
        publish(draft, leaders["sales"])
    assert CharterVersion.objects.get(pk=draft.pk).state == "in_review"


def test_an_edit_after_a_sign_off_returns_to_draft_and_clears_sign_offs(draft, revops, leaders):
    submit_for_review(draft, revops)
    sign_off(draft, leaders["marketing"])
    sign_off(draft, leaders["sdr"])
    policy = Policy.objects.get(version=draft)

    with editing_as(revops):
        policy.target_amount = 10
        policy.save()

    version = CharterVersion.objects.get(pk=draft.pk)
    assert version.state == "draft"
    assert not version.sign_offs.exists()
    returned = version.edits.filter(action=CharterEdit.Action.RETURNED_TO_DRAFT).get()
    assert returned.editor == revops
    # Back through review, the three sign-offs are needed again.
    submit_for_review(version, revops)
    with pytest.raises(TransitionRefused) as refused:
        publish(version, revops)
    assert len(refused.value.unmet) == 3


def test_deleting_a_row_also_resets_the_review(draft, revops, leaders):
    submit_for_review(draft, revops)
    sign_off(draft, leaders["marketing"])

    with editing_as(revops):
        draft.reason_codes.get().delete()

    version = CharterVersion.objects.get(pk=draft.pk)
    assert version.state == "draft"
    assert not version.sign_offs.exists()
