"""In the admin, a stale draft says so on its page, offers "Rebase onto vN" (through the
rebase service), and Compare shows it against the latest published version by default."""

import pytest
from django.urls import reverse

from slaportal.charter.models import CharterVersion, Policy, editing_as
from slaportal.charter.services import start_draft

pytestmark = pytest.mark.django_db


def page(client, version):
    return client.get(reverse("admin:charter_charterversion_change", args=[version.pk]))


def rebase_in_admin(client, version):
    return client.post(
        reverse("admin:charter_version_act", args=[version.pk, "rebase"]), follow=True
    )


def test_the_stale_draft_page_warns_and_offers_the_rebase(client, revops, history):
    client.force_login(revops)

    html = page(client, history.v3).content.decode()

    assert "This draft was started from v1, but v2 is now the latest published" in html
    # Shown in the viewer's zone: RevOps chose none, so the company's.
    assert "(in force since 2026-03-03 10:00 EST)" in html
    assert ">Rebase onto v2</button>" in html
    compare = reverse("admin:charter_version_compare", args=[history.v3.pk])
    assert f'href="{compare}?with={history.v2.pk}">Compare with v2</a>' in html


def test_a_draft_on_the_latest_version_shows_no_warning(client, revops, history):
    client.force_login(revops)
    current = start_draft(revops, based_on=history.v2, change_notes="Up to date")

    html = page(client, current).content.decode()

    assert "latest published version" not in html
    assert "Rebase onto" not in html


def test_the_rebase_button_rebases_and_says_what_it_took(client, revops, history):
    client.force_login(revops)

    response = rebase_in_admin(client, history.v3)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse(
        "admin:charter_charterversion_change", args=[history.v3.pk]
    )
    assert "Charter v3 rebased onto v2 (took v2&#x27;s changes since v1: policy " in html
    assert CharterVersion.objects.get(pk=history.v3.pk).based_on == history.v2
    assert "Rebase onto" not in html


def test_a_conflicting_rebase_names_the_rows_in_the_admin(client, revops, history):
    client.force_login(revops)
    with editing_as(revops):
        Policy.objects.filter(version=history.v3, code="sdr_first_touch_t1").update(
            target_amount=15
        )

    html = rebase_in_admin(client, history.v3).content.decode()

    assert "Charter v3 cannot be rebased onto v2" in html
    assert "Missing: policy sdr_first_touch_t1 (v2 changed its target; this draft changed" in html
    assert CharterVersion.objects.get(pk=history.v3.pk).based_on == history.v1


def test_compare_defaults_to_the_latest_published_version(client, revops, history):
    client.force_login(revops)

    version_page = page(client, history.v3).content.decode()
    compare = client.get(reverse("admin:charter_version_compare", args=[history.v3.pk]))

    assert f'<option value="{history.v2.pk}" selected>v2 (published)</option>' in version_page
    assert compare.context["old"] == history.v2
    assert "Changes from v2 to v3" in compare.content.decode()
    # v3 lacks v2's change: compared with v2, publishing v3 would undo it.
    assert "<td>target</td><td>10</td><td>5</td>" in compare.content.decode()
    assert "the latest published version: what publishing v3 would change" in (
        compare.content.decode()
    )


def test_a_published_version_still_compares_with_its_base(client, revops, history):
    client.force_login(revops)

    compare = client.get(reverse("admin:charter_version_compare", args=[history.v2.pk]))

    assert compare.context["old"] == history.v1
