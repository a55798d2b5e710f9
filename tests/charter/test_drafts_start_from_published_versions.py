"""A draft starts empty or from a published (or superseded) version: a draft or a version in
review may still change, and a draft copied from it could not tell its own changes from its
base's when it is rebased."""

import pytest
from django.urls import reverse

from slaportal.charter.models import CharterVersion
from slaportal.charter.services import start_draft
from slaportal.fsm import TransitionRefused

pytestmark = pytest.mark.django_db


def test_a_draft_cannot_start_from_a_draft(revops, history):
    with pytest.raises(TransitionRefused) as refused:
        start_draft(revops, based_on=history.v3)

    assert refused.value.detail == "A draft cannot start from v3: it is draft and may still change."
    assert CharterVersion.objects.count() == 3


def test_a_draft_may_start_from_a_superseded_version(revops, history):
    assert history.v1.state == "superseded"

    draft = start_draft(revops, based_on=history.v1)

    assert draft.based_on == history.v1
    assert draft.rebase_target() == history.v2  # and says at once it must be rebased


def test_the_admin_offers_a_new_draft_only_from_published_versions(client, revops, history):
    client.force_login(revops)

    def page(version):
        url = reverse("admin:charter_charterversion_change", args=[version.pk])
        return client.get(url).content.decode()

    assert ">New draft from v2</button>" in page(history.v2)
    assert ">New draft from v3</button>" not in page(history.v3)
    refused = client.post(
        reverse("admin:charter_new_draft"), {"based_on": history.v3.pk}, follow=True
    )
    assert "A draft cannot start from v3" in refused.content.decode()
    assert CharterVersion.objects.count() == 3
