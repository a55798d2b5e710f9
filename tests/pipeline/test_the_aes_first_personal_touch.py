"""The AE's first personal contact after accepting the SQL, logged on the lead or on its
opportunity, by the AE or by a dialer naming the AE: the lead records the first, and the event
log has it once (it stops the AE's first-touch clock). Others' touches are not the AE's."""

import pytest

from leads.models import Lead
from slaportal.api.models import ApiToken, Scope
from slaportal.events import Event
from slaportal.events.models import EventRecord
from tests.leads.conftest import TUESDAY_10AM_NY
from tests.pipeline.conftest import call

pytestmark = pytest.mark.django_db

CALL = {"channel": "call", "outcome": "connected"}


def on_lead(client, lead, **headers):
    url = f"/api/v1/leads/{lead.pk}/activities"
    return client.post(url, CALL, content_type="application/json", **headers)


def ae_touches():
    return list(EventRecord.objects.filter(name=Event.LEAD_AE_TOUCHED))


def test_the_aes_touch_on_the_accepted_lead_is_the_first_contact_once(client, opportunity, now):
    client.force_login(opportunity.owner)

    on_lead(client, opportunity.lead)
    now.shift(600)
    on_lead(client, opportunity.lead)

    assert Lead.objects.get().ae_touched_at == TUESDAY_10AM_NY
    (touched,) = ae_touches()
    assert (touched.subject_type, touched.subject_id) == ("lead", opportunity.lead_id)
    assert (touched.actor, touched.occurred_at) == (opportunity.owner, TUESDAY_10AM_NY)


def test_the_owners_touch_on_the_opportunity_is_the_first_contact(owner_client, opportunity):
    response = call(owner_client, opportunity, "post", "/activities", **CALL)

    assert response.status_code == 201
    (touched,) = ae_touches()
    assert (touched.subject_id, touched.actor) == (opportunity.lead_id, opportunity.owner)
    assert Lead.objects.get().ae_touched_at == TUESDAY_10AM_NY


def test_a_dialer_naming_the_ae_makes_it_the_aes_touch(client, opportunity, org):
    _, key = ApiToken.issue(
        name="Dialer", scopes=[Scope.ACTIVITIES_WRITE], created_by=org["revops"]
    )

    response = client.post(
        f"/api/v1/opportunities/{opportunity.pk}/activities",
        {**CALL, "rep": opportunity.owner.username, "occurred_at": "2026-03-03T09:59:00-05:00"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )

    assert response.status_code == 201, response.content
    assert response.json()["actor"] == opportunity.owner.username
    (touched,) = ae_touches()
    assert touched.actor == opportunity.owner
    assert touched.occurred_at.isoformat() == "2026-03-03T14:59:00+00:00"


def test_the_sdrs_touch_is_not_the_aes(client, opportunity, org):
    client.force_login(org["sdr1"])

    on_lead(client, opportunity.lead)

    assert ae_touches() == []
    assert Lead.objects.get().ae_touched_at is None


def test_the_aes_touch_before_accepting_is_not_the_first_contact(client, sql, org):
    client.force_login(org[sql.ae.username])

    assert on_lead(client, sql).status_code == 201
    assert ae_touches() == []
    assert Lead.objects.get().ae_touched_at is None
