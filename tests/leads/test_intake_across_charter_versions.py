"""Intake keeps working when the charter changes under it, and says so when there is none."""

import pytest

from leads.models import IntentAction, Lead
from slaportal.charter import services as charter
from slaportal.charter.in_force import forget
from slaportal.charter.models import CharterVersion, ScoringSignal, editing_as

pytestmark = pytest.mark.django_db


def test_no_charter_in_force_is_a_503_that_says_what_to_do(client, integration_without_charter):
    response = client.post(
        "/api/v1/leads",
        {"email": "dana@acme.example", "action": "demo_request"},
        content_type="application/json",
        **integration_without_charter,
    )

    assert response.status_code == 503
    assert "RevOps must publish one" in response.json()["detail"]
    assert not Lead.objects.exists()


@pytest.fixture
def integration_without_charter(django_user_model):
    from slaportal.api.models import ApiToken, Scope

    revops = django_user_model.objects.create(username="revops")
    _, key = ApiToken.issue(name="Forms", scopes=[Scope.LEADS_INTAKE], created_by=revops)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_lead_whose_action_a_later_charter_dropped_is_still_taken_in(post, org, now):
    post(action="webinar_live", external_id="map-1")
    v1 = CharterVersion.objects.active()
    v2 = charter.start_draft(org["revops"], based_on=v1, change_notes="Webinars no longer count")
    with editing_as(org["revops"]):
        ScoringSignal.objects.filter(version=v2, code="webinar_live").delete()
    charter.submit_for_review(v2, org["revops"])
    for leader in ("vpmarketing", "sdrmgr", "vpsales"):
        charter.sign_off(v2, org[leader])
    charter.publish(v2, org["revops"])
    forget()

    response = post(action="case_study", external_id="map-1")

    assert response.status_code == 200
    lead = Lead.objects.get()
    assert set(IntentAction.objects.values_list("code", flat=True)) == {
        "webinar_live",
        "case_study",
    }
    assert lead.charter_version == v2
    assert "webinar_live" not in dict(
        ScoringSignal.objects.filter(version=v2).values_list("code", "points")
    )
