"""Another AE may not see the opportunity: its page and every action are 404, changing nothing."""

import pytest

from pipeline.models import NextStep, Opportunity

pytestmark = pytest.mark.django_db

ACTIONS = {
    "next_step": {"action": "Send the SOC 2 report to Lee", "due_date": "2026-03-06"},
    "forecast": {"amount": "99000", "close_date": "2026-04-01"},
    "advance": {},
    "win": {},
    "lose": {"reason_code": "WL-BUDGET", "feedback": "No budget this year"},
    "touch": {"channel": "call", "outcome": "connected"},
    "meeting": {
        "kind": "demo",
        "starts_at": "2026-03-05T10:00",
        "meeting_url": "https://m.example/x",
    },
}


@pytest.fixture
def other_ae(opportunity, as_user):
    return as_user("ae2" if opportunity.owner.username == "ae1" else "ae1")


def test_another_ae_gets_404_on_the_page(opportunity, other_ae):
    assert other_ae.get(f"/opportunities/{opportunity.pk}/").status_code == 404


@pytest.mark.parametrize("action", ACTIONS)
def test_another_ae_gets_404_on_each_action_and_nothing_changes(opportunity, other_ae, action):
    response = other_ae.post(f"/opportunities/{opportunity.pk}/{action}/", ACTIONS[action])

    assert response.status_code == 404
    unchanged = Opportunity.objects.get()
    assert (unchanged.stage, unchanged.amount) == (opportunity.stage, opportunity.amount)
    assert not NextStep.objects.exists()
    assert not unchanged.activities.exists()
    assert not unchanged.meetings.exists()


def test_an_sdr_gets_404_too(opportunity, as_user):
    assert as_user("sdr1").get(f"/opportunities/{opportunity.pk}/").status_code == 404
