"""A draft started from a version that is no longer the latest published one can neither go
to review nor be published: as it is, it would silently undo what the later version changed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from slaportal.charter.models import CharterVersion, Policy
from slaportal.charter.services import publish, rebase, start_draft, submit_for_review
from slaportal.fsm import TransitionRefused, unmet
from tests.charter.conftest import publish_signed, sign_by_all

pytestmark = pytest.mark.django_db

STALE = "a rebase onto v2, the latest published version (this draft was started from v1)"


def test_a_draft_started_from_an_older_version_cannot_go_to_review(history, revops):
    with pytest.raises(TransitionRefused) as refused:
        submit_for_review(history.v3, revops)

    assert refused.value.detail == "Charter v3 cannot go to review yet."
    assert refused.value.unmet == [STALE]
    assert CharterVersion.objects.get(pk=history.v3.pk).state == "draft"


def test_a_version_in_review_that_went_stale_cannot_be_published(revops, leaders, history):
    # v4 went to review while v2 was the latest; then v2's successor v5 was published.
    v4 = start_draft(revops, based_on=history.v2, change_notes="Q3")
    submit_for_review(v4, revops)
    sign_by_all(v4, leaders)
    history.clock.shift(timedelta(hours=1))
    publish_signed(start_draft(revops, based_on=history.v2, change_notes="Hotfix"), revops, leaders)
    history.clock.shift(timedelta(hours=1))

    with pytest.raises(TransitionRefused) as refused:
        publish(v4, revops)

    assert refused.value.unmet == [
        "a rebase onto v5, the latest published version (this draft was started from v2)"
    ]
    assert CharterVersion.objects.get(pk=v4.pk).state == "in_review"
    assert CharterVersion.objects.active() == CharterVersion.objects.get(number=5)


def test_a_version_scheduled_for_later_counts_as_the_latest(revops, leaders, history):
    v4 = start_draft(revops, based_on=history.v2, change_notes="Next quarter")
    publish_signed(v4, revops, leaders, effective_from=timezone.now() + timedelta(days=30))
    late = start_draft(revops, based_on=history.v2, change_notes="Started before v4")

    assert CharterVersion.objects.active() == history.v2
    assert unmet(late.submit_for_review) == [
        "a rebase onto v4, the latest published version (this draft was started from v2)"
    ]


def test_once_rebased_the_draft_goes_to_review_and_is_published(revops, leaders, history):
    rebase(history.v3, revops)

    v3 = publish_signed(CharterVersion.objects.get(pk=history.v3.pk), revops, leaders)

    assert v3.state == "published"
    assert Policy.objects.get(version=v3, code="sdr_first_touch_t1").target_amount == 10


def test_drafts_from_the_latest_version_and_empty_drafts_need_no_rebase(revops, history):
    current = start_draft(revops, based_on=history.v2, change_notes="Up to date")
    empty = start_draft(revops, change_notes="From scratch")

    assert current.rebase_target() is None
    assert empty.rebase_target() is None
    assert history.v3.rebase_target() == history.v2
    assert unmet(current.submit_for_review) == []
