"""RevOps runs the charter in the admin: drafts, review, sign-off, publish, compare, audit."""

import pytest
from django.urls import reverse

from slaportal.charter.models import CharterEdit, CharterVersion, Policy, editing_as
from slaportal.org.models import User
from tests.demo_org import seed_demo_org
from tests.helpers import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def v1():
    seed_demo_org()
    return CharterVersion.objects.get(number=1)


def as_user(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def act(client, version, action, **data):
    return client.post(
        reverse("admin:charter_version_act", args=[version.pk, action]), data, follow=True
    )


def policy_form(policy, **changes):
    form = {
        "version": policy.version_id,
        "code": policy.code,
        "name": policy.name,
        "description": policy.description,
        "subject": policy.subject,
        "owner_role": policy.owner_role,
        "is_active": "on" if policy.is_active else "",
        "source": policy.source,
        "start_events": policy.start_events,
        "stop_events": policy.stop_events,
        "lead_tier": policy.lead_tier or "",
        "target_amount": policy.target_amount,
        "target_unit": policy.target_unit,
        "breach_amount": policy.breach_amount or "",
        "breach_unit": policy.breach_unit,
        "warn_amount": "",
        "warn_unit": "",
        "calendar": policy.calendar_id,
        "after_hours_rule": policy.after_hours_rule,
        "after_hours_amount": policy.after_hours_amount or "",
        "after_hours_unit": policy.after_hours_unit,
        "escalation_steps-TOTAL_FORMS": "0",
        "escalation_steps-INITIAL_FORMS": "0",
    }
    return {**form, **changes}


def test_a_published_version_is_read_only_in_the_admin(client, v1):
    as_user(client, "revops")
    policy = v1.policies.get(code="sdr_first_touch_t1")

    page = client.get(reverse("admin:charter_charterversion_change", args=[v1.pk]))
    edit = client.post(
        reverse("admin:charter_policy_change", args=[policy.pk]),
        policy_form(policy, target_amount=10),
    )

    assert page.status_code == 200
    assert "published and superseded versions cannot be changed" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert edit.status_code == 403
    assert Policy.objects.get(pk=policy.pk).target_amount == 5


def test_calibration_round_trip_in_the_admin(client, v1):
    as_user(client, "revops")
    response = client.post(reverse("admin:charter_new_draft"), {"based_on": v1.pk}, follow=True)
    v2 = CharterVersion.objects.get(number=2)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:charter_charterversion_change", args=[v2.pk]
    )
    assert v2.policies.count() == v1.policies.count()

    policy = v2.policies.get(code="sdr_first_touch_t1")
    saved = client.post(
        reverse("admin:charter_policy_change", args=[policy.pk]),
        policy_form(policy, target_amount=10),
    )
    assert saved.status_code == 302
    edit = CharterEdit.objects.get(version=v2, action="changed", subject_id=policy.pk)
    assert edit.editor.username == "revops"
    assert edit.changes == {"target_amount": [5, 10]}

    v2_form = client.get(reverse("admin:charter_charterversion_change", args=[v2.pk]))
    assert 'name="_save"' in v2_form.content.decode()
    version_page = reverse("admin:charter_charterversion_change", args=[v2.pk])
    noted = client.post(
        version_page,
        admin_form_data(client.get(version_page), change_notes="Tier 1 first touch to 10 minutes"),
    )
    assert noted.status_code == 302
    act(client, v2, "submit")

    refused = act(client, v2, "publish")
    assert "cannot be published yet" in refused.content.decode()
    assert "sign-off from Marketing leadership" in refused.content.decode()

    for leader in ("vpmarketing", "sdrmgr", "vpsales"):
        signed = act(as_user(client, leader), v2, "sign")
        assert "signed off" in signed.content.decode()

    published = act(as_user(client, "revops"), v2, "publish")
    assert "Charter v2 published." in published.content.decode()
    assert CharterVersion.objects.active() == CharterVersion.objects.get(number=2)
    assert CharterVersion.objects.get(number=1).state == "superseded"


def test_the_diff_shows_a_real_change_field_by_field(client, v1):
    as_user(client, "revops")
    client.post(reverse("admin:charter_new_draft"), {"based_on": v1.pk})
    v2 = CharterVersion.objects.get(number=2)
    policy = v2.policies.get(code="sdr_first_touch_t1")
    client.post(
        reverse("admin:charter_policy_change", args=[policy.pk]),
        policy_form(policy, target_amount=10, name="SDR first touch — Tier 1 (calibrated)"),
    )
    client.post(
        reverse("admin:charter_reasoncode_delete", args=[v2.reason_codes.get(code="REJ-07").pk]),
        {"post": "yes"},
    )

    page = client.get(
        reverse("admin:charter_version_compare", args=[v2.pk]), {"with": v1.pk}
    ).content.decode()

    assert "Changes from v1 to v2" in page
    assert "<td>target</td><td>5</td><td>10</td>" in page
    assert "SDR first touch — Tier 1 (calibrated)" in page
    assert "<td>Removed</td><td>REJ-07 Outside current territory coverage</td>" in page
    assert page.count("<td>Changed</td>") == 1


def test_buttons_follow_the_role_and_refusals_say_what_is_missing(client, v1):
    as_user(client, "revops").post(reverse("admin:charter_new_draft"), {"based_on": v1.pk})
    v2 = CharterVersion.objects.get(number=2)
    page = reverse("admin:charter_charterversion_change", args=[v2.pk])

    refused = act(client, v2, "submit")
    assert "Missing: change notes saying what this version changes." in refused.content.decode()
    with editing_as(User.objects.get(username="revops")):
        v2.change_notes = "Quarterly calibration"
        v2.save()
    act(client, v2, "submit")

    revops_page = as_user(client, "revops").get(page).content.decode()
    leader_page = as_user(client, "vpsales").get(page).content.decode()
    sdr_page = as_user(client, "sdr1").get(page)

    assert ">Publish</button>" in revops_page
    assert ">Sign off</button>" not in revops_page
    assert ">Sign off</button>" in leader_page
    assert ">Publish</button>" not in leader_page
    assert sdr_page.status_code == 302  # not staff: back to the admin login


def test_version_list_query_count_is_constant(client, v1, django_assert_max_num_queries):
    as_user(client, "revops")
    for _ in range(3):
        client.post(reverse("admin:charter_new_draft"), {"based_on": v1.pk})

    with django_assert_max_num_queries(10):
        assert client.get(reverse("admin:charter_charterversion_changelist")).status_code == 200


def test_revops_starts_an_empty_draft_from_the_version_list(client, v1):
    as_user(client, "revops")

    listing = client.get(reverse("admin:charter_charterversion_changelist")).content.decode()
    response = client.post(reverse("admin:charter_new_draft"), follow=True)

    assert ">New empty draft</button>" in listing
    draft = CharterVersion.objects.get(number=2)
    assert (draft.state, draft.based_on, draft.policies.count()) == ("draft", None, 0)
    assert response.status_code == 200
