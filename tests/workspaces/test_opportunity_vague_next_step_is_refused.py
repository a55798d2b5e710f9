"""A next step says who does what: "follow up" is refused with the reason, and nothing is kept."""

import pytest

from pipeline.models import NextStep

pytestmark = pytest.mark.django_db


def test_a_vague_next_step_is_refused_with_the_reason(opportunity, as_user):
    client = as_user(opportunity.owner.username)

    response = client.post(
        f"/opportunities/{opportunity.pk}/next_step/",
        {"action": "follow up", "due_date": "2026-03-06"},
        follow=True,
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/opportunities/{opportunity.pk}/"
    assert "That is not a next step. Missing: a specific action (who does what)" in page
    assert not NextStep.objects.exists()


def test_a_specific_next_step_is_logged(opportunity, as_user):
    client = as_user(opportunity.owner.username)

    page = client.post(
        f"/opportunities/{opportunity.pk}/next_step/",
        {"action": "Send the SOC 2 report to Lee", "due_date": "2026-03-06"},
        follow=True,
    ).content.decode()

    assert "Next step logged: Send the SOC 2 report to Lee (due Fri 6 Mar)." in page
    assert NextStep.objects.get().action == "Send the SOC 2 report to Lee"
