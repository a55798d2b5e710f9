"""A manager acknowledges a breach of their team and resolves it with its root cause, in place
(htmx) or by a plain form post; resolving without a root cause is refused, saying so, and
changes nothing."""

import pytest
from django.urls import reverse

from escalations.models import Breach

pytestmark = pytest.mark.django_db


def act(client, breach, action, *, htmx=False, follow=False, **body):
    return client.post(
        reverse("manager-breach-action", args=[breach.pk, action]),
        body,
        headers={"HX-Request": "true"} if htmx else {},
        follow=follow,
    )


def test_acknowledge_then_resolve_with_a_root_cause(client, org, unanswered):
    (breach,) = unanswered(1)
    client.force_login(org["sdrmgr"])

    response = act(client, breach, "acknowledge", htmx=True)
    assert response.status_code == 200
    assert "acknowledged." in response.content.decode()
    assert 'data-testid="breaches"' in response.content.decode()  # the list, re-rendered
    breach.refresh_from_db()
    assert (breach.status, breach.acknowledged_by) == ("acknowledged", org["sdrmgr"])

    response = act(client, breach, "resolve", root_cause="Dialer was offline all morning")
    assert response.status_code == 302  # no htmx: back to the list with a message
    breach.refresh_from_db()
    assert (breach.status, breach.resolved_by, breach.root_cause) == (
        "resolved",
        org["sdrmgr"],
        "Dialer was offline all morning",
    )


def test_resolving_without_a_root_cause_is_refused_and_says_why(client, org, unanswered):
    (breach,) = unanswered(1)
    client.force_login(org["sdrmgr"])

    response = act(client, breach, "resolve", root_cause="  ", htmx=True)

    page = response.content.decode()
    assert "The breach cannot be resolved yet." in page
    assert "a root cause: what made it happen" in page
    breach.refresh_from_db()
    assert (breach.status, breach.root_cause, breach.resolved_at) == ("open", "", None)


def test_a_second_acknowledgement_is_refused_with_the_reason(client, org, unanswered):
    (breach,) = unanswered(1)
    client.force_login(org["sdrmgr"])
    act(client, breach, "acknowledge")

    response = act(client, breach, "acknowledge", follow=True)

    assert "not possible while breach is Acknowledged" in response.content.decode()
    assert Breach.objects.get().acknowledged_by == org["sdrmgr"]
