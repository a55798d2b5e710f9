"""A disposition is a code of the charter's disposition taxonomy, with call notes: the lead keeps
the latest, the event log every one (it stops the disposition clock); an unknown code is a 422
listing the charter's codes."""

import pytest

from leads.models import Lead
from slaportal.api.models import ApiToken, Scope
from slaportal.events import Event
from slaportal.events.models import EventRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def dialer(org):
    _, key = ApiToken.issue(
        name="Dialer", scopes=[Scope.ACTIVITIES_WRITE], created_by=org["revops"]
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def dispose(client, lead, body, headers):
    return client.post(
        f"/api/v1/leads/{lead.pk}/disposition", body, content_type="application/json", **headers
    )


def test_the_dialer_sets_a_disposition_with_its_notes(client, mql, dialer):
    body = {
        "code": "DISP-CALLBACK",
        "notes": "https://dialer.example/recordings/8812",
        "occurred_at": "2026-03-03T09:59:00-05:00",
    }

    response = dispose(client, mql, body, dialer)

    assert response.status_code == 201, response.content
    assert response.json()["disposition"] == "DISP-CALLBACK"
    lead = Lead.objects.get()
    assert (lead.disposition, lead.disposition_notes) == ("DISP-CALLBACK", body["notes"])
    assert lead.disposition_at.isoformat() == "2026-03-03T14:59:00+00:00"
    record = EventRecord.objects.get(name=Event.LEAD_DISPOSITION_SET)
    assert (record.subject_id, record.data["code"]) == (mql.pk, "DISP-CALLBACK")
    assert record.occurred_at == lead.disposition_at


def test_the_latest_disposition_is_the_leads(client, mql, dialer):
    dispose(client, mql, {"code": "DISP-NO-ANSWER"}, dialer)
    dispose(client, mql, {"code": "DISP-MEETING-SET"}, dialer)

    assert Lead.objects.get().disposition == "DISP-MEETING-SET"
    assert [
        r.data["code"] for r in EventRecord.objects.filter(name=Event.LEAD_DISPOSITION_SET)
    ] == [
        "DISP-NO-ANSWER",
        "DISP-MEETING-SET",
    ]


def test_a_code_the_charter_does_not_know_is_refused_listing_its_codes(client, mql, dialer):
    response = dispose(client, mql, {"code": "REJ-01"}, dialer)

    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"][-1] == "code"
    assert "DISP-CALLBACK" in error["msg"]
    assert Lead.objects.get().disposition == ""
    assert not EventRecord.objects.filter(name=Event.LEAD_DISPOSITION_SET).exists()
