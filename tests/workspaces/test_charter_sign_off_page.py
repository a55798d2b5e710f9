"""Leaders sign off a charter version in review from a page of their own: it shows what
publishing the version would change against the version in force, who has signed and who
still must, and a "Sign off" button calling the sign-off service; a refusal says why and
changes nothing; people who do not sign get a 403."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from slaportal.charter.models import CharterVersion, Policy, SignOff, editing_as
from slaportal.charter.services import sign_off, start_draft, submit_for_review
from tests.charter.conftest import *  # noqa: F403  (leaders, draft)
from tests.charter.conftest import add_policy, add_reason_code, publish_signed

pytestmark = pytest.mark.django_db

# Tuesday 3 March 2026, 10:00 in New York.
NOW = datetime(2026, 3, 3, 15, tzinfo=UTC)
BUTTON = ">Sign off</button>"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def in_review(draft, revops, leaders):
    """v2 in review, started from v1 (in force): Tier 1 in 10 minutes, REJ-07 added."""
    v1 = publish_signed(draft, revops, leaders)
    v2 = start_draft(revops, based_on=v1, change_notes="Tier 1 in 10 minutes")
    with editing_as(revops):
        Policy.objects.filter(version=v2).update(target_amount=10)
    add_reason_code(v2, code="REJ-07")
    return submit_for_review(v2, revops)


def page(client, user, version):
    client.force_login(user)
    return client.get(reverse("charter-sign-off", args=[version.pk]))


def sign(client, user, version):
    client.force_login(user)
    return client.post(reverse("charter-sign-off", args=[version.pk]), follow=True)


def test_a_leader_sees_the_draft_awaiting_them_with_its_changes(client, in_review, leaders):
    client.force_login(leaders["marketing"])
    listing = client.get(reverse("charter-sign-off-list"))

    awaiting = listing.context["awaiting"]
    assert [entry.version for entry in awaiting] == [in_review]
    assert reverse("charter-sign-off", args=[in_review.pk]) in listing.content.decode()

    shown = page(client, leaders["marketing"], in_review)
    html = shown.content.decode()
    assert shown.context["compared_with"] == CharterVersion.objects.active()
    assert "v1 is the version in force" in html
    changed = {
        (diff.name, row.key, name, before, after)
        for diff in shown.context["diffs"]
        for row in diff.changed
        for name, before, after in row.fields
    }
    assert ("Policies", "sdr_first_touch_t1", "target", 5, 10) in changed
    added = [row.key for diff in shown.context["diffs"] for row in diff.added]
    assert added == ["sdr_rejection/REJ-07"]
    assert "REJ-07" in html
    assert BUTTON in html
    # Nobody has signed yet: each function names the leaders who may still sign for it.
    pending = {
        s.function.value: [u.username for u in s.candidates] for s in shown.context["signatures"]
    }
    assert pending == {
        "marketing": ["vpmarketing"],
        "sdr": ["sdrmgr"],
        "sales": ["aemgr", "vpsales"],
    }


def test_signing_off_is_recorded_and_the_last_one_says_what_comes_next(client, in_review, leaders):
    signed = sign(client, leaders["sdr"], in_review)

    assert signed.status_code == 200
    assert SignOff.objects.filter(version=in_review, signer=leaders["sdr"]).exists()
    html = signed.content.decode()
    assert "You signed off charter v2." in html
    assert f"signed by {leaders['sdr'].get_full_name()}" in html
    assert BUTTON not in html
    assert "You have already signed this version." in html
    client.force_login(leaders["sdr"])
    listing = client.get(reverse("charter-sign-off-list"))
    assert listing.context["awaiting"] == []
    # v2 and v1, which they signed before it was published.
    assert [entry.version.number for entry in listing.context["signed"]] == [2, 1]

    sign(client, leaders["marketing"], in_review)
    last = sign(client, leaders["sales_too"], in_review)

    assert in_review.sign_offs.count() == 3
    assert CharterVersion.objects.get(pk=in_review.pk).state == "in_review"
    assert "Signed off by every function: RevOps publishes it next." in last.content.decode()


def test_a_second_sign_off_is_refused_with_its_reason_and_changes_nothing(
    client, in_review, leaders
):
    sign(client, leaders["sales"], in_review)

    again = sign(client, leaders["sales"], in_review)
    colleague = sign(client, leaders["sales_too"], in_review)

    assert "Not signed: You have already signed this version." in again.content.decode()
    assert "Sales leadership has already signed this version (vpsales)" in (
        colleague.content.decode()
    )
    assert list(in_review.sign_offs.values_list("signer__username", flat=True)) == ["vpsales"]
    client.force_login(leaders["sales_too"])
    listing = client.get(reverse("charter-sign-off-list"))
    assert [entry.version for entry in listing.context["covered"]] == [in_review]
    assert listing.context["awaiting"] == []


def test_a_draft_is_shown_but_not_for_signing(client, draft, leaders):
    shown = page(client, leaders["marketing"], draft)
    posted = sign(client, leaders["marketing"], draft)

    assert BUTTON not in shown.content.decode()
    assert "Charter v1 is draft." in shown.content.decode()
    assert "Not signed: Charter v1 is draft. Missing: a version in review." in (
        posted.content.decode()
    )
    assert not draft.sign_offs.exists()


def test_a_sign_off_from_a_page_left_open_after_an_edit_is_refused(client, in_review, leaders):
    assert BUTTON in page(client, leaders["marketing"], in_review).content.decode()
    with editing_as(in_review.author):
        in_review.reason_codes.get(code="REJ-07").delete()  # RevOps edits it: back to draft

    posted = sign(client, leaders["marketing"], in_review)

    assert "Not signed: Charter v2 is draft." in posted.content.decode()
    assert not in_review.sign_offs.exists()


def test_an_sdr_gets_403_on_the_pages_and_the_post_and_nothing_changes(client, in_review, sdr):
    client.force_login(sdr)

    assert client.get(reverse("charter-sign-off-list")).status_code == 403
    assert client.get(reverse("charter-sign-off", args=[in_review.pk])).status_code == 403
    assert client.post(reverse("charter-sign-off", args=[in_review.pk])).status_code == 403
    assert not in_review.sign_offs.exists()


def test_the_list_costs_the_same_queries_for_one_version_or_many(
    client, revops, leaders, django_assert_max_num_queries
):
    def versions_in_review(count):
        for number in range(count):
            version = start_draft(revops, change_notes=f"Proposal {number}")
            add_policy(version)
            submit_for_review(version, revops)
            if number % 2:
                sign_off(version, leaders["marketing"])
            if number % 3 == 0:
                sign_off(version, leaders["sdr"])

    client.force_login(leaders["marketing"])
    versions_in_review(2)
    client.get(reverse("charter-sign-off-list"))  # the session and the role, read once

    with django_assert_max_num_queries(12) as few:
        one = client.get(reverse("charter-sign-off-list"))
    versions_in_review(12)
    with django_assert_max_num_queries(len(few)):
        many = client.get(reverse("charter-sign-off-list"))

    assert (len(one.context["awaiting"]), len(one.context["signed"])) == (1, 1)
    assert (len(many.context["awaiting"]), len(many.context["signed"])) == (7, 7)
