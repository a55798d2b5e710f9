"""A dialer logs each touch for the rep who made it (`rep`, a username): the touch and its
events are the rep's. Only an integration names a rep; a person's touch is their own."""

import pytest

from leads.models import Activity
from slaportal.api.models import ApiToken, Scope
from slaportal.events import Event
from slaportal.events.models import EventRecord

pytestmark = pytest.mark.django_db

CALL = {"channel": "call", "outcome": "voicemail"}


@pytest.fixture
def dialer(org):
    _, key = ApiToken.issue(
        name="Dialer", scopes=[Scope.ACTIVITIES_WRITE], created_by=org["revops"]
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def log(client, lead, body, **headers):
    return client.post(
        f"/api/v1/leads/{lead.pk}/activities", body, content_type="application/json", **headers
    )


def test_the_touch_is_the_named_reps(client, mql, org, dialer):
    response = log(client, mql, {**CALL, "rep": "sdr1"}, **dialer)

    assert response.status_code == 201, response.content
    assert response.json()["actor"] == "sdr1"
    assert Activity.objects.get().actor == org["sdr1"]
    assert EventRecord.objects.get(name=Event.LEAD_ACTIVITY_LOGGED).actor == org["sdr1"]


def test_without_a_rep_the_dialers_touch_is_nobodys(client, mql, dialer):
    response = log(client, mql, CALL, **dialer)

    assert response.json()["actor"] is None
    assert Activity.objects.get().actor is None


@pytest.mark.parametrize("username", ["nobody", "sdr2"], ids=["unknown", "inactive"])
def test_a_rep_who_is_not_an_active_user_is_refused(client, mql, org, dialer, username):
    org["sdr2"].is_active = False
    org["sdr2"].save()

    response = log(client, mql, {**CALL, "rep": username}, **dialer)

    assert response.status_code == 404
    assert (
        response.json()["detail"] == f"No active user is named “{username}”: the rep must be one."
    )
    assert not Activity.objects.exists()


def test_a_person_cannot_log_a_touch_as_someone_else(client, mql, org):
    client.force_login(org["sdr1"])

    response = log(client, mql, {**CALL, "rep": "sdr2"})

    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"][-1] == "rep"
    assert "a person's touch is their own" in error["msg"]
    assert not Activity.objects.exists()
