"""A role-based address (info@, sales@) is an inquiry like any other: recorded with its action,
failing the "valid, personal email" MQL criterion with its sentence, and never routed."""

import pytest

from leads.models import IntentAction, Lead

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("email", ["info@acme.example", "Sales+eu@acme.example"])
def test_a_role_based_address_is_recorded_but_never_routed(post, email):
    response = post(email=email, external_id=None)

    assert response.status_code == 201
    lead = Lead.objects.get()
    assert (lead.state, lead.owner, lead.routed_at) == ("inquiry", None, None)
    assert lead.mql_criteria["email_valid"] == {
        "met": False,
        "detail": "a valid, personal email (role-based address)",
    }
    assert IntentAction.objects.filter(lead=lead, code="demo_request").exists()
    assert response.json()["owner"] is None


def test_a_malformed_address_is_refused(post):
    response = post(email="dana at acme")

    assert response.status_code == 422
    assert not Lead.objects.exists()
