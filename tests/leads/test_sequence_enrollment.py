"""The sequencer enrols a lead in a sequence: the lead says which and since when, dated by the
sequencer, and the enrolment is in the event log (it stops the lead's enrolment clock)."""

import pytest

from leads.models import Lead
from slaportal.api.models import ApiToken, Scope
from slaportal.events import Event
from slaportal.events.models import EventRecord
from tests.leads.conftest import TUESDAY_10AM_NY

pytestmark = pytest.mark.django_db


@pytest.fixture
def sequencer(org):
    _, key = ApiToken.issue(
        name="Sequencer", scopes=[Scope.ACTIVITIES_WRITE], created_by=org["revops"]
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def enroll(client, lead, body, **headers):
    return client.post(
        f"/api/v1/leads/{lead.pk}/sequence", body, content_type="application/json", **headers
    )


def test_the_sequencer_enrols_the_lead_at_its_own_time(client, mql, sequencer):
    body = {"sequence": "Tier 1 — inbound demo", "occurred_at": "2026-03-03T09:59:00-05:00"}

    response = enroll(client, mql, body, **sequencer)

    assert response.status_code == 201, response.content
    assert response.json()["sequence"] == "Tier 1 — inbound demo"
    lead = Lead.objects.get()
    assert lead.sequence_enrolled_at.isoformat() == "2026-03-03T14:59:00+00:00"
    enrolled = EventRecord.objects.get(name=Event.LEAD_SEQUENCE_ENROLLED)
    assert (enrolled.subject_type, enrolled.subject_id) == ("lead", mql.pk)
    assert enrolled.occurred_at == lead.sequence_enrolled_at
    assert enrolled.data["sequence"] == "Tier 1 — inbound demo"
    assert enrolled.actor is None


def test_a_person_enrolling_is_dated_by_the_server(client, mql, org):
    client.force_login(org["sdr1"])

    response = enroll(
        client, mql, {"sequence": "Tier 1", "occurred_at": "2026-03-02T09:00:00-05:00"}
    )

    assert response.status_code == 201
    assert Lead.objects.get().sequence_enrolled_at == TUESDAY_10AM_NY
    assert EventRecord.objects.get(name=Event.LEAD_SEQUENCE_ENROLLED).actor == org["sdr1"]
