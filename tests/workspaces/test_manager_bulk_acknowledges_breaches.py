"""A manager ticks several breaches and acknowledges them at once: each in its own
transaction, the page saying how many were acknowledged and which were refused and why."""

import pytest
from django.urls import reverse

from escalations import services

pytestmark = pytest.mark.django_db


def test_several_breaches_acknowledged_at_once(client, org, unanswered):
    breaches = unanswered(3)
    client.force_login(org["sdrmgr"])

    response = client.post(
        reverse("manager-acknowledge-selected"),
        {"breach": [b.pk for b in breaches]},
        headers={"HX-Request": "true"},
    )

    assert "3 of 3 breaches acknowledged." in response.content.decode()
    for breach in breaches:
        breach.refresh_from_db()
        assert (breach.status, breach.acknowledged_by) == ("acknowledged", org["sdrmgr"])


def test_one_already_acknowledged_is_reported_and_the_others_go_through(client, org, unanswered):
    handled, *others = unanswered(3)
    services.acknowledge(handled, org["vpsales"])
    client.force_login(org["sdrmgr"])

    response = client.post(
        reverse("manager-acknowledge-selected"),
        {"breach": [b.pk for b in (handled, *others)]},
        follow=True,
    )

    page = response.content.decode()
    assert "2 of 3 breaches acknowledged." in page
    assert f"(#{handled.pk}): The breach cannot be acknowledged now." in page
    handled.refresh_from_db()
    assert handled.acknowledged_by == org["vpsales"]
    for breach in others:
        breach.refresh_from_db()
        assert breach.acknowledged_by == org["sdrmgr"]


def test_nothing_ticked_acknowledges_nothing(client, org, unanswered):
    unanswered(1)
    client.force_login(org["sdrmgr"])

    response = client.post(reverse("manager-acknowledge-selected"), headers={"HX-Request": "true"})

    assert "Tick the breaches to acknowledge." in response.content.decode()
