"""Someone a breach was not addressed to cannot handle it: another team's manager does not
even see it (404), the rep who owns it may not open a manager's page (403), one-by-one or in
bulk; nothing changes."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("username", "status"), [("aemgr", 404), ("sdr1", 403), ("sdr2", 403), ("mops", 403)]
)
@pytest.mark.parametrize("action", ["acknowledge", "resolve"])
def test_the_action_is_refused_and_nothing_changes(
    client, org, unanswered, username, status, action
):
    (breach,) = unanswered(1)
    client.force_login(org[username])

    response = client.post(
        reverse("manager-breach-action", args=[breach.pk, action]), {"root_cause": "Not mine"}
    )

    assert response.status_code == status
    breach.refresh_from_db()
    assert (breach.status, breach.acknowledged_at, breach.root_cause) == ("open", None, "")


def test_another_teams_breach_in_a_bulk_acknowledgement_changes_nothing(client, org, unanswered):
    (breach,) = unanswered(1)
    client.force_login(org["aemgr"])

    response = client.post(
        reverse("manager-acknowledge-selected"),
        {"breach": [breach.pk]},
        headers={"HX-Request": "true"},
    )

    assert "Nothing was acknowledged." in response.content.decode()
    breach.refresh_from_db()
    assert breach.status == "open"


def test_a_manager_page_is_forbidden_to_a_rep(client, org):
    client.force_login(org["sdr1"])

    assert client.get(reverse("manager-board")).status_code == 403
    assert client.get(reverse("workspace", args=["sdr_manager"])).status_code == 403
