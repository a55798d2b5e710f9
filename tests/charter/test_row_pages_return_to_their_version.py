"""Each row is edited on its own page, opened from the version page's summary: adding one
starts with the version filled in, and saving or deleting one goes back to the version page,
at that kind of row."""

import pytest
from django.urls import reverse

from slaportal.charter.models import CharterEdit, ReasonCode, Taxonomy
from tests.charter.test_charter_admin import policy_form

pytestmark = pytest.mark.django_db


def version_page(version, anchor):
    return reverse("admin:charter_charterversion_change", args=[version.pk]) + f"#rows-{anchor}"


def test_saving_a_policy_goes_back_to_its_version(client, revops, draft):
    client.force_login(revops)
    policy = draft.policies.get()

    saved = client.post(
        reverse("admin:charter_policy_change", args=[policy.pk]),
        policy_form(policy, target_amount=10),
    )

    assert saved.status_code == 302
    assert saved["Location"] == version_page(draft, "policy")
    assert CharterEdit.objects.get(action="changed", subject_id=policy.pk).editor == revops


def test_adding_a_reason_code_starts_from_the_version_and_returns_to_it(client, revops, draft):
    client.force_login(revops)
    add = reverse("admin:charter_reasoncode_add")

    form = client.get(add, {"version": draft.pk})
    saved = client.post(
        add,
        {
            "version": draft.pk,
            "taxonomy": Taxonomy.SDR_REJECTION,
            "code": "REJ-07",
            "label": "Outside current territory coverage",
            "suppression": ReasonCode.Suppression.NONE,
        },
    )

    assert form.context["adminform"].form.initial["version"] == str(draft.pk)
    assert saved.status_code == 302, saved.context and saved.context["adminform"].form.errors
    assert saved["Location"] == version_page(draft, "reasoncode")
    assert draft.reason_codes.filter(code="REJ-07").exists()


def test_deleting_a_reason_code_goes_back_to_its_version(client, revops, draft):
    client.force_login(revops)
    code = draft.reason_codes.get()

    deleted = client.post(
        reverse("admin:charter_reasoncode_delete", args=[code.pk]), {"post": "yes"}
    )

    assert deleted.status_code == 302
    assert deleted["Location"] == version_page(draft, "reasoncode")
    assert not draft.reason_codes.exists()
    assert CharterEdit.objects.get(action="deleted", subject_id=code.pk).editor == revops
