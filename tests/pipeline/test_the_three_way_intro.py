"""The SDR's three-way intro e-mail introduces the SQL's AE: each one is the lead's intro (it
stops the intro clock), and only an SQL has one to send."""

from datetime import timedelta

import pytest

from leads.models import Activity, Lead
from slaportal.events import Event
from slaportal.events.models import EventRecord
from tests.leads.conftest import TUESDAY_10AM_NY

pytestmark = pytest.mark.django_db

INTRO = {"channel": "email", "outcome": "sent", "purpose": "intro"}


def send(client, lead, body):
    return client.post(f"/api/v1/leads/{lead.pk}/activities", body, content_type="application/json")


def test_every_intro_is_the_leads(client, sql, org, now):
    """The latest is on the lead; each is published (an SQL the AE sent back and re-qualified
    has its own intro to send)."""
    client.force_login(org["sdr1"])

    first = send(client, sql, INTRO)
    now.shift(3600)
    second = send(client, sql, INTRO)

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["purpose"] == "intro"
    assert Lead.objects.get().intro_sent_at == TUESDAY_10AM_NY + timedelta(hours=1)
    intros = EventRecord.objects.filter(name=Event.LEAD_INTRO_SENT).order_by("id")
    assert [(i.subject_id, i.actor, i.occurred_at) for i in intros] == [
        (sql.pk, org["sdr1"], TUESDAY_10AM_NY),
        (sql.pk, org["sdr1"], TUESDAY_10AM_NY + timedelta(hours=1)),
    ]
    assert Activity.objects.filter(purpose="intro").count() == 2


def test_a_touch_is_not_an_intro(client, sql, org):
    client.force_login(org["sdr1"])

    response = send(client, sql, {"channel": "email", "outcome": "sent"})

    assert response.json()["purpose"] == "touch"
    assert Lead.objects.get().intro_sent_at is None
    assert not EventRecord.objects.filter(name=Event.LEAD_INTRO_SENT).exists()


def test_a_lead_that_is_not_an_sql_has_no_ae_to_introduce(client, mql, org):
    client.force_login(org["sdr1"])

    response = send(client, mql, INTRO)

    assert response.status_code == 409
    assert response.json()["unmet"] == ["an SQL with its AE (the lead is MQL)"]
    assert not Activity.objects.exists()
    assert not EventRecord.objects.filter(name=Event.LEAD_INTRO_SENT).exists()


def test_an_intro_is_an_email(client, sql, org):
    client.force_login(org["sdr1"])

    response = send(client, sql, {**INTRO, "channel": "call", "outcome": "connected"})

    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == ["purpose"]
    assert not Activity.objects.exists()
