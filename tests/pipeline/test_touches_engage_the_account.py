"""Every touch, on a lead or on an opportunity, engages its account: the event is about the
account (its ABX clocks stop on it) and says which lead or opportunity was touched."""

import pytest

from slaportal.events import Event
from slaportal.events.models import EventRecord
from tests.pipeline.conftest import call

pytestmark = pytest.mark.django_db


def engaged():
    return [
        (record.subject_type, record.subject_id, record.actor_id, record.data)
        for record in EventRecord.objects.filter(name=Event.ACCOUNT_ENGAGED)
    ]


def test_a_touch_on_a_lead_engages_its_account(client, mql, org):
    client.force_login(org["sdr1"])

    client.post(
        f"/api/v1/leads/{mql.pk}/activities",
        {"channel": "linkedin", "outcome": "sent"},
        content_type="application/json",
    )

    ((subject, account, actor, data),) = engaged()
    assert (subject, account, actor) == ("account", mql.account_id, org["sdr1"].pk)
    assert (data["lead"], data["channel"]) == (mql.pk, "linkedin")


def test_a_touch_on_an_opportunity_engages_its_account(owner_client, opportunity):
    call(owner_client, opportunity, "post", "/activities", channel="email", outcome="sent")

    ((subject, account, actor, data),) = engaged()
    assert (subject, account, actor) == ("account", opportunity.account_id, opportunity.owner_id)
    assert (data["opportunity"], data["channel"]) == (opportunity.pk, "email")
