"""The "Sign off" button appears exactly when the sign-off service would accept the signature:
both follow CharterVersion.sign_off_refusal, so a Sales leader is not offered it once the other
Sales leader has signed."""

import pytest
from django.db import transaction
from django.urls import reverse

from slaportal.charter.services import sign_off, submit_for_review
from slaportal.fsm import TransitionRefused

pytestmark = pytest.mark.django_db

BUTTON = ">Sign off</button>"


@pytest.fixture
def in_review(draft, revops):
    return submit_for_review(draft, revops)


def offered(client, user, version):
    client.force_login(user)
    page = client.get(reverse("admin:charter_charterversion_change", args=[version.pk]))
    return BUTTON in page.content.decode()


def accepted(user, version) -> bool:
    """Whether the service would take the signature (tried, then rolled back)."""
    from django.core.exceptions import PermissionDenied

    try:
        with transaction.atomic():
            sign_off(version, user)
            transaction.set_rollback(True)
    except (PermissionDenied, TransitionRefused):
        return False
    return True


def test_vp_sales_is_not_offered_sign_off_after_the_ae_manager_signed(client, in_review, leaders):
    assert offered(client, leaders["sales"], in_review)

    sign_off(in_review, leaders["sales_too"])

    assert not offered(client, leaders["sales"], in_review)
    assert not offered(client, leaders["sales_too"], in_review)  # signed already
    assert offered(client, leaders["marketing"], in_review)


def test_the_button_and_the_service_agree_for_everyone(client, in_review, leaders, revops, sdr):
    sign_off(in_review, leaders["marketing"])
    people = [*leaders.values(), revops]

    for person in people:
        assert offered(client, person, in_review) == accepted(person, in_review), person
        assert in_review.may_sign_off(person) == accepted(person, in_review), person
    assert in_review.may_sign_off(sdr) is False
    assert [p.username for p in people if in_review.may_sign_off(p)] == [
        "sdrmgr",
        "vpsales",
        "aemgr",
    ]


def test_nobody_is_offered_sign_off_on_a_draft(client, draft, leaders):
    assert not offered(client, leaders["marketing"], draft)
    assert not accepted(leaders["marketing"], draft)
